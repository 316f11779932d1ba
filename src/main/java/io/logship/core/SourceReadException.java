package io.logship.core;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The local file could not be read (or had vanished): a failure of that file, not of the NAS. */
public class SourceReadException extends IOException {

    private final boolean vanished;

    public SourceReadException(Path file, IOException cause) {
        super((cause instanceof NoSuchFileException ? "vanished before it was shipped: "
                : sharingViolation(cause) ? "in use by another process: " : "cannot be read: ")
                + file + " (" + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")", cause);
        this.vanished = cause instanceof NoSuchFileException;
    }

    public boolean vanished() {
        return vanished;
    }

    /**
     * True for Windows' sharing violation (another process holds the file without sharing it), which
     * the JDK reports as a plain FileSystemException with the system's message, in its language
     * ({@link SharingViolation}). Access denied is not one: that file stays unreadable and is quarantined.
     */
    public static boolean sharingViolation(Throwable failure) {
        return SharingViolation.thisSystem().matches(failure);
    }
}
