package io.logship.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A file logship may not read. Root reads every file, so logship runs here as the unprivileged
 * user nobody (setpriv), as a service with its own user does; the file belongs to root, mode 000.
 */
class UnreadableFileIT extends ShipITSupport {

    @TempDir
    Path installDir;

    @Test
    void anUnreadableFileIsQuarantinedAfterItsAttemptsAndTheOthersShip() throws Exception {
        LogshipProcess.install(installDir);
        for (Path dir : List.of(installDir, installDir.resolve("config"), installDir.resolve("routes"))) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createDirectories(installDir.resolve("logs"));
        for (Path dir : List.of(source, quarantine, work, installDir.resolve("logs"))) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        byte[] secret = "root only\n".getBytes(StandardCharsets.UTF_8);
        Path unreadable = writeLog("trans-locked.log", secret, java.time.Instant.now().minusSeconds(600));
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        Path readable = writeLog("trans-open.log", "anyone\n".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r--r--"));

        List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        try (LogshipProcess logship = LogshipProcess.start(installDir, props, Map.of("HOME", "/tmp"), asNobody,
                installDir.resolve("logship.out"))) {
            awaitGone(readable);
            await().atMost(SHIP_TIMEOUT).until(() -> Files.exists(quarantine.resolve("trans-locked.log.error.json")));
            logship.stop();
            String output = logship.output();
            assertEquals(4, output.lines().filter(l -> l.contains("Not shipped " + unreadable)
                    && l.contains("source_unreadable)")).count(), output);
        }
        JsonNode record = new ObjectMapper().readTree(quarantine.resolve("trans-locked.log.error.json").toFile());
        assertEquals("source_unreadable", record.get("failureClass").asText());
        assertEquals(5, record.get("attempts").asInt());
        assertEquals("cannot be read: " + unreadable + " (AccessDeniedException: " + unreadable + ")",
                record.get("message").asText());
        assertFalse(Files.exists(unreadable));
        assertArrayEquals(secret, Files.readAllBytes(quarantine.resolve("trans-locked.log")));
    }
}
