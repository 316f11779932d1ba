package io.logship.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.logship.audit.AuditLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of logship, or of smbd, at each stage of a ship; after the restart the file is on the NAS
 * exactly once under its final name with a valid sidecar, no temporary file remains, none is lost.
 * logship is held at each stage by its failpoints (see {@code io.logship.sandbox.Failpoint}). The audit
 * ledger has one line per attempt that published or found the file: {@code shipped} once, and
 * {@code already_shipped} only where the crash came between the rename and the local delete, or where a
 * retry of the run after it found that run's own rename (an attempt that failed between its rename and its
 * ledger line, e.g. a NAS timeout under load: see {@link #orAfterARetry}).
 */
class CrashSafetyIT extends ShipITSupport {

    private static final Duration STAGE_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path installDir;

    /** {@code ledger}: the outcomes of the file's ledger lines, in order; after-sidecar comes after its line. */
    @ParameterizedTest
    @CsvSource({"upload-midway, shipped", "after-upload, shipped", "after-verify, shipped",
            "after-rename, already_shipped", "after-sidecar, shipped already_shipped"})
    void logshipKilledWithSigkillAtEachStage(String stage, String ledger) throws Exception {
        LogshipProcess.install(installDir);
        byte[] content = ShipPathIT.randomBytes(12 << 20, stage.hashCode());
        Path local = writeLog("trans-crash.log", content);
        Path day = nas.dayDirOf(local);

        try (LogshipProcess first = LogshipProcess.start(installDir, failpoint(stage), Map.of(), List.of(),
                installDir.resolve("first.out"))) {
            first.awaitOutput("LOGSHIP FAILPOINT " + stage, STAGE_TIMEOUT);
            first.kill9();
        }
        assertTrue(Files.exists(local), "the local file survives a crash at " + stage);

        try (LogshipProcess second = LogshipProcess.start(installDir, props, Map.of(), List.of(),
                installDir.resolve("second.out"))) {
            awaitGone(local);
            second.stop();
        }
        assertShippedExactlyOnce(day, content, orAfterARetry(ledger, installDir.resolve("second.out")));
    }

    /** Through a DFS namespace (logship.nas.dfs): killed before the rename, which the restart makes through the link. */
    @Test
    void logshipKilledWithSigkillBeforeTheRenameThroughDfs() throws Exception {
        throughDfs();
        logshipKilledWithSigkillAtEachStage("after-verify", "shipped");
    }

    /**
     * A crash of smbd fails the attempt held at {@code stage} on its open handle; after the rename the
     * sidecar goes through a new connection if the client has seen the old one close, else the retry
     * finds the file there ({@code ledger} is a pattern of the outcomes). Before the rename the held attempt
     * fails with smbd, so the file is always retried, and a retry that fails in turn after its rename (a
     * timeout under load) leaves {@code already_shipped}; after-sidecar's line was written before the kill.
     */
    @ParameterizedTest
    @CsvSource({"upload-midway, (already_)?shipped", "after-upload, (already_)?shipped", "after-verify, (already_)?shipped",
            "after-rename, (already_)?shipped", "after-sidecar, shipped"})
    void smbdKilledWithSigkillAtEachStage(String stage, String ledger) throws Exception {
        LogshipProcess.install(installDir);
        byte[] content = ShipPathIT.randomBytes(12 << 20, stage.hashCode() + 1);
        Path local = writeLog("trans-crash.log", content);
        Path day = nas.dayDirOf(local);
        Path release = installDir.resolve("release");
        Map<String, String> properties = failpoint(stage);
        properties.put("logship.failpoint.release", release.toString());

        try (LogshipProcess logship = LogshipProcess.start(installDir, properties, Map.of(), List.of(),
                installDir.resolve("logship.out"))) {
            logship.awaitOutput("LOGSHIP FAILPOINT " + stage, STAGE_TIMEOUT);
            samba.kill();
            samba.start();
            Files.createFile(release);
            awaitGone(local);
            logship.stop();
        }
        assertShippedExactlyOnce(day, content, ledger);
    }

    @Test
    void aServiceStopDuringAnUploadEndsInBoundedTimeAndLosesNothing() throws Exception {
        LogshipProcess.install(installDir);
        byte[] content = ShipPathIT.randomBytes(12 << 20, 77);
        Path local = writeLog("trans-crash.log", content);
        Path day = nas.dayDirOf(local);
        try (LogshipProcess first = LogshipProcess.start(installDir, failpoint("upload-midway"), Map.of(), List.of(),
                installDir.resolve("first.out"))) {
            first.awaitOutput("LOGSHIP FAILPOINT upload-midway", STAGE_TIMEOUT);
            long start = System.nanoTime();
            // SIGTERM, as systemctl stop or the Windows service stop sends it, while the upload hangs
            first.stop();
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            System.out.println("graceful stop: ended " + seconds + " s after SIGTERM with an upload in flight");
            assertTrue(seconds <= 45, seconds + " s");
        }
        assertTrue(Files.exists(local), "the local file stays");
        try (LogshipProcess second = LogshipProcess.start(installDir, props, Map.of(), List.of(),
                installDir.resolve("second.out"))) {
            awaitGone(local);
            second.stop();
        }
        assertShippedExactlyOnce(day, content, orAfterARetry("shipped", installDir.resolve("second.out")));
    }

    private Map<String, String> failpoint(String stage) {
        Map<String, String> p = new LinkedHashMap<>(props);
        p.put("logship.failpoint", stage);
        // the failpoints are the crash tests' observer of an attempt, never the service's
        p.put("logship.attemptObserver", "io.logship.sandbox.Failpoint");
        return p;
    }

    /**
     * {@code ledger}, but where it is a lone {@code shipped} (nothing was published before the crash) also a
     * lone {@code already_shipped} when the run after the crash logged a failed attempt of its own (in
     * {@code output}): one that timed out under load between its rename and its ledger line, whose retry found
     * the file there.
     */
    private static String orAfterARetry(String ledger, Path output) throws java.io.IOException {
        boolean retried = Files.readAllLines(output).stream()
                .anyMatch(l -> l.contains("Shipping paused (") || l.contains("Not shipped ") && l.contains(" (attempt "));
        return ledger.equals("shipped") && retried ? "(already_)?shipped" : ledger;
    }

    /** {@code day}: the day folder of the file's last-modified date; {@code ledger}: its ledger lines' outcomes (a pattern). */
    private void assertShippedExactlyOnce(Path day, byte[] content, String ledger) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> nas.tempFiles().isEmpty());
        String dayPrefix = nas.base().relativize(day).toString().replace('\\', '/') + "/";
        assertEquals(List.of(dayPrefix + "trans-crash.log", dayPrefix + "trans-crash.log.sha256"), nas.allFiles());
        assertEquals(NasShare.sha256(content), NasShare.sha256(day.resolve("trans-crash.log")));
        nas.sha256sumCheck(day.resolve("trans-crash.log"));
        try (var q = Files.list(quarantine)) {
            assertEquals(0, q.count(), "nothing quarantined");
        }
        List<AuditLedger.Entry> lines = new AuditLedger(work.resolve("ledger"), 400).find("trans-crash.log");
        String outcomes = String.join(" ", lines.stream().map(AuditLedger.Entry::outcome).toList());
        assertTrue(outcomes.matches(ledger), outcomes + " is not " + ledger + ": " + lines);
        for (AuditLedger.Entry line : lines) {
            assertEquals(NasShare.sha256(content), line.sha256());
        }
    }
}
