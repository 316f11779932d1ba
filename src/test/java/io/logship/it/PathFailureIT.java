package io.logship.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failure on one file's NAS path while the share itself is writable: that file is retried and
 * quarantined, the files of other paths ship meanwhile, and shipping never pauses.
 */
class PathFailureIT extends ShipITSupport {

    private static final String POISON = "trans-blocked.log";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aPlainFileWhereADayFolderShouldBeQuarantinesThatDaysFileAndTheOthersShip() throws Exception {
        Instant blockedDay = Instant.now().minus(3, ChronoUnit.DAYS);
        Path dayDir = blockedDayFolder(blockedDay);

        JsonNode record = quarantinedWhileOthersShip(nas, blockedDay);
        assertTrue(record.get("message").asText().contains(nas.nasDir()), record.toString());
        assertEquals("not a folder\n", Files.readString(dayDir));
    }

    @Test
    void aDayFolderTheShareUserMayNotWriteInQuarantinesThatDaysFileAndTheOthersShip() throws Exception {
        // on this share smbd writes as the share user, so the folder's Unix permissions decide
        NasShare share = new NasShare(samba, SambaFixture.USER_SHARE, nas.nasDir());
        props.put("logship.nas.share", SambaFixture.USER_SHARE);
        Instant blockedDay = Instant.now().minus(3, ChronoUnit.DAYS);
        Path dayDir = share.dayDir(LocalDate.ofInstant(blockedDay, ZoneId.systemDefault()));
        Files.createDirectories(dayDir);
        UserPrincipal user = share.base().getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(SambaFixture.USER);
        // everything the share user needs is its own, except the blocked day's folder (root's, 0755)
        for (Path p = dayDir.getParent(); p.startsWith(share.base()); p = p.getParent()) {
            Files.setOwner(p, user);
        }

        JsonNode record = quarantinedWhileOthersShip(share, blockedDay);
        assertTrue(record.get("message").asText().contains("STATUS_ACCESS_DENIED"), record.toString());
    }

    /**
     * Ships a file of {@code blockedDay} and, once it has failed, files of two other days; returns the
     * blocked file's quarantine record after checking the others shipped before it was quarantined.
     */
    private JsonNode quarantinedWhileOthersShip(NasShare share, Instant blockedDay) throws Exception {
        // five tries take some 14 s: time enough for the other files to ship in between
        props.put("logship.retry.initialDelay", "2s");
        props.put("logship.retry.maxDelay", "4s");
        byte[] content = "blocked path\n".getBytes(StandardCharsets.UTF_8);
        Path poison = writeLog(POISON, content, blockedDay);
        Instant shippedAt = Instant.now().minusSeconds(120);
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            await().atMost(SHIP_TIMEOUT).until(() -> !log.matching("Not shipped", POISON).isEmpty()
                    || !log.matching("Shipping paused").isEmpty());
            assertEquals(List.of(), log.matching("Shipping paused"));
            Path today = writeLog("trans-today.log", "today\n".getBytes(StandardCharsets.UTF_8), shippedAt);
            Path yesterday = writeLog("trans-yesterday.log", "yesterday\n".getBytes(StandardCharsets.UTF_8),
                    Instant.now().minus(1, ChronoUnit.DAYS));
            awaitGone(today);
            awaitGone(yesterday);
            // the record is written first, the line logged once the quarantine is done
            await().atMost(SHIP_TIMEOUT).until(() -> Files.exists(quarantine.resolve(POISON + ".error.json"))
                    && !log.matching("Quarantined " + poison).isEmpty());
            List<String> lines = log.lines();
            int quarantined = indexOf(lines, "Quarantined " + poison);
            assertTrue(indexOf(lines, "Shipped " + today) < quarantined, lines.toString());
            assertTrue(indexOf(lines, "Shipped " + yesterday) < quarantined, lines.toString());
            assertEquals(4, log.matching("Not shipped", POISON, " of 5, nas_path_rejected)").size(), lines.toString());
            assertEquals(List.of(), log.matching("Shipping paused"));
            assertEquals(List.of(), log.matching("NAS down"));
        }
        assertArrayEquals(content, Files.readAllBytes(quarantine.resolve(POISON)));
        assertArrayEquals("today\n".getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(share.dayDir(LocalDate.ofInstant(shippedAt, ZoneId.systemDefault())).resolve("trans-today.log")));
        JsonNode record = json.readTree(quarantine.resolve(POISON + ".error.json").toFile());
        assertEquals("nas_path_rejected", record.get("failureClass").asText());
        assertEquals(5, record.get("attempts").asInt());
        // the record names the NAS path refused and the server's status
        String message = record.get("message").asText();
        assertTrue(message.contains(POISON) && message.contains("(STATUS_"), message);
        return record;
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no line with '" + fragment + "' in " + lines);
    }
}
