package io.logship.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import io.logship.audit.AuditLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit ledger's volume full (a tiny full tmpfs mounted over logship.ledger.dir): the file is on
 * the NAS already, so it must wait in the source folder, never be quarantined, until the ledger can
 * record it.
 */
class LedgerFailureIT extends ShipITSupport {

    private static final String NAME = "trans-ledger.log";

    @Test
    void aFullLedgerVolumePausesShippingAndTheFileIsDisposedOnceTheLedgerIsWritable() throws Exception {
        Path ledgerDir = work.resolve("ledger");
        startApp();
        run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", ledgerDir.toString());
        try (LogCapture log = LogCapture.attach()) {
            Path local;
            try {
                fill(ledgerDir);
                byte[] content = "posted 2026-12-02 ledger test\n".getBytes(StandardCharsets.UTF_8);
                local = writeLog(NAME, content);
                Path onNas = nas.dayDirOf(local).resolve(NAME);
                await().atMost(SHIP_TIMEOUT).until(() -> Files.exists(onNas.resolveSibling(NAME + ".sha256")));
                // more failed tries than logship.retry.maximumRedeliveries + 1 (5): a failure of the file itself is quarantined by then
                await().atMost(SHIP_TIMEOUT).until(() -> failedTries() > 5 || Files.exists(quarantine.resolve(NAME)));
                assertFalse(Files.exists(quarantine.resolve(NAME)), "quarantined although it is on the NAS: "
                        + log.matching(NAME));
                assertTrue(Files.exists(local));

                List<String> paused = log.matching("Shipping paused (ledger_unwritable): ledger " + ledgerDir);
                assertFalse(paused.isEmpty(), String.join("\n", log.lines()));
                assertTrue(paused.get(0).contains("not writable: No space left on device"), paused.get(0));
                HealthCheck.Result ledger = health("ledger");
                assertEquals(HealthCheck.State.DOWN, ledger.getState());
                assertTrue(ledger.getMessage().orElse("").startsWith("ledger " + ledgerDir + " not writable: No space left on device"),
                        ledger.getMessage().orElse(""));
                assertEquals(HealthCheck.State.UP, health("nas").getState(), "the NAS is not to blame");
            } finally {
                run("umount", ledgerDir.toString());
            }
            awaitGone(local);
            List<AuditLedger.Entry> entries = new AuditLedger(ledgerDir, 400).find(NAME);
            assertEquals(1, entries.size(), entries.toString());
            assertEquals("already_shipped", entries.get(0).outcome());
            assertFalse(Files.exists(quarantine.resolve(NAME)));
            await().atMost(SHIP_TIMEOUT).until(() -> health("ledger").getState() == HealthCheck.State.UP);
        }
    }

    /** Writes a filler file until the volume refuses more. */
    private static void fill(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve("filler"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            for (int i = 0; i < 64; i++) {
                ch.write(ByteBuffer.allocate(1 << 16));
            }
            throw new AssertionError("the tmpfs on " + dir + " took 4 MiB: not full");
        } catch (IOException e) {
            assertEquals("No space left on device", e.getMessage());
        }
    }

    private long failedTries() {
        MeterRegistry meters = app.context().getRegistry().findSingleByType(MeterRegistry.class);
        return (long) meters.find("logship.ship.failures").tag("target", "main").counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
