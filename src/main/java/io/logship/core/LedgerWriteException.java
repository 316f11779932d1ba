package io.logship.core;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * The audit ledger could not be written (volume full, permissions): logship's own failure, not the
 * file's. The message names the ledger folder, the OS error and what to fix.
 */
public class LedgerWriteException extends IOException {

    public LedgerWriteException(Path dir, IOException cause) {
        super("ledger " + dir + " not writable: " + reason(cause)
                + ": free space on its volume or fix its permissions (logship.ledger.dir)", cause);
    }

    /** The OS's words ("No space left on device"), without the path the message already names. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName() + " " + fs.getFile();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
