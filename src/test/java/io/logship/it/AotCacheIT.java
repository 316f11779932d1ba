package io.logship.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.logship.cli.AotCache;
import io.logship.ship.NasLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AOT cache as docs/operations.md has operators make it and the systemd unit use it: Temurin 25,
 * whatever JDK runs this test (on the JDK 17 run of .ci/run too), and JDK 17, where nothing changes.
 */
class AotCacheIT extends ShipITSupport {

    /** The JDKs of the service definitions and of docs/operations.md's JDK 17 line (both on CI's machines). */
    static final Path JAVA_25 = Path.of(System.getProperty("logship.it.java25", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));
    static final Path JAVA_17 = Path.of("/usr/bin/java");
    private static final Path UNIT = Path.of("config/systemd/logship.service");

    @TempDir
    Path installDir;

    @Test
    void theDocumentedStepMakesTheCacheTheServiceUsesAndAStaleOrMissingOneStopsNothing() throws Exception {
        assertTrue(Files.isExecutable(JAVA_25), JAVA_25 + ": Temurin 25 is on every machine of this project, CI's too");
        Path jar = install();
        Path cache = installDir.resolve(AotCache.FILE_NAME);

        LogshipProcess.CommandResult made = LogshipProcess.command(JAVA_25, jar, installDir, props, Map.of(), "aot-cache");
        assertEquals(0, made.exitCode(), made.output());
        assertTrue(made.output().contains("logship: AOT cache " + cache + " made for logship.jar and Java 25"), made.output());
        assertTrue(Files.size(cache) > 10_000_000, Files.size(cache) + " bytes");
        // the training's test files shipped and deleted again: nothing left on the NAS but empty folders
        assertEquals(List.of(), nas.allFiles());
        assertTrue(Files.isDirectory(nas.base().resolve(NasLayout.TEMP_FOLDER)), "the training ran against this NAS folder");
        // and none of its lines in this installation's log
        assertEquals("", aotLinesIn(installDir.resolve("logs")));

        String used = startShipAndStop("in-use.log", "  JVM: AOT cache " + cache + " in use");
        assertFalse(used.contains("[aot") || used.contains("WARNING"), used);

        // stale: another jar at the same path (a copy with another time stamp is enough for the JVM)
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 3_600_000));
        startShipAndStop("stale.log", "WARN  [main] StartupSummary -   JVM: AOT cache " + cache
                + " not used: it was made for another logship.jar or Java build; logship runs without it");

        Files.delete(cache);
        String missing = startShipAndStop("missing.log", "WARN  [main] StartupSummary -   JVM: AOT cache " + cache
                + " not used: it does not exist;");
        assertFalse(missing.contains("[aot") || missing.contains("[error"), "the JVM's own lines stay out: " + missing);
    }

    @Test
    void onJava17ThereIsNoCacheToMakeAndTheServiceRunsAsBefore() throws Exception {
        Path jar = install();
        LogshipProcess.CommandResult none = LogshipProcess.command(JAVA_17, jar, installDir, props, Map.of(), "aot-cache");
        assertEquals(1, none.exitCode(), none.output());
        assertTrue(none.output().contains("logship: an AOT cache needs Java 25 or later; this is Java 17"), none.output());
        assertFalse(Files.exists(installDir.resolve(AotCache.FILE_NAME)));

        // the JDK 17 ExecStart of docs/operations.md
        Matcher jdk17 = Pattern.compile("\nExecStart=/usr/bin/java (.*?) -jar /opt/logship/logship.jar run\n")
                .matcher(Files.readString(Path.of("docs/operations.md")));
        assertTrue(jdk17.find());
        List<String> java = new ArrayList<>(List.of(JAVA_17.toString()));
        java.addAll(Arrays.asList(jdk17.group(1).split(" ")));
        String out = startShipAndStop(java, "on-17.log", "StartupSummary -   target main: ");
        assertFalse(out.contains("AOT"), out);
    }

    /** The installation: config/, routes/ and a copy of the jar, as the release unpacks them. */
    private Path install() throws IOException {
        LogshipProcess.install(installDir);
        return Files.copy(LogshipProcess.JAR, installDir.resolve("logship.jar"));
    }

    /** As the systemd unit starts it, with the installation folder for /opt/logship. */
    private String startShipAndStop(String name, String line) throws Exception {
        Matcher exec = Pattern.compile("\nExecStart=(\\S+) (.*?) -jar /opt/logship/logship.jar run\n").matcher(Files.readString(UNIT));
        assertTrue(exec.find());
        assertEquals(JAVA_25.toString(), exec.group(1));
        List<String> java = new ArrayList<>(List.of(JAVA_25.toString()));
        for (String option : exec.group(2).split(" ")) {
            java.add(option.replace("/opt/logship", installDir.toString()));
        }
        return startShipAndStop(java, name, line);
    }

    private String startShipAndStop(List<String> java, String name, String line) throws Exception {
        Path local = writeLog(name, ("shipped with " + name + "\n").getBytes(StandardCharsets.UTF_8));
        Path out = installDir.resolve(name + ".out");
        try (LogshipProcess logship = LogshipProcess.start(java, installDir.resolve("logship.jar"), installDir, props,
                Map.of(), out)) {
            try {
                logship.awaitOutput(line, SHIP_TIMEOUT);
                awaitGone(local);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("no '" + line + "' or no ship: " + logship.output(), e);
            }
            assertEquals("shipped with " + name + "\n", new String(nas.read(name), StandardCharsets.UTF_8));
            logship.stop();
            return logship.output();
        }
    }

    /** The lines of a log folder that come from a JVM's AOT cache handling or the training run. */
    private static String aotLinesIn(Path logs) throws IOException {
        if (!Files.isDirectory(logs)) {
            return "";
        }
        StringBuilder found = new StringBuilder();
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (l.contains("[aot") || l.contains("aot-training") || l.contains("training")) {
                        found.append(l).append('\n');
                    }
                }
            }
        }
        return found.toString();
    }
}
