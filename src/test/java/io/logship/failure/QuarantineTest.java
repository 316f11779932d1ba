package io.logship.failure;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuarantineTest {

    @TempDir
    Path source;

    @TempDir
    Path dir;

    private QuarantineRecord record(String name, Path original) {
        return new QuarantineRecord(name, original.toString(), 3L, null, 5, "2026-11-24T10:00:00Z",
                "2026-11-24T10:00:04Z", "name_rejected", "rejected", "erp01", "2026-11-24T10:00:04Z");
    }

    @Test
    void neverOverwritesAndReplayPutsTheFileBackWithItsTimeStamp() throws Exception {
        Quarantine q = new Quarantine(dir);
        Path first = Files.writeString(source.resolve("trans.log.1"), "one");
        FileTime stamp = FileTime.from(Instant.parse("2026-11-20T08:00:00Z"));
        Files.setLastModifiedTime(first, stamp);
        Path r1 = q.quarantine(first, name -> record(name, first));
        Path second = Files.writeString(source.resolve("trans.log.1"), "two");
        Path r2 = q.quarantine(second, name -> record(name, second));

        assertEquals(2, q.records().size());
        assertEquals(2, q.files().size());
        assertEquals("one", Files.readString(dir.resolve("trans.log.1")));
        String secondName = q.read(r2).file();
        assertTrue(secondName.startsWith("trans.log.1."), secondName);
        assertEquals("two", Files.readString(dir.resolve(secondName)));

        String line = q.replay(r1, source);
        assertEquals("put trans.log.1 back as " + source.resolve("trans.log.1"), line);
        assertEquals(stamp, Files.getLastModifiedTime(source.resolve("trans.log.1")));
        assertFalse(Files.exists(r1));
        // the second one would replace the first: refused, and both stay as they are
        assertThrows(FileAlreadyExistsException.class, () -> q.replay(r2, source));
        assertTrue(Files.exists(r2));
        assertEquals("one", Files.readString(source.resolve("trans.log.1")));
    }

    @Test
    void aRecordWithoutItsFileIsRemovedOnReplay() throws Exception {
        Quarantine q = new Quarantine(dir);
        Path gone = source.resolve("vanished.log");
        Path r = q.quarantine(gone, name -> record(name, gone));
        assertEquals(0, q.files().size());
        assertTrue(q.replay(r, source).startsWith("removed the record of " + gone));
        assertEquals(0, q.records().size());
    }
}
