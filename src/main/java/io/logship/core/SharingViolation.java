package io.logship.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.sun.nio.file.ExtendedOpenOption;

/**
 * Windows' sharing violation: another process holds the file without sharing it. The JDK reports it
 * as a plain {@link FileSystemException} whose reason is the system's message for
 * ERROR_SHARING_VIOLATION, in the language of Windows ("Der Prozess kann nicht auf die Datei
 * zugreifen, da sie von einem anderen Prozess verwendet wird"). So the message of this system is
 * learned once, from a sharing violation logship causes on a temporary file of its own; the English
 * one is known without learning.
 */
public final class SharingViolation {

    /** The reason on an English Windows (the JDK drops the message's final full stop). */
    static final String ENGLISH = "The process cannot access the file because it is being used by another process";

    private final String learned;
    private final boolean windows;

    /**
     * @param learned this system's reason for a sharing violation, or null when it could not be learned
     * @param windows whether files here can refuse to be shared (only Windows has sharing violations)
     */
    SharingViolation(String learned, boolean windows) {
        this.learned = learned == null ? null : learned.strip();
        this.windows = windows;
    }

    private static final class ThisSystem {
        static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");
        static final SharingViolation INSTANCE = new SharingViolation(
                WINDOWS ? provoke(Path.of(System.getProperty("java.io.tmpdir"))) : null, WINDOWS);
    }

    /** The sharing violation of this system, its message learned on first use. */
    public static SharingViolation thisSystem() {
        return ThisSystem.INSTANCE;
    }

    /** Whether this system's message for a sharing violation is known (always on an English Windows). */
    public boolean learned() {
        return learned != null;
    }

    /**
     * True for a sharing violation: a plain FileSystemException (access denied and a missing file have
     * their own classes) whose reason is this system's message for it, or the English one.
     */
    public boolean matches(Throwable failure) {
        if (!plain(failure)) {
            return false;
        }
        String reason = ((FileSystemException) failure).getReason().strip();
        return reason.equals(ENGLISH) || reason.equals(learned);
    }

    /**
     * Whether an open that refuses to share writing failed because another handle may write: a sharing
     * violation, or, where this system's message could not be learned, any plain FileSystemException
     * (better a file waits, counted as in use, than one still being written ships).
     */
    public boolean refusedExclusiveOpen(FileSystemException failure) {
        return matches(failure) || (windows && learned == null && plain(failure));
    }

    private static boolean plain(Throwable failure) {
        return failure instanceof FileSystemException fs && !(failure instanceof AccessDeniedException)
                && !(failure instanceof NoSuchFileException) && fs.getReason() != null;
    }

    /**
     * This system's reason for a sharing violation, from one provoked in {@code dir}: a temporary file
     * held open for writing, then opened for reading refusing to share writing. Null when no sharing
     * violation came of it (not Windows, or the folder is not writable).
     */
    static String provoke(Path dir) {
        Path file;
        try {
            file = Files.createTempFile(dir, "logship-sharing-", ".tmp");
        } catch (IOException | RuntimeException e) {
            return null;
        }
        try (FileChannel writer = FileChannel.open(file, StandardOpenOption.WRITE)) {
            try (FileChannel refusing = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.NOSHARE_WRITE)) {
                return null;
            } catch (FileSystemException e) {
                return plain(e) ? e.getReason() : null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover empty temporary file; the system's temp cleanup takes it
            }
        }
    }
}
