package io.logship.ship;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** This JVM's own open files, as /proc shows them: a writer's handle counts, a reader's does not. */
class ProcWriterScanTest {

    @TempDir
    Path dir;

    private final ProcWriterScan scan = new ProcWriterScan(Path.of("/proc"));

    @Test
    void aFileOpenForWritingIsInUseAndAFileOpenOnlyForReadingIsNot() throws Exception {
        Path written = Files.writeString(dir.resolve("trans-current.log"), "posted\n");
        Path read = Files.writeString(dir.resolve("trans-old.log"), "done\n");
        Path closed = Files.writeString(dir.resolve("trans-older.log"), "done\n");
        try (FileChannel writer = FileChannel.open(written, StandardOpenOption.APPEND);
                FileChannel reader = FileChannel.open(read, StandardOpenOption.READ)) {
            assertEquals(Set.of("trans-current.log"), scan.scan(dir.toRealPath()));
            var look = scan.look(dir);
            assertTrue(look.test(written));
            assertFalse(look.test(read));
            assertFalse(look.test(closed));
        }
        assertFalse(scan.look(dir).test(written), "closed: no longer in use");
    }

    @Test
    void aFileOpenForReadingAndWritingIsInUse() throws Exception {
        Path log = Files.writeString(dir.resolve("trans.log"), "posted\n");
        try (FileChannel rw = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertTrue(scan.look(dir).test(log));
        }
    }
}
