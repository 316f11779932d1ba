package io.logship.ship;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.logship.core.SharingViolationTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Windows in-use probe on a German server: a log its writer still holds is not taken. */
class ExclusiveOpenProbeTest {

    private static final Path LOG = Path.of("trans-20260605-0555.log");

    @Test
    void aFileItsWriterHoldsIsInUseInTheLanguageOfWindows() {
        AtomicInteger opens = new AtomicInteger();
        ExclusiveOpenProbe probe = new ExclusiveOpenProbe(SharingViolationTest.german(), file -> {
            opens.incrementAndGet();
            throw new FileSystemException(file.toString(), null, SharingViolationTest.GERMAN);
        });
        Predicate<Path> look = probe.look(Path.of("."));
        assertTrue(look.test(LOG));
        assertTrue(look.test(LOG));
        assertEquals(1, opens.get(), "probed once per look");
    }

    @Test
    void aFileNoOneWritesOrThatCannotBeReadIsNotInUse() {
        assertFalse(new ExclusiveOpenProbe(SharingViolationTest.german(), file -> { }).heldForWriting(LOG));
        // the attempt reads it, fails and quarantines it after its attempts
        assertFalse(new ExclusiveOpenProbe(SharingViolationTest.german(), file -> {
            throw new AccessDeniedException(file.toString());
        }).heldForWriting(LOG));
        assertFalse(new ExclusiveOpenProbe(SharingViolationTest.german(), file -> {
            throw new FileSystemException(file.toString(), null, SharingViolationTest.NOT_READY);
        }).heldForWriting(LOG));
    }
}
