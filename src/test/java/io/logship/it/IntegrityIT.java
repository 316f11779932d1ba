package io.logship.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A route file changed after 'logship seal': reported by name, and in enforce mode shipping stops until it matches. */
class IntegrityIT extends ShipITSupport {

    @TempDir
    Path installDir;

    @Test
    void aChangedRouteStopsShippingInEnforceModeUntilItMatchesItsSealAgain() throws Exception {
        LogshipProcess.install(installDir);
        Map<String, String> p = managed();
        String port = p.get("camel.management.port");
        LogshipProcess.seal(installDir, p);
        assertTrue(Files.readString(installDir.resolve("config/logship.seal")).contains("  routes/ship-logs.camel.yaml\n"));
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create("http://127.0.0.1:" + port + "/observe/health");
        URI metrics = URI.create("http://127.0.0.1:" + port + "/observe/metrics");

        try (LogshipProcess logship = LogshipProcess.start(installDir, p, Map.of(), List.of(), installDir.resolve("logship.out"))) {
            awaitGone(writeLog("trans-before.log", "a\n".getBytes(StandardCharsets.UTF_8)));

            Path route = installDir.resolve("routes/ship-logs.camel.yaml");
            String original = Files.readString(route);
            // what the seed's attacker did to the batch file: a quiet edit
            Files.writeString(route, original + "# harmless-looking change\n");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> body(http, health)
                    .contains("routes\\\\\\/ship-logs.camel.yaml changed; shipping stopped"));
            assertTrue(body(http, metrics).contains("logship_config_integrity_ok 0.0"));
            Path after = writeLog("trans-after.log", "b\n".getBytes(StandardCharsets.UTF_8));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> Files.exists(after));
            assertTrue(logship.output().contains("Integrity: routes/ship-logs.camel.yaml changed. Shipping is stopped"),
                    logship.output());

            Files.writeString(route, original);
            awaitGone(after);
            assertTrue(body(http, metrics).contains("logship_config_integrity_ok 1.0"));
        }
    }

    @Test
    void inWarnModeAChangeIsReportedAndShippingGoesOn() throws Exception {
        LogshipProcess.install(installDir);
        Map<String, String> p = new LinkedHashMap<>(props);
        p.remove("logship.integrity.manifest");
        p.put("logship.integrity.checkSeconds", "1");
        p.put("logship.integrity.mode", "warn");
        LogshipProcess.seal(installDir, p);
        Files.writeString(installDir.resolve("config/application.properties"), "# edited\n", java.nio.file.StandardOpenOption.APPEND);
        try (LogshipProcess logship = LogshipProcess.start(installDir, p, Map.of(), List.of(), installDir.resolve("logship.out"))) {
            awaitGone(writeLog("trans-warn.log", "c\n".getBytes(StandardCharsets.UTF_8)));
            assertTrue(logship.output().contains("Integrity: config/application.properties changed"), logship.output());
            assertTrue(!logship.output().contains("Shipping is stopped"), logship.output());
        }
    }

    @Test
    void aFreshInstallationShipsWithAWarningAndASealLostLaterStopsShipping() throws Exception {
        LogshipProcess.install(installDir);
        Map<String, String> p = managed();
        String port = p.get("camel.management.port");
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create("http://127.0.0.1:" + port + "/observe/health");
        URI metrics = URI.create("http://127.0.0.1:" + port + "/observe/metrics");
        String url = "http://127.0.0.1:" + port;

        try (LogshipProcess logship = LogshipProcess.start(installDir, p, Map.of(), List.of(), installDir.resolve("logship.out"))) {
            // never sealed: UP (no page at 3 a.m.), a WARNING in Nagios, and the files flow
            awaitGone(writeLog("trans-fresh.log", "a\n".getBytes(StandardCharsets.UTF_8)));
            HttpResponse<String> up = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, up.statusCode(), up.body());
            assertTrue(up.body().contains("unsealed: no seal"), up.body());
            LogshipProcess.CommandResult warning = LogshipProcess.command(installDir, p, Map.of(), "check", "--url", url);
            assertEquals(1, warning.exitCode(), warning.output());
            assertTrue(warning.output().startsWith("LOGSHIP WARNING - unsealed: no seal config/logship.seal yet"), warning.output());
            assertTrue(body(http, metrics).contains("logship_config_sealed 0.0"));

            LogshipProcess.seal(installDir, p);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> body(http, metrics).contains("logship_config_sealed 1.0"));
            assertEquals(0, LogshipProcess.command(installDir, p, Map.of(), "check", "--url", url).exitCode());

            // the seal removed, as a tamperer would: an alarm, and shipping stops in enforce mode
            Files.delete(installDir.resolve("config/logship.seal"));
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> body(http, health)
                    .contains("is missing although this installation was sealed"));
            assertTrue(body(http, metrics).contains("logship_config_integrity_ok 0.0"));
            LogshipProcess.CommandResult critical = LogshipProcess.command(installDir, p, Map.of(), "check", "--url", url);
            assertEquals(2, critical.exitCode(), critical.output());
            Path after = writeLog("trans-unsealed-later.log", "b\n".getBytes(StandardCharsets.UTF_8));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> Files.exists(after));
        }
    }

    /** The installation's own seal (config/logship.seal), checked every second, health and metrics on a free port. */
    private Map<String, String> managed() throws IOException {
        Map<String, String> p = new LinkedHashMap<>(props);
        p.remove("logship.integrity.manifest");
        p.put("logship.integrity.checkSeconds", "1");
        p.put("camel.management.enabled", "true");
        p.put("camel.management.port", Integer.toString(freePort()));
        return p;
    }

    private static String body(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
