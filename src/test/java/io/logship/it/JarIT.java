package io.logship.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.logship.sandbox.SambaSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator runs: {@code java -jar target/logship.jar} in a folder holding config/ and
 * routes/, with the password from the environment.
 */
class JarIT extends ShipITSupport {

    private static final Path JAR = Path.of("target/logship.jar").toAbsolutePath();

    @TempDir
    Path installDir;

    @Test
    void theJarShipsWithThePasswordFromTheEnvironmentAndServesHealthOnLoopback() throws Exception {
        copyInstallation();
        int port = freePort();
        Path local = writeLog("trans-jar.log", "from the jar\n".getBytes(StandardCharsets.UTF_8));
        Path day = nas.dayDirOf(local);
        Path log = installDir.resolve("logship.out");
        ProcessBuilder pb = new ProcessBuilder(command(
                "-Dlogship.source.dir=" + source, "-Dlogship.source.stableSeconds=1",
                "-Dlogship.deadletter.dir=" + quarantine,
                "-Dlogship.nas.host=" + SambaSandbox.HOST, "-Dlogship.nas.share=" + SambaFixture.SHARE,
                "-Dlogship.nas.dir=" + nas.nasDir(), "-Dcamel.management.port=" + port))
                .directory(installDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("LOGSHIP_NAS_PORT", Integer.toString(samba.port()));
        env.put("LOGSHIP_NAS_USERNAME", samba.user());
        env.put("LOGSHIP_NAS_PASSWORD", samba.password());
        Process logship = pb.start();
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
            logship.destroy();
            assertTrue(logship.waitFor(60, TimeUnit.SECONDS), "logship stops on SIGTERM");
        }
        String output = Files.readString(log);
        assertTrue(!output.contains(samba.password()), "the password never appears in the output");
    }

    @Test
    void aBadValueStopsStartUpWithOneLineNamingTheKey() throws Exception {
        copyInstallation();
        Process p = new ProcessBuilder(command("-Dlogship.source.dir=" + source, "-Dlogship.verify=md5",
                "-Dlogship.deadletter.dir=" + quarantine,
                "-Dcamel.management.enabled=false")).directory(installDir.toFile()).redirectErrorStream(false).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertEquals("logship: logship.verify=md5 is not one of sha256, size", err.strip());
        assertTrue(Files.exists(source) && Files.list(source).count() == 0);
    }

    private List<String> command(String... properties) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(List.of(properties));
        cmd.add("-jar");
        cmd.add(JAR.toString());
        return cmd;
    }

    private void copyInstallation() throws IOException {
        for (String dir : List.of("config", "routes")) {
            Files.createDirectories(installDir.resolve(dir));
            try (var files = Files.list(Path.of(dir))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, installDir.resolve(dir).resolve(f.getFileName()));
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
