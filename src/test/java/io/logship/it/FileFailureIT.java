package io.logship.it;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logship.LogshipMain;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failures of one file: retried with backoff, then quarantined with a record; the files behind it go on. */
class FileFailureIT extends ShipITSupport {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aPathTheServerRefusesIsQuarantinedWithoutHoldingBackOthersAndCanBeReplayed() throws Exception {
        // one worker, held by the poison file if its redelivery waited on a thread (asyncDelayedRedelivery);
        // it waits 2.4 to 3 s for each of its four retries
        props.put("logship.nas.parallelFiles", "1");
        props.put("logship.retry.initialDelay", "3s");
        props.put("logship.retry.maxDelay", "3s");
        byte[] bad = "blocked path\n".getBytes(StandardCharsets.UTF_8);
        Instant blockedDay = Instant.now().minus(3, java.time.temporal.ChronoUnit.DAYS);
        blockedDayFolder(blockedDay);
        Path poison = writeLog("trans-1.log", bad, blockedDay);
        Path good = writeLog("trans-2.log", "good\n".getBytes(StandardCharsets.UTF_8));
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            // the newer file ships while the poison file waits for its second attempt: its "Shipped" line comes
            // before the poison file's second "Not shipped" (told by the log's order, not by when this test looks)
            awaitGone(good);
            List<String> lines = log.lines();
            int shipped = indexOf(lines, "INFO Shipped ", "trans-2.log");
            assertEquals(1, lines.subList(0, shipped).stream()
                    .filter(l -> l.contains("Not shipped") && l.contains("trans-1.log")).count(), lines.toString());
            assertTrue(Files.exists(poison));
            await().atMost(SHIP_TIMEOUT).until(() -> Files.exists(quarantine.resolve("trans-1.log.error.json")));
            assertEquals(4, log.matching("Not shipped", "trans-1.log", " of 5, nas_path_rejected)").size(), log.lines().toString());
            // the record is on disk before the source is removed: QuarantineTest's
            // aSourceThatCannotBeRemovedLeavesOneCopyAndOneRecordHoweverOftenItIsQuarantined shows it
            await().atMost(SHIP_TIMEOUT).until(() -> log.matching("Quarantined", "trans-1.log", "after 5 attempts (nas_path_rejected)")
                    .size() == 1);
            assertEquals(List.of(), log.matching("Shipping paused"));
        }
        assertFalse(Files.exists(poison));
        assertArrayEquals(bad, Files.readAllBytes(quarantine.resolve("trans-1.log")));
        JsonNode record = json.readTree(quarantine.resolve("trans-1.log.error.json").toFile());
        assertEquals("trans-1.log", record.get("file").asText());
        assertEquals(poison.toString(), record.get("originalPath").asText());
        assertEquals(bad.length, record.get("size").asLong());
        assertEquals(NasShare.sha256(bad), record.get("sha256").asText());
        assertEquals(5, record.get("attempts").asInt());
        assertEquals("nas_path_rejected", record.get("failureClass").asText());
        assertTrue(record.get("message").asText().contains(nas.nasDir()), record.toString());
        assertFalse(record.get("host").asText().isEmpty());
        assertTrue(record.get("lastFailure").asText().compareTo(record.get("firstFailure").asText()) > 0);
        assertEquals(List.of(), nas.tempFiles());

