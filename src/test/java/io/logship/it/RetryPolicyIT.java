package io.logship.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator edits the retry policy in routes/ship-attempts.camel.yaml, as Camel's own vocabulary,
 * and logship applies it: here two retries written into the YAML instead of the property.
 */
class RetryPolicyIT extends ShipITSupport {

    @TempDir
    Path routes;

    @Test
    void aRetryPolicyEditedInTheYamlIsApplied() throws Exception {
        // every route file as shipped, ship-attempts.camel.yaml edited
        List<Path> files;
        try (var list = Files.list(Path.of("routes"))) {
            files = list.toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            String yaml = Files.readString(file);
            if (name.equals("ship-attempts.camel.yaml")) {
                String edited = yaml.replace("maximumRedeliveries: \"{{logship.retry.maximumRedeliveries}}\"",
                        "maximumRedeliveries: 2");
                assertFalse(edited.equals(yaml), "the shipped YAML sets maximumRedeliveries from the property");
                yaml = edited;
            }
            Files.writeString(routes.resolve(name), yaml);
        }
        props.put("camel.main.routesIncludePattern", "file:" + routes + "/*.camel.yaml");
        // a file that fails on its own: a plain file stands where its day folder should be (nas_path_rejected)
        java.time.Instant blockedDay = java.time.Instant.now().minus(3, java.time.temporal.ChronoUnit.DAYS);
        blockedDayFolder(blockedDay);
        Path poison = writeLog("trans-blocked.log", "blocked path\n".getBytes(StandardCharsets.UTF_8), blockedDay);
        Path good = writeLog("trans-2.log", "good\n".getBytes(StandardCharsets.UTF_8));
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            awaitGone(good);
            await().atMost(SHIP_TIMEOUT).until(() -> log.matching("Quarantined", "trans-blocked.log").size() == 1);
            assertTrue(log.matching("Quarantined", "trans-blocked.log", "after 3 attempts (nas_path_rejected)").size() == 1,
                    log.lines().toString());
            assertEquals(2, log.matching("Not shipped", "trans-blocked.log", " of 3, nas_path_rejected)").size(), log.lines().toString());
        }
        assertFalse(Files.exists(poison));
        JsonNode record = new ObjectMapper().readTree(quarantine.resolve("trans-blocked.log.error.json").toFile());
        assertEquals(3, record.get("attempts").asInt());
        assertEquals(List.of(), nas.tempFiles(), "each retry's temporary copy is gone");
    }
}
