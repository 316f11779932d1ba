package io.logship.core;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sharing violation is recognised in the language of Windows, not by its English message. */
public class SharingViolationTest {

    /** What the JDK says on a German Windows (FormatMessage of ERROR_SHARING_VIOLATION, final full stop dropped). */
    public static final String GERMAN = "Der Prozess kann nicht auf die Datei zugreifen, da sie von einem anderen Prozess verwendet wird";
    public static final String NOT_READY = "Das Gerät ist nicht bereit";

    /** A German Windows whose message was learned at start. */
    public static SharingViolation german() {
        return new SharingViolation(GERMAN, true);
    }

    private static FileSystemException plain(String reason) {
        return new FileSystemException("D:\\ERP\\TransLogs\\trans.log", null, reason);
    }

    @Test
    void theLearnedMessageOfThisSystemIsASharingViolation() {
        SharingViolation german = new SharingViolation(GERMAN + "\r\n", true);
        assertTrue(german.matches(plain(GERMAN)));
        assertTrue(german.matches(plain(SharingViolation.ENGLISH)), "the English one needs no learning");
        assertFalse(german.matches(plain(NOT_READY)), "another error of the file is not one");
        // access denied and a vanished file have their own classes, whatever their text
        assertFalse(german.matches(new AccessDeniedException("f", null, GERMAN)));
        assertFalse(german.matches(new NoSuchFileException("f", null, GERMAN)));
        assertFalse(german.matches(new java.io.IOException(GERMAN)));
    }

    @Test
    void withoutItsMessageAGermanSharingViolationIsNotRecognised() {
        // what the English-only check did on every non-English server
        assertFalse(new SharingViolation(null, true).matches(plain(GERMAN)));
    }

    @Test
    void anExclusiveOpenIsRefusedBySharingViolationsOnly() {
        SharingViolation german = german();
        assertTrue(german.refusedExclusiveOpen(plain(GERMAN)));
        assertFalse(german.refusedExclusiveOpen(plain(NOT_READY)), "tried, and quarantined after its attempts if it persists");
    }

    @Test
    void whereTheMessageCouldNotBeLearnedEveryPlainFailureOfTheOpenCountsAsInUse() {
        // better a file waits, counted in logship_source_files_in_use, than one still being written ships
        SharingViolation unknown = new SharingViolation(null, true);
        assertTrue(unknown.refusedExclusiveOpen(plain(GERMAN)));
        assertTrue(unknown.refusedExclusiveOpen(plain(NOT_READY)));
        assertFalse(unknown.refusedExclusiveOpen(new AccessDeniedException("f")));
        assertFalse(unknown.refusedExclusiveOpen(new NoSuchFileException("f")));
    }

    @Test
    void onLinuxNothingIsLearnedAndNoFileIsRefused() {
        assertFalse(SharingViolation.thisSystem().learned());
        assertFalse(new SharingViolation(null, false).refusedExclusiveOpen(plain(NOT_READY)));
    }
}
