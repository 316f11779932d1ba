package io.logship.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file logship may read but not delete or move (a Windows writer holding it with FileShare.Read;
 * here {@code chattr +i}): shipped once, reported, disposed of later without a second ship.
 */
class DisposalIT extends ShipITSupport {

    private static final byte[] CONTENT = "2026-03-14T11:59:58 TXN-1 POSTED\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path archive;

    @Test
    void anUndeletableFileShipsOnceIsReportedAndIsDeletedOnceItMayBe() throws Exception {
        Path local = writeLog("trans-locked.log", CONTENT);
        shipOnceWhileLocked(local, local);
    }

    @Test
    void anUnmovableFileInArchiveModeShipsOnceAndIsArchivedOnceItMayBe() throws Exception {
        props.put("logship.source.afterShip", "archive");
        props.put("logship.archive.dir", archive.toString());
        Path local = writeLog("trans-locked.log", CONTENT);
        shipOnceWhileLocked(local, local);
        List<Path> archived;
        try (Stream<Path> s = Files.walk(archive)) {
            archived = s.filter(Files::isRegularFile).toList();
        }
        assertEquals(1, archived.size(), "one archived copy: " + archived);
        assertTrue(archived.get(0).getFileName().toString().startsWith("trans-locked.log."), archived.toString());
        assertEquals(new String(CONTENT, StandardCharsets.UTF_8), Files.readString(archived.get(0)));
    }

    @Test
    void inDoneFileModeTheMarkerStaysUntilTheFileIsDeleted() throws Exception {
        props.put("logship.source.doneFileName", "${file:name}.done");
        Path local = writeLog("trans-locked.log", CONTENT);
        Path marker = Files.createFile(source.resolve("trans-locked.log.done"));
        shipOnceWhileLocked(local, marker);
        await().atMost(SHIP_TIMEOUT).until(() -> !Files.exists(marker));
    }

    /**
     * Ships {@code local} while it cannot be deleted or moved; {@code mustStay} (the file, or its done
     * marker) must stay meanwhile; then lets it go and expects it disposed of without a second ship.
     */
    private void shipOnceWhileLocked(Path local, Path mustStay) throws Exception {
        props.put("logship.source.disposeRetrySeconds", "1");
        chattr("+i", local);
        try {
            startApp();
            await().atMost(SHIP_TIMEOUT).until(() -> ledgerLines() >= 1);
            // polled every 200 ms; each failed delete costs Camel's own retries (seconds): a re-ship shows in 12 s
            await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(15))
                    .until(() -> ledgerLines() == 1 && Files.exists(mustStay));
            HealthCheck.Result dispose = health("dispose");
            assertEquals(HealthCheck.State.DOWN, dispose.getState());
            String message = dispose.getMessage().orElse("");
            assertTrue(message.contains(local.toString()) && message.contains("Operation not permitted"), message);
            String scrape = scrape();
            assertTrue(scrape.contains("logship_dispose_failures_total{target=\"main\"} 1.0"), scrape);
            assertTrue(scrape.contains("logship_dispose_waiting_files{target=\"main\"} 1.0"), scrape);
        } finally {
            chattr("-i", local);
        }
        awaitGone(local);
        assertEquals(1, ledgerLines(), "shipped once");
        await().atMost(SHIP_TIMEOUT).until(() -> health("dispose").getState() == HealthCheck.State.UP);
        assertTrue(scrape().contains("logship_dispose_waiting_files{target=\"main\"} 0.0"));
        assertEquals(List.of("trans-locked.log", "trans-locked.log.sha256"),
                nas.allFiles().stream().map(f -> Path.of(f).getFileName().toString()).toList());
    }

    private long ledgerLines() throws IOException {
        Path dir = work.resolve("ledger");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long n = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                n += Files.readAllLines(p).stream().filter(l -> !l.isBlank()).count();
            }
        }
        return n;
    }
}
