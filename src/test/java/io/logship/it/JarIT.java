package io.logship.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.logship.sandbox.SambaSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator runs: {@code java -jar target/logship.jar} in a folder holding config/ and
 * routes/, with the password from the environment.
 */
class JarIT extends ShipITSupport {

    @TempDir
    Path installDir;

    @Test
    void theJarShipsWithThePasswordFromTheEnvironmentAndServesHealthOnLoopback() throws Exception {
        LogshipProcess.install(installDir);
        int port = freePort();
        Path local = writeLog("trans-jar.log", "from the jar\n".getBytes(StandardCharsets.UTF_8));
        Path day = nas.dayDirOf(local);
        Map<String, String> properties = Map.of("logship.source.dir", source.toString(),
                "logship.source.stableSeconds", "1", "logship.deadletter.dir", quarantine.toString(),
                "logship.nas.host", SambaSandbox.HOST, "logship.nas.share", SambaFixture.SHARE,
                "logship.nas.dir", nas.nasDir(), "camel.management.port", Integer.toString(port));
        LogshipProcess.seal(installDir, properties);
        Map<String, String> env = Map.of("LOGSHIP_NAS_PORT", Integer.toString(samba.port()),
                "LOGSHIP_NAS_USERNAME", samba.user(), "LOGSHIP_NAS_PASSWORD", samba.password());
        LogshipProcess logship = LogshipProcess.start(installDir, properties, env, List.of(), installDir.resolve("logship.out"));
        try {
            awaitGone(local);
            assertEquals("from the jar\n", Files.readString(day.resolve("trans-jar.log")));
            nas.sha256sumCheck(day.resolve("trans-jar.log"));

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().startsWith("{\"status\":\"UP\""), health.body());
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("# TYPE"), metrics.body());
        } finally {
            logship.stop();
        }
        assertFalse(logship.output().contains(samba.password()), "the password never appears in the output");
    }

    @Test
    void aBadValueStopsStartUpWithOneLineNamingTheKey() throws Exception {
        LogshipProcess.install(installDir);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogship.source.dir=" + source, "-Dlogship.verify=md5", "-Dlogship.deadletter.dir=" + quarantine,
                "-Dcamel.management.enabled=false", "-jar", LogshipProcess.JAR.toString())
                .directory(installDir.toFile()).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertEquals("logship: logship.verify=md5 is not one of sha256, size", err.strip());
        assertTrue(Files.exists(source) && Files.list(source).count() == 0);
    }

    @Test
    void theStartIsAFewLinesNamingTheTargetAndTheUrlsAsBound() throws Exception {
        LogshipProcess.install(installDir);
        int port = freePort();
        Map<String, String> properties = new java.util.LinkedHashMap<>(props);
        properties.put("camel.management.enabled", "true");
        properties.put("camel.management.port", Integer.toString(port));
        String summary = "StartupSummary -   health http://127.0.0.1:" + port + "/observe/health, metrics http://127.0.0.1:"
                + port + "/observe/metrics (bound to 127.0.0.1)";
        try (LogshipProcess logship = LogshipProcess.start(installDir, properties, Map.of(), List.of(),
                installDir.resolve("logship.out"))) {
            logship.awaitOutput(summary, SHIP_TIMEOUT);
            String out = logship.output();
            assertFalse(out.contains("\u001b"), "no terminal escape codes");
            assertFalse(out.contains("Property-placeholders summary") || out.contains("Auto-configuration summary"), out);
            assertFalse(out.contains("0.0.0.0"), out);
            assertTrue(out.contains("StartupSummary - logship "), out);
            assertTrue(out.contains("StartupSummary -   target main: " + source + " -> //" + SambaSandbox.HOST + ":"
                    + samba.port() + "/" + SambaFixture.SHARE + "/" + nas.nasDir() + " as " + samba.user()
                    + ", verify sha256, encrypted, bandwidth off, then delete"), out);
            // LogshipProcess runs java -Xmx256m without a region size: G1 picks 1 MiB regions
            assertTrue(out.contains("StartupSummary -   JVM: G1 heap regions of 1 MiB hold each 1 MiB SMB buffer"
                    + " (logship.nas.bufferSize) as a humongous object"), out);
            long lines = out.substring(0, out.indexOf(summary)).lines().count() + 1;
            assertTrue(lines <= 10, lines + " lines before logship is up:\n" + out);
        }
        // the property dump is there for whoever debugs
        try (LogshipProcess debug = LogshipProcess.start(installDir, properties, Map.of("LOGSHIP_LOG_LEVEL", "DEBUG"),
                List.of(), installDir.resolve("logship-debug.out"))) {
            debug.awaitOutput(summary, SHIP_TIMEOUT);
            assertTrue(debug.output().contains("Property-placeholders summary"), debug.output());
        }
    }

    @Test
    void asAWindowsServiceAConfigurationErrorEndsWithExitCodeZeroSoWinswDoesNotRestartIt() throws Exception {
        LogshipProcess.install(installDir);
        // the flag config/windows/logship-service.xml passes
        LogshipProcess.CommandResult run = LogshipProcess.command(installDir, Map.of("logship.source.dir", source.toString(),
                "logship.verify", "md5", "logship.deadletter.dir", quarantine.toString(), "camel.management.enabled", "false",
                "logship.service.configErrorExitCode", "0"), Map.of(), "run");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("logship: logship.verify=md5 is not one of sha256, size"), run.output());
        // any other failure keeps its exit code (WinSW restarts the service after a crash)
        LogshipProcess.CommandResult other = LogshipProcess.command(installDir, Map.of("logship.service.configErrorExitCode", "0",
                "logship.source.dir", source.toString(), "logship.deadletter.dir", quarantine.toString(),
                "logship.ledger.dir", work.resolve("ledger").toString()), Map.of(), "audit", "never-shipped.log");
        assertEquals(1, other.exitCode(), other.output());
        // only the service's command uses the key: a problem validate finds (as a check that answers CRITICAL)
        // keeps exit code 2 even where an operator set the key in the file or the environment
        LogshipProcess.CommandResult validate = LogshipProcess.command(installDir, Map.of("logship.source.dir",
                source.toString(), "logship.verify", "md5", "logship.deadletter.dir", quarantine.toString(),
                "logship.service.configErrorExitCode", "0"), Map.of(), "validate");
        assertEquals(2, validate.exitCode(), validate.output());
        assertTrue(validate.output().contains("logship: logship.verify=md5 is not one of sha256, size"), validate.output());
    }


}
