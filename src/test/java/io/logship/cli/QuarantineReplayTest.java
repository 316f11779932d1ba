package io.logship.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.logship.failure.Quarantine;
import io.logship.failure.QuarantineRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuarantineReplayTest {

    @TempDir
    Path source;

    @TempDir
    Path deadletter;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private void quarantine(String name, String content) throws Exception {
        Path file = Files.writeString(source.resolve(name), content);
        new Quarantine(deadletter).quarantine(file, n -> new QuarantineRecord(n, file.toString(), 3L, null, 5,
                "2026-11-24T10:00:00Z", "2026-11-24T10:00:04Z", "name_rejected", "rejected", "erp01",
                "2026-11-24T10:00:04Z"));
    }

    private int replay(String... names) throws Exception {
        return new QuarantineReplay(deadletter, source)
                .replay(List.of(names), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void replaysOnlyTheNamedFilesAndKeepsTheOthers() throws Exception {
        quarantine("a.log", "one");
        quarantine("b.log", "two");

        assertEquals(0, replay("a.log"));

        assertEquals("one", Files.readString(source.resolve("a.log")));
        assertFalse(Files.exists(source.resolve("b.log")));
        assertEquals(1, new Quarantine(deadletter).records().size());
        assertTrue(out.toString().contains("logship: replayed 1, problems 0"), out.toString());
    }

    @Test
    void replaysEverythingWithoutNames() throws Exception {
        quarantine("a.log", "one");
        quarantine("b.log", "two");

        assertEquals(0, replay());

        assertEquals("one", Files.readString(source.resolve("a.log")));
        assertEquals("two", Files.readString(source.resolve("b.log")));
        assertEquals(0, new Quarantine(deadletter).records().size());
        assertEquals(List.of(), new Quarantine(deadletter).files());
        assertTrue(out.toString().contains("logship: replayed 2, problems 0"), out.toString());
    }

    @Test
    void aNameNotInTheQuarantineIsAProblemThatNamesTheFolder() throws Exception {
        quarantine("a.log", "one");

        assertEquals(1, replay("a.log", "missing.log"));

        assertEquals("one", Files.readString(source.resolve("a.log")));
        assertEquals("logship: missing.log is not in the quarantine " + deadletter + System.lineSeparator(),
                err.toString());
        assertTrue(out.toString().contains("logship: replayed 1, problems 1"), out.toString());
    }
}
