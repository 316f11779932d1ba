package io.logship.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import io.logship.core.LedgerWriteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditLedgerTest {

    @TempDir
    Path dir;

    @Test
    void appendsOneJsonLinePerFileAndFindsItByName() throws Exception {
        AuditLedger ledger = new AuditLedger(dir, 30);
        ledger.append(new AuditLedger.Entry("2026-11-24T10:00:00Z", "/logs/trans.log.1", 12, "ab", "//nas/logs/x/trans.log.1",
                "sha256", "shipped", 1, 40));
        ledger.append(new AuditLedger.Entry("2026-11-24T11:00:00Z", "/logs/trans.log.2", 13, "cd", "//nas/logs/x/trans.log.2",
                "sha256", "shipped", 3, 50));
        ledger.append(new AuditLedger.Entry("2026-11-24T12:00:00Z", "/logs/trans.log.1", 14, "ef",
                "//nas/logs/x/trans.log.1~ef0000000000", "size", "shipped_under_distinct_name", 1, 60));

        Path today = dir.resolve("ledger-" + LocalDate.now(ZoneOffset.UTC) + ".jsonl");
        List<String> lines = Files.readAllLines(today, StandardCharsets.UTF_8);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("{\"time\":\"2026-11-24T10:00:00Z\",\"source\":\"/logs/trans.log.1\",\"size\":12,"), lines.get(0));
        List<AuditLedger.Entry> found = new AuditLedger(dir, 30).find("trans.log.1");
        assertEquals(2, found.size());
        assertEquals("//nas/logs/x/trans.log.1~ef0000000000", found.get(1).nas());
        assertEquals(List.of(), ledger.find("trans.log.3"));
    }

    /** A name the NAS refuses ships under a look-alike (logship.nas.nameEncoding): found by either name. */
    @Test
    void findsAFileByItsNameOnTheNasToo() throws Exception {
        AuditLedger ledger = new AuditLedger(dir, 30);
        ledger.append(new AuditLedger.Entry("2026-11-24T10:00:00Z", "/logs/why?.log", 12, "ab", "//nas/logs/x/why？.log",
                "sha256", "shipped", 1, 40));
        assertEquals(ledger.find("why?.log"), ledger.find("why？.log"));
        assertEquals(1, ledger.find("why？.log").size());
        assertEquals(List.of(), ledger.find("x"));
    }

    @Test
    void aFailedWriteNamesTheLedgerAndTheOsErrorUntilTheNextWriteSucceeds() throws Exception {
        AuditLedger ledger = new AuditLedger(dir, 30);
        AuditLedger.Entry entry = new AuditLedger.Entry("t", "/logs/a", 1, "ab", "//nas/a", "sha256", "shipped", 1, 1);
        // today's file taken by a directory: every append fails as on a broken volume
        Path today = Files.createDirectory(dir.resolve("ledger-" + LocalDate.now(ZoneOffset.UTC) + ".jsonl"));
        LedgerWriteException e = assertThrows(LedgerWriteException.class, () -> ledger.append(entry));
        assertEquals("ledger " + dir + " not writable: Is a directory: free space on its volume or fix its"
                + " permissions (logship.ledger.dir)", e.getMessage());
        assertSame(e, ledger.failure());
        Files.delete(today);
        ledger.append(entry);
        assertNull(ledger.failure());
        assertEquals(1, ledger.find("a").size());
    }

    @Test
    void ledgerFilesOlderThanTheRetentionGoWhenANewDayStarts() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Path old = Files.writeString(dir.resolve("ledger-" + today.minusDays(31) + ".jsonl"), "");
        Path kept = Files.writeString(dir.resolve("ledger-" + today.minusDays(30) + ".jsonl"), "");
        Path foreign = Files.writeString(dir.resolve("notes.txt"), "not a ledger");
        new AuditLedger(dir, 30).append(new AuditLedger.Entry("t", "/logs/a", 1, "ab", "//nas/a", "sha256", "shipped", 1, 1));
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(kept));
        assertTrue(Files.exists(foreign));
    }
}
