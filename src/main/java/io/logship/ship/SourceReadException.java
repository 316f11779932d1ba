package io.logship.ship;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The local file could not be read (or had vanished): a failure of that file, not of the NAS. */
public class SourceReadException extends IOException {

    private final boolean vanished;

    public SourceReadException(Path file, IOException cause) {
        super((cause instanceof NoSuchFileException ? "vanished before it was shipped: " : "cannot be read: ")
                + file + " (" + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")", cause);
        this.vanished = cause instanceof NoSuchFileException;
    }

    public boolean vanished() {
        return vanished;
    }
}
