package io.logship.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.logship.LogshipMain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The management endpoints of a running logship (the jar), read by a real Prometheus, promtool,
 * Nagios' check_http and logship's own check command.
 */
class MonitoringIT extends ShipITSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path installDir;

    private int port;
    private Map<String, String> properties;

    @BeforeEach
    void managementOn() throws Exception {
        LogshipProcess.install(installDir);
        port = freePort();
        properties = new LinkedHashMap<>(props);
        properties.put("camel.management.enabled", "true");
        properties.put("camel.management.port", Integer.toString(port));
        properties.put("logship.backlog.scanSeconds", "1");
        properties.put("logship.integrity.manifest", installDir.resolve("config/logship.seal").toString());
        LogshipProcess.seal(installDir, properties);
    }

    @Test
    void prometheusScrapesTheShippedCountAndPromtoolAcceptsMetricsAndRules() throws Exception {
        for (int i = 0; i < 3; i++) {
            writeLog("trans-prom-" + i + ".log", ("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        int promPort = freePort();
        Path promDir = Files.createDirectories(installDir.resolve("prometheus"));
        Files.writeString(promDir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: logship
                    metrics_path: /observe/metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(Path.of("config/prometheus/logship-alerts.yml").toAbsolutePath(), port));
        try (LogshipProcess logship = start();
                Server prometheus = Server.start(List.of("prometheus", "--config.file=" + promDir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + promDir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort),
                        promDir.resolve("prometheus.out"))) {
            await().atMost(SHIP_TIMEOUT).until(() -> Files.list(source).noneMatch(p -> p.getFileName().toString().startsWith("trans-prom")));

            String exposition = get("/observe/metrics").body();
            assertTrue(exposition.contains("logship_files_shipped_total{target=\"main\"} 3.0"), exposition);
            Process lint = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
            lint.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
            lint.getOutputStream().close();
            String lintOut = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(lint.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, lint.exitValue(), "promtool check metrics: " + lintOut);

            String query = "http://127.0.0.1:" + promPort + "/api/v1/query?query="
                    + URLEncoder.encode("logship_files_shipped_total{job=\"logship\"}", StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(URI.create(query)).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("\"3\"]"));
            String rules = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + promPort + "/api/v1/rules")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(rules.contains("LogshipShippingStalled") && rules.contains("LogshipSourceDiskFillingUp"), rules);
        }
        String out = promtool("check", "rules", "config/prometheus/logship-alerts.yml");
        assertTrue(out.contains("SUCCESS: 12 rules found"), out);
        // when each rule fires, on series shaped like logship's (LogshipDisposeWaiting: after 30 min, not before)
        promtool("test", "rules", "src/test/prometheus/logship-alerts-test.yml");
    }

    /** Runs promtool with {@code args}; fails unless it ends within 30 s with exit 0; returns its output. */
    private static String promtool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void aStoppedNasShowsInHealthWithinAMinuteAndTheCheckTurnsCritical() throws Exception {
        // the default probe interval, as operators run it
        properties.remove("logship.nas.probeSeconds");
        try (LogshipProcess logship = start()) {
            await().atMost(SHIP_TIMEOUT).ignoreExceptions().until(() -> get("/observe/health").statusCode() == 200);
            assertEquals(0, check().exitCode(), check().line());
            assertTrue(check().line().startsWith("LOGSHIP OK - 0 files waiting | backlog_files=0;100;1000;0"), check().line());
            assertEquals(0, checkHttp(), "check_http sees UP");

            samba.stop();
            Instant stopped = Instant.now();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> get("/observe/health").body().contains("\"nas\",\"status\":\"DOWN\""));
                System.out.println("monitoring: NAS stop seen in /observe/health after "
                        + Duration.between(stopped, Instant.now()).toMillis() + " ms");
                HttpResponse<String> health = get("/observe/health");
                assertEquals(503, health.statusCode());
                assertTrue(health.body().contains("unreachable (Connection refused)"), health.body());
                CheckResult critical = check();
                assertEquals(2, critical.exitCode(), critical.line());
                assertTrue(critical.line().startsWith("LOGSHIP CRITICAL - NAS //127.0.0.1:" + samba.port() + "/logs unreachable"
                        + " (Connection refused)"), critical.line());
                assertEquals(2, checkHttp(), "check_http sees the 503");
            } finally {
                samba.start();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> check().exitCode() == 0);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            assertEquals(0, LogshipMain.execute(new java.io.PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                    "status", "--url", "http://127.0.0.1:" + port));
            String status = out.toString(StandardCharsets.UTF_8);
            assertTrue(status.startsWith("logship at http://127.0.0.1:" + port + ": UP\n"), status);
            assertTrue(status.contains("  nas          UP   NAS //127.0.0.1:" + samba.port() + "/logs reachable"), status);
            assertTrue(status.contains("  integrity    UP   routes and configuration match their seal"), status);
        }
    }

    @Test
    void checkAndStatusFindTheServiceWhereTheConfigurationPutsIt() throws Exception {
        // the port in the installation's configuration file only, as an operator sets it
        Path config = installDir.resolve("config/application.properties");
        String file = Files.readString(config);
        assertTrue(file.contains("\ncamel.management.port = 9810\n"));
        Files.writeString(config, file.replace("\ncamel.management.port = 9810\n", "\ncamel.management.port = " + port + "\n"));
        properties.remove("camel.management.port");
        LogshipProcess.seal(installDir, properties);
        int elsewhere = freePort();
        try (LogshipProcess logship = start()) {
            await().atMost(SHIP_TIMEOUT).ignoreExceptions().until(() -> get("/observe/health").statusCode() == 200);

            // run from the service's folder with no option at all
            LogshipProcess.CommandResult check = LogshipProcess.command(installDir, Map.of(), Map.of(), "check");
            assertEquals(0, check.exitCode(), check.output());
            assertTrue(check.output().startsWith("LOGSHIP OK - "), check.output());
            LogshipProcess.CommandResult status = LogshipProcess.command(installDir, Map.of(), Map.of(), "status");
            assertEquals(0, status.exitCode(), status.output());
            assertTrue(status.output().startsWith("logship at http://127.0.0.1:" + port + ": UP\n"), status.output());

            // -D and the environment override the file, as they do for run
            LogshipProcess.CommandResult overridden = LogshipProcess.command(installDir,
                    Map.of("camel.management.port", Integer.toString(elsewhere)), Map.of(), "status");
            assertEquals(3, overridden.exitCode(), overridden.output());
            assertTrue(overridden.output().contains("cannot reach logship at http://127.0.0.1:" + elsewhere), overridden.output());
            LogshipProcess.CommandResult fromEnv = LogshipProcess.command(installDir, Map.of(),
                    Map.of("CAMEL_MANAGEMENT_PORT", Integer.toString(elsewhere)), "check");
            assertEquals(3, fromEnv.exitCode(), fromEnv.output());
            assertTrue(fromEnv.output().startsWith("LOGSHIP UNKNOWN - cannot reach logship at http://127.0.0.1:" + elsewhere),
                    fromEnv.output());
        }
    }

    @Test
    void aQuarantinedFileTurnsTheCheckToWarning() throws Exception {
        Files.writeString(quarantine.resolve("trans-bad.log"), "x");
        Files.writeString(quarantine.resolve("trans-bad.log.error.json"), "{}");
        try (LogshipProcess logship = start()) {
            await().atMost(SHIP_TIMEOUT).ignoreExceptions().until(() -> check().exitCode() == 1);
            CheckResult warning = check();
            assertTrue(warning.line().startsWith("LOGSHIP WARNING - 1 files in the quarantine " + quarantine), warning.line());
            assertTrue(warning.line().endsWith("quarantined=1;;1;0"), warning.line());
        }
    }

    @Test
    void theCheckSaysUnknownWhenLogshipDoesNotAnswer() {
        CheckResult unknown = check();
        assertEquals(3, unknown.exitCode(), unknown.line());
        assertTrue(unknown.line().startsWith("LOGSHIP UNKNOWN - cannot reach logship at http://127.0.0.1:" + port), unknown.line());
    }

    @Test
    void aTakenManagementPortStopsStartUpWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"));
                LogshipProcess logship = start()) {
            await().atMost(SHIP_TIMEOUT).until(() -> !logship.isAlive());
            String out = logship.output();
            assertTrue(out.contains("logship: camel.management.port=" + port + " cannot be bound on 127.0.0.1"), out);
            assertEquals(2, logship.exitCode());
        }
    }

    private LogshipProcess start() throws IOException {
        return LogshipProcess.start(installDir, properties, Map.of(), List.of(), installDir.resolve("logship.out"));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    record CheckResult(int exitCode, String line) {
    }

    private CheckResult check() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int code = LogshipMain.execute(new java.io.PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                "check", "--url", "http://127.0.0.1:" + port, "--timeout", "5");
        return new CheckResult(code, out.toString(StandardCharsets.UTF_8).strip());
    }

    private int checkHttp() throws Exception {
        Process p = new ProcessBuilder("/usr/lib/nagios/plugins/check_http", "-H", "127.0.0.1", "-p", Integer.toString(port),
                "-u", "/observe/health", "-e", "200").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }


    /** A server process started for one test and stopped after it. */
    record Server(Process process) implements AutoCloseable {
        static Server start(List<String> command, Path log) throws IOException {
            return new Server(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
