package io.logship.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NAS passwords of two targets never appear in any output, with every logger at DEBUG and a
 * failure on the way; a line that holds one keeps the rest, masked.
 */
class SecretsIT extends ShipITSupport {

    @TempDir
    Path installDir;

    @TempDir
    Path webSource;

    @TempDir
    Path webQuarantine;

    @Test
    void thePasswordIsInNoLogNoEndpointAndNoRecord() throws Exception {
        LogshipProcess.install(installDir);
        Path debug = Files.writeString(installDir.resolve("log4j2-debug.xml"), """
                <Configuration status="WARN">
                  <Appenders><Console name="c" target="SYSTEM_OUT"><PatternLayout pattern="%d %-5level %c - %msg%n%throwable"/></Console></Appenders>
                  <Loggers><Root level="DEBUG"><AppenderRef ref="c"/></Root></Loggers>
                </Configuration>
                """);
        int port = freePort();
        Map<String, String> p = new LinkedHashMap<>(props);
        p.remove("logship.nas.password");
        p.put("camel.management.enabled", "true");
        p.put("camel.management.port", Integer.toString(port));
        p.put("log4j2.configurationFile", debug.toString());
        // a second target with its own password (refused by the NAS: its failures are logged too)
        String webPassword = "web-" + Long.toHexString(System.nanoTime());
        p.put("logship.targets", "main,web");
        Files.writeString(installDir.resolve("routes/targets.camel.yaml"), targetRoute("web"), StandardOpenOption.APPEND);
        p.put("logship.target.web.source.dir", webSource.toString());
        p.put("logship.target.web.deadletter.dir", webQuarantine.toString());
        Files.writeString(webSource.resolve("access.log"), "GET /\n");
        Path good = writeLog("trans-good.log", "fine\n".getBytes(StandardCharsets.UTF_8));
        Path named = writeLog("trans-" + samba.password() + ".log", "named\n".getBytes(StandardCharsets.UTF_8));
        // a file quarantined for its path (a plain file where its day folder should be): the record holds a NAS message
        java.time.Instant blockedDay = java.time.Instant.now().minus(3, java.time.temporal.ChronoUnit.DAYS);
        blockedDayFolder(blockedDay);
        writeLog("trans-blocked.log", "blocked path\n".getBytes(StandardCharsets.UTF_8), blockedDay);

        String health;
        String metrics;
        try (LogshipProcess logship = LogshipProcess.start(installDir, p,
                Map.of("LOGSHIP_NAS_PASSWORD", samba.password(), "LOGSHIP_TARGET_WEB_NAS_PASSWORD", webPassword), List.of(),
                installDir.resolve("logship.out"))) {
            awaitGone(good);
            awaitGone(named);
            await().atMost(SHIP_TIMEOUT).until(() -> logship.output().contains("auth_failed"));
            await().atMost(SHIP_TIMEOUT).until(() -> Files.exists(quarantine.resolve("trans-blocked.log.error.json")));
            HttpClient http = HttpClient.newHttpClient();
            health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            logship.stop();
            String output = logship.output();
            assertTrue(output.lines().count() > 1000, "DEBUG logging was on: " + output.lines().count() + " lines");
            for (String password : List.of(samba.password(), webPassword)) {
                assertFalse(output.contains(password), () -> "the log holds a password: " + output.lines()
                        .filter(l -> l.contains(password)).limit(5).toList());
            }
            assertTrue(output.contains("Shipped " + source.resolve("trans-******.log")), "the line is masked, not dropped");
        }
        assertTrue(health.contains("\"nas\""), health);
        // health and metrics may name the file whose name holds the password (only the logs are masked)
        String fileName = named.getFileName().toString();
        for (String password : List.of(samba.password(), webPassword)) {
            assertFalse(health.replace(fileName, "").contains(password), "health holds a password: " + health);
            assertFalse(metrics.replace(fileName, "").contains(password), "metrics hold a password");
        }
        for (Path record : Files.list(quarantine).toList()) {
            assertFalse(Files.readString(record, StandardCharsets.ISO_8859_1).contains(samba.password()), record + " holds the password");
        }
    }

}
