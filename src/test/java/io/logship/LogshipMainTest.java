package io.logship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.logship.config.LogshipSettings;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogshipMainTest {

    /** {@code logship <command> --help} prints that command's usage and exits 0, as {@code logship --help} does. */
    @Test
    void everyCommandAnswersHelp() {
        for (String command : new String[] {"run", "validate", "seal", "check", "status", "replay", "audit", "aot-cache", "demo"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = LogshipMain.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), command, "--help");
            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, command + ": " + err.toString(StandardCharsets.UTF_8));
            assertTrue(printed.startsWith("Usage: logship " + command), command + ": " + printed);
        }
    }

    /** Camel prints a refused endpoint's whole URI: a password under a misspelt option is masked all the same. */
    @Test
    void aFailedCommandsLineMasksAPasswordEvenUnderAMisspeltOption() {
        String line = LogshipMain.failureLine(new IllegalArgumentException("Failed to resolve endpoint:"
                + " nas://localhost:445/logs?pasword=secret123&verify=sha256 due to: Unknown parameters=[{pasword=secret123}]"));
        assertFalse(line.contains("secret123"), line);
        assertTrue(line.startsWith("logship: Failed to resolve endpoint: nas://localhost:445/logs?pasword=******&verify=sha256"), line);
    }

    /** {@code java -jar logship.jar -Dkey=value validate}: one line saying where a JVM option goes, exit 2. */
    @Test
    void aJavaOptionAfterTheJarSaysToPutItBeforeJar() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LogshipMain.execute(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "-Dlogship.nas.host=nas01", "validate");
        assertEquals(2, code);
        assertEquals("logship: -Dlogship.nas.host=nas01 is an option of java, not of logship: put it before -jar"
                + " (java -Dlogship.nas.host=nas01 -jar logship.jar …)", err.toString(StandardCharsets.UTF_8).strip());
    }

    /** A command run outside the installation folder names the missing configuration and the fix, exit 2. */
    @Test
    void aMissingConfigurationFileIsOneLineAndAConfigurationError(@TempDir Path dir) {
        String before = System.getProperty(LogshipMain.CONFIG_PROPERTY);
        System.setProperty(LogshipMain.CONFIG_PROPERTY, dir.resolve("nosuch/application.properties").toString());
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = LogshipMain.execute(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), "seal");
            String line = err.toString(StandardCharsets.UTF_8).strip();
            assertEquals(2, code, line);
            assertTrue(line.startsWith("logship: " + dir.resolve("nosuch/application.properties") + " does not exist"), line);
            assertTrue(line.endsWith("run logship in its installation folder, or name the file with -Dlogship.config=… or"
                    + " LOGSHIP_CONFIG"), line);
        } finally {
            if (before == null) {
                System.clearProperty(LogshipMain.CONFIG_PROPERTY);
            } else {
                System.setProperty(LogshipMain.CONFIG_PROPERTY, before);
            }
        }
    }

    /**
     * Run from a folder without routes/ (or with camel.main.routesIncludePattern naming a missing folder), validate and
     * run name the key, its line, the folder, the working directory and the fix, exit 2; Camel alone said "routes".
     */
    @Test
    void aMissingRoutesFolderIsOneLineAndAConfigurationError(@TempDir Path dir) throws Exception {
        String missing = Path.of("").toAbsolutePath().relativize(dir.resolve("routes")).toString().replace('\\', '/');
        Path config = dir.resolve("application.properties");
        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of("config/application.properties")));
        int line = lines.indexOf("camel.main.routesIncludePattern = file:routes/*.camel.yaml");
        assertTrue(line >= 0, "the shipped key");
        lines.set(line, "camel.main.routesIncludePattern = file:" + missing + "/*.camel.yaml");
        Files.write(config, lines);
        System.setProperty(LogshipMain.CONFIG_PROPERTY, config.toString());
        try {
            for (String command : new String[] {"validate", "run"}) {
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = LogshipMain.execute(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), command);
                String printed = err.toString(StandardCharsets.UTF_8).strip();
                assertEquals(2, code, command + ": " + printed);
                assertEquals("logship: camel.main.routesIncludePattern=file:" + missing + "/*.camel.yaml (" + config + " line "
                        + (line + 1) + "): the folder " + missing + " does not exist in the working directory "
                        + Path.of("").toAbsolutePath() + ": run logship in its installation folder (where routes/ is), or set"
                        + " camel.main.routesIncludePattern to the route files (file:/opt/logship/routes/*.camel.yaml)",
                        printed, command);
            }
        } finally {
            System.clearProperty(LogshipMain.CONFIG_PROPERTY);
        }
    }

    /** Only the service's command maps a configuration error to logship.service.configErrorExitCode. */
    @Test
    void onlyRunAndTheDefaultCommandAreTheService() {
        assertTrue(LogshipMain.runsTheService());
        assertTrue(LogshipMain.runsTheService("run"));
        assertTrue(LogshipMain.runsTheService("run", "--no-such-option"));
        for (String command : new String[] {"validate", "seal", "check", "status", "replay", "audit", "aot-cache", "demo"}) {
            assertFalse(LogshipMain.runsTheService(command), command);
        }
        assertFalse(LogshipMain.runsTheService("no-such-command"));
    }

    /**
     * The file is UTF-8 to the service as to the operator's editor: a folder with an umlaut and a non-ASCII
     * password reach the settings as written through the loading path of run and validate (Camel Main's own
     * properties component; Camel alone would read ISO-8859-1), and through the commands' (seal, audit).
     */
    @Test
    void aUtf8ValueReachesTheSettingsAsWritten(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path source = Files.createDirectories(dir.resolve("source"));
        Path quarantine = Files.createDirectories(dir.resolve("quarantine"));
        Path config = dir.resolve("application.properties");
        // the shipped file with the operator's values
        String shipped = Files.readString(Path.of("config/application.properties"));
        String[][] values = {{"logship.nas.dir", "Protokolle/Buchungsl\u00e4ufe"}, {"logship.nas.password", "K\u00e4nnwort\u20ac"},
            {"logship.source.dir", source.toString()}, {"logship.deadletter.dir", quarantine.toString()},
            {"logship.ledger.dir", data.toString()}, {"logship.integrity.manifest", data.resolve("seal").toString()}};
        for (String[] kv : values) {
            String edited = shipped.replaceFirst("(?m)^" + java.util.regex.Pattern.quote(kv[0]) + " =.*$",
                    java.util.regex.Matcher.quoteReplacement(kv[0] + " = " + kv[1]));
            assertFalse(edited.equals(shipped), kv[0]);
            shipped = edited;
        }
        Files.writeString(config, shipped, StandardCharsets.UTF_8);
        System.setProperty(LogshipMain.CONFIG_PROPERTY, config.toString());
        try {
            Main main = LogshipMain.create();
            // validate's overrides: nothing started, no port, no probe
            main.addOverrideProperty("camel.main.autoStartup", "false");
            main.addOverrideProperty("camel.management.enabled", "false");
            main.addOverrideProperty("logship.nas.probeSeconds", "0");
            main.start();
            try {
                LogshipSettings run = LogshipSettings.targets(main.getCamelContext().getPropertiesComponent()).get("main");
                assertEquals("Protokolle/Buchungsl\u00e4ufe", run.nasDir());
                assertEquals("K\u00e4nnwort\u20ac", run.nasPassword());
            } finally {
                main.stop();
            }
            LogshipSettings command = LogshipMain.loadSettings();
            assertEquals("Protokolle/Buchungsl\u00e4ufe", command.nasDir());
            assertEquals("K\u00e4nnwort\u20ac", command.nasPassword());
        } finally {
            System.clearProperty(LogshipMain.CONFIG_PROPERTY);
        }
    }
}