        app.close();
        app = null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setProperty("logship.source.dir", source.toString());
        System.setProperty("logship.deadletter.dir", quarantine.toString());
        try {
            assertEquals(0, LogshipMain.execute(new PrintStream(out, true), System.err, "replay", "trans-1.log"));
        } finally {
            System.clearProperty("logship.source.dir");
            System.clearProperty("logship.deadletter.dir");
        }
        assertTrue(out.toString().contains("put trans-1.log back as " + poison), out.toString());
        assertArrayEquals(bad, Files.readAllBytes(poison));
        assertFalse(Files.exists(quarantine.resolve("trans-1.log.error.json")));
    }

    /** The index of the first line containing every one of {@code fragments}; fails when there is none. */
    private static int indexOf(List<String> lines, String... fragments) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (java.util.Arrays.stream(fragments).allMatch(line::contains)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + List.of(fragments) + ": " + lines);
    }

    /**
     * A look takes only the maxFilesPerPoll oldest files; a failed file waiting for its next try must
     * not keep that place, or with a window of one it would hold every newer file back until it is
     * quarantined.
     */
    @Test
    void aFailedFileWaitingForItsNextTryDoesNotHoldItsPlaceInTheLook() throws Exception {
        props.put("logship.source.maxFilesPerPoll", "1");
        props.put("logship.retry.initialDelay", "3s");
        props.put("logship.retry.maxDelay", "10s");
        Instant t0 = Instant.now().minusSeconds(3600);
        // the oldest file, whose day folder the NAS refuses
        Instant blockedDay = Instant.now().minus(3, java.time.temporal.ChronoUnit.DAYS);
        blockedDayFolder(blockedDay);
        Path poison = writeLog("trans-0.log", "bad\n".getBytes(StandardCharsets.UTF_8), blockedDay);
        List<Path> good = new java.util.ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            good.add(writeLog("trans-" + i + ".log", ("good " + i + "\n").getBytes(StandardCharsets.UTF_8), t0.plusSeconds(i)));
        }
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            for (Path p : good) {
                awaitGone(p);
            }
            // four more tries of at least 2.4 s, 4.8 s, 8 s and 8 s (-20 % jitter) are still ahead of it
            assertTrue(Files.exists(poison), "the poison file is not quarantined yet");
            assertEquals(List.of(), log.matching("Quarantined"));
            assertFalse(log.matching("Not shipped", "trans-0.log", "attempt 1 of 5").isEmpty());
        }
        assertEquals(4, nas.allFiles().stream().filter(f -> f.endsWith(".log")).count(), nas.allFiles().toString());
    }

    @Test
    void aNameThatWouldClimbOutOfTheTargetFolderIsNeverWrittenAndIsNamedInTheLog() throws Exception {
        String name = "..\\..\\..\\escape.log";
        Path local = writeLog(name, "sneaky\n".getBytes(StandardCharsets.UTF_8));
        Path next = writeLog("trans-next-one.log", "fine\n".getBytes(StandardCharsets.UTF_8));
        props.put("logship.backlog.scanSeconds", "1");
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            awaitGone(next);
            await().atMost(SHIP_TIMEOUT).until(() -> !log.matching("has a '\\' in its name: logship cannot ship it").isEmpty());
        }
        assertTrue(Files.exists(local), "it waits in the source folder");
        // nothing anywhere on the share: not in the test's folder, not above it
        try (var s = Files.walk(samba.sharePath(SambaFixture.SHARE))) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains("escape")).toList());
        }
    }

    @Test
    void aFileDeletedBetweenDetectionAndUploadIsRecordedAndTheOthersShip() throws Exception {
        Path doomed = writeLog("trans-doomed.log", "x\n".getBytes(StandardCharsets.UTF_8), java.time.Instant.now().minusSeconds(600));
        Path next = writeLog("trans-next.log", "y\n".getBytes(StandardCharsets.UTF_8));
        startApp(a -> a.weaveById("ship").before().process(e -> {
            // the application's own cleanup removes the file after logship picked it
            Files.deleteIfExists(source.resolve("trans-doomed.log"));
        }));
        awaitGone(next);
        await().atMost(SHIP_TIMEOUT).until(() -> Files.exists(quarantine.resolve("trans-doomed.log.error.json")));
        JsonNode record = json.readTree(quarantine.resolve("trans-doomed.log.error.json").toFile());
        assertEquals("source_vanished", record.get("failureClass").asText());
        assertTrue(record.get("message").asText().startsWith("vanished before it was shipped: " + doomed));
        assertFalse(Files.exists(quarantine.resolve("trans-doomed.log")));
    }

    @Test
    void aChecksumMismatchThatRepeatsEndsInQuarantineAndNeverUnderTheFinalName() throws Exception {
        byte[] content = ShipPathIT.randomBytes(50_000, 21);
        startApp();
        corruptUploadsBeforeVerify(() -> true, new java.util.concurrent.atomic.AtomicInteger());
        // written once the observer is in place: no attempt escapes it
        Path local = writeLog("trans-mismatch.log", content);
        Path day = nas.dayDirOf(local);
        await().atMost(SHIP_TIMEOUT).until(() -> Files.exists(quarantine.resolve("trans-mismatch.log.error.json")));
        JsonNode record = json.readTree(quarantine.resolve("trans-mismatch.log.error.json").toFile());
        assertEquals("verify_mismatch", record.get("failureClass").asText());
        assertEquals(NasShare.sha256(content), record.get("sha256").asText());
        assertArrayEquals(content, Files.readAllBytes(quarantine.resolve("trans-mismatch.log")));
        assertFalse(Files.exists(day.resolve("trans-mismatch.log")));
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> nas.tempFiles().isEmpty());
    }
}
