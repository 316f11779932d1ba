package io.logship.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mistakes an operator makes in routes/ and config/: logship (the jar, run and validate) stops
 * with one line on stderr naming the cause, a non-zero exit code, and leaves the logs alone.
 */
class BadInputIT extends ShipITSupport {

    @TempDir
    Path installDir;

    static Stream<Arguments> brokenRoutes() {
        return Stream.of(
                // bad indentation
                Arguments.of("          readLock: changed", "        readLock: changed", "routes/ship-logs.camel.yaml"),
                // an unknown step
                Arguments.of("          - to:\n              id: ship", "          - too:\n              id: ship", "too"),
                // a misspelt endpoint option
                Arguments.of("          readLockMinLength:", "          readLockMinLenght:", "readLockMinLenght"),
                // a key that does not exist
                Arguments.of("{{logship.target.{{target}}.source.stableSeconds}}s", "{{logship.source.stableSecond}}s",
                        "logship.source.stableSecond"));
    }

    /** One edit of ship-logs.camel.yaml each; the expected fragment of the one line. */
    @ParameterizedTest
    @MethodSource("brokenRoutes")
    void aBrokenRouteFileIsOneLine(String from, String to, String named) throws Exception {
        LogshipProcess.install(installDir);
        Path route = installDir.resolve("routes/ship-logs.camel.yaml");
        String yaml = Files.readString(route);
        String broken = yaml.replace(from, to);
        assertFalse(broken.equals(yaml), "the edit applies");
        Files.writeString(route, broken);
        Path local = writeLog("trans-kept.log", "x\n".getBytes(StandardCharsets.UTF_8));

        for (String command : List.of("run", "validate")) {
            LogshipProcess.Output r = runJar(props, command);
            assertEquals(1, r.exit(), command + ": " + r.err());
            assertEquals(1, r.err().lines().count(), command + " prints one line: " + r.err());
            assertTrue(r.err().startsWith("logship: ") && r.err().contains(named), command + ": " + r.err());
        }
        assertTrue(Files.exists(local));
    }

    static Stream<Arguments> routesCamelAccepts() {
        String twice = "- templatedRoute:\n    routeTemplateRef: ship-logs\n    routeId: ship-logs\n    parameters:\n"
                + "      - name: target\n        value: main\n";
        return Stream.of(
                // 1: the retries, quarantine and recheck before deletion not applied, or gone
                Arguments.of("ship-logs.camel.yaml", "routeConfigurationId: ship-attempts", "routeConfigurationId: ship-attempt",
                        Map.of(), "logship: routes/ship-logs.camel.yaml: route ship-logs (target main) has routeConfigurationId"
                                + " ship-attempt, which no route configuration has (did you mean ship-attempts?)"),
                Arguments.of("ship-attempts.camel.yaml", null, null, Map.of(),
                        "logship: routes/ship-attempts.camel.yaml: no route configuration ship-attempts: "),
                // 2: nothing consumes direct:quarantine
                Arguments.of("quarantine.camel.yaml", null, null, Map.of(), "logship: route configuration ship-attempts and route"
                        + " ship-logs send to direct:quarantine, which no route consumes"),
                // 3: a second templatedRoute under the same routeId
                Arguments.of("targets.camel.yaml", "        value: main\n", "        value: main\n" + twice, Map.of(),
                        "logship: routes/ declares route id ship-logs twice"),
                // 4: a target without its route, a layout Camel cannot parse: Camel's stack trace no longer comes first
                Arguments.of("targets.camel.yaml", null, "", Map.of("logship.targets", "main,web"),
                        "logship: logship.targets=main,web: no route ships target web"),
                Arguments.of("targets.camel.yaml", null, "", Map.of("logship.nas.layout", "${hostnme}"),
                        "logship: logship.nas.layout=${hostnme} is not a layout Camel can evaluate: Unknown function: hostnme"));
    }

    /**
     * Route mistakes Camel itself starts with (a routeConfigurationId or direct: endpoint that matches nothing, a
     * routeId twice): run and validate refuse them as a configuration problem, one line, before Camel logs anything
     * of its own about them. {@code from} null: the file deleted ({@code to} null) or left as it is ({@code to} "").
     */
    @ParameterizedTest
    @MethodSource("routesCamelAccepts")
    void aRouteMistakeCamelAcceptsStopsTheStart(String file, String from, String to, Map<String, String> extra, String line)
            throws Exception {
        LogshipProcess.install(installDir);
        Path route = installDir.resolve("routes").resolve(file);
        if (from != null) {
            String yaml = Files.readString(route);
            assertTrue(yaml.contains(from), "the edit applies");
            Files.writeString(route, yaml.replace(from, to));
        } else if (to == null) {
            Files.delete(route);
        }
        Map<String, String> p = new java.util.LinkedHashMap<>(props);
        p.putAll(extra);
        if (extra.containsKey("logship.targets")) {
            for (String dir : List.of("web-source", "web-quarantine")) {
                Files.createDirectories(installDir.resolve(dir));
            }
            p.put("logship.target.web.source.dir", installDir.resolve("web-source").toString());
            p.put("logship.target.web.deadletter.dir", installDir.resolve("web-quarantine").toString());
        }
        Path local = writeLog("trans-kept.log", "x\n".getBytes(StandardCharsets.UTF_8));
        for (String command : List.of("run", "validate")) {
            LogshipProcess.Output r = runJar(p, command);
            assertEquals(2, r.exit(), command + ": " + r.err());
            assertEquals(1, r.err().lines().count(), command + " prints one line: " + r.err());
            assertTrue(r.err().startsWith(line), command + ": " + r.err());
            assertFalse(r.out().contains(" ERROR ") || r.out().contains("\tat "), command + " logs no error of Camel's: " + r.out());
        }
        assertTrue(Files.exists(local));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "logship.nas.host=|logship: logship.nas.host is not set: give it a value in config/application.properties, -Dlogship.nas.host=... or the environment variable LOGSHIP_NAS_HOST",
        "logship.source.stableSeconds=thirty|logship: logship.source.stableSeconds=thirty is not a whole number: use a whole number from 0 to 86400",
        "logship.source.dir=/no/such/dir|logship: logship.source.dir=/no/such/dir is not an existing directory (/no/such/dir): create it or correct the key",
        "logship.deadletter.dir=/etc/hostname/quarantine|logship: logship.deadletter.dir=/etc/hostname/quarantine is not a writable directory",
        "logship.source.dir=/etc/hostname|logship: logship.source.dir=/etc/hostname is a file, not a folder (/etc/hostname): name a folder",
        "camel.management.port=98100|logship: camel.management.port=98100 is not a port from 0 to 65535: use e.g. 9810",
        "logship.retry.maxDelay=300|logship: logship.retry.maxDelay=300 (-Dlogship.retry.maxDelay) has no unit: write 300s (seconds), 300ms or e.g. 5m"})
    void aBadKeyIsOneLinePerCommand(String property, String line) throws Exception {
        LogshipProcess.install(installDir);
        String[] kv = property.split("=", 2);
        Map<String, String> p = new java.util.LinkedHashMap<>(props);
        p.put(kv[0], kv.length > 1 ? kv[1] : "");
        for (String command : List.of("run", "validate")) {
            LogshipProcess.Output r = runJar(p, command);
            // 2, a configuration problem (systemd does not restart it); but run ends with 1 for a source folder
            // that may still appear (a volume mounted late at boot: systemd and WinSW restart it)
            boolean restarted = command.equals("run") && line.contains(" is not an existing directory ");
            assertEquals(restarted ? 1 : 2, r.exit(), command + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().strip().startsWith(line), command + ": " + r.err());
        }
    }

    /**
     * The case: a typo of afterShip added to the file kept the default (delete) and deleted what
     * should have been archived. Each way of setting a key: one line naming it, where, and the key meant.
     */
    @Test
    void aMisspeltKeyStopsRunAndValidateWithExitTwo() throws Exception {
        LogshipProcess.install(installDir);
        Path config = installDir.resolve("config/application.properties");
        Files.writeString(config, Files.readString(config) + "\nlogship.source.afterShp = archive\n");
        long line = Files.readAllLines(config).size();
        Path local = writeLog("trans-kept.log", "x\n".getBytes(StandardCharsets.UTF_8));
        for (String command : List.of("run", "validate")) {
            LogshipProcess.Output r = runJar(props, Map.of(), command);
            assertEquals(2, r.exit(), command + ": " + r.err());
            assertEquals("logship: logship.source.afterShp (config/application.properties line " + line + ") is not a"
                    + " logship key: did you mean logship.source.afterShip?", r.err().strip(), command);
        }
        assertTrue(Files.exists(local), "nothing shipped, nothing deleted");

        LogshipProcess.install(installDir);
        Map<String, String> misspelt = new java.util.LinkedHashMap<>(props);
        misspelt.put("logship.source.stableSecond", "5");
        LogshipProcess.Output d = runJar(misspelt, Map.of(), "run");
        assertEquals(2, d.exit(), d.err());
        assertEquals("logship: logship.source.stableSecond (-Dlogship.source.stableSecond) is not a logship key: did you"
                + " mean logship.source.stableSeconds?", d.err().strip());

        LogshipProcess.Output env = runJar(props, Map.of("LOGSHIP_NAS_HOTS", "nas01"), "validate");
        assertEquals(2, env.exit(), env.err());
        assertEquals("logship: LOGSHIP_NAS_HOTS (environment variable) is not the variable of any logship key: did you"
                + " mean LOGSHIP_NAS_HOST (logship.nas.host)?", env.err().strip());
        assertTrue(Files.exists(local));
    }

    /**
     * A Windows path with single backslashes: the properties format would ship to transaction-logserp01 without a
     * word. run and validate stop with one line naming the key, its line and the fix; a file saved as UTF-16
     * (Windows PowerShell's >) is one line too, not one per key it seems to lack.
     */
    @Test
    void aSingleBackslashAndAFileInUtf16AreOneLine() throws Exception {
        LogshipProcess.install(installDir);
        Path config = installDir.resolve("config/application.properties");
        String shipped = Files.readString(config);
        String edited = shipped.replace("\nlogship.nas.dir = transaction-logs\n", "\nlogship.nas.dir = transaction-logs\\erp01\n");
        assertFalse(edited.equals(shipped), "the edit applies");
        Files.writeString(config, edited);
        long line = shipped.substring(0, shipped.indexOf("\nlogship.nas.dir = ")).lines().count() + 1;
        Path local = writeLog("trans-kept.log", "x\n".getBytes(StandardCharsets.UTF_8));
        for (String command : List.of("run", "validate")) {
            LogshipProcess.Output r = runJar(props, Map.of(), command);
            assertEquals(2, r.exit(), command + ": " + r.err());
            assertEquals("logship: logship.nas.dir (config/application.properties line " + line + "): the properties format"
                    + " drops a single backslash: write / in paths, \\\\ where a backslash is meant (CORP\\\\logship)",
                    r.err().strip(), command);
        }
        Files.write(config, shipped.getBytes(StandardCharsets.UTF_16));
        LogshipProcess.Output r = runJar(props, Map.of(), "validate");
        assertEquals(2, r.exit(), r.err());
        assertEquals("logship: config/application.properties is UTF-16: save it as UTF-8 without BOM (Notepad: Save as,"
                + " Encoding UTF-8)", r.err().strip());
        assertTrue(Files.exists(local), "nothing shipped, nothing deleted");
    }

    /** The configuration and routes as shipped validate, and validate names each file and what it declares. */
    @Test
    void theShippedConfigurationValidatesFileByFile() throws Exception {
        LogshipProcess.install(installDir);
        LogshipProcess.Output ok = runJar(props, Map.of("LOGSHIP_SOURCE_AFTER_SHIP", "delete"), "validate");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals(List.of(
                "logship: config/application.properties: every logship key known and valid (with the -D options and"
                        + " LOGSHIP_* variables), target main",
                "logship: routes/quarantine.camel.yaml: route quarantine",
                "logship: routes/ship-attempts.camel.yaml: route configuration ship-attempts",
                "logship: routes/ship-logs.camel.yaml: route template ship-logs",
                "logship: routes/targets.camel.yaml: templated route ship-logs (template ship-logs, target main)",
                "logship: valid: config/application.properties and 4 route files (1 route, 1 route configuration,"
                        + " 1 route template, 1 templated route)"),
                ok.out().lines().filter(l -> l.startsWith("logship: ")).toList());
    }

    @Test
    void anArchiveFolderThatHoldsTheSourceFolderStopsTheStart() throws Exception {
        LogshipProcess.install(installDir);
        Map<String, String> p = new java.util.LinkedHashMap<>(props);
        p.put("logship.source.afterShip", "archive");
        p.put("logship.archive.dir", p.get("logship.source.dir"));
        Path local = writeLog("trans-kept.log", "x\n".getBytes(StandardCharsets.UTF_8));
        LogshipProcess.Output r = runJar(p, "run");
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("logship: logship.archive.dir=" + Path.of(p.get("logship.source.dir")).toAbsolutePath().normalize()
                + " is or contains logship.source.dir="), r.err());
        assertTrue(r.err().contains("the archive pruner deletes every file in it"), r.err());
        assertTrue(Files.exists(local));
    }

    /**
     * The tester's case: with the quarantine in the source folder, an unreadable file was quarantined into the
     * source, picked up and quarantined again every few seconds, and each record shipped and deleted.
     */
    @Test
    void aQuarantineThatIsTheSourceFolderStopsRunAndValidate() throws Exception {
        LogshipProcess.install(installDir);
        Map<String, String> p = new java.util.LinkedHashMap<>(props);
        p.put("logship.deadletter.dir", source + "/");
        Path local = writeLog("trans-kept.log", "x\n".getBytes(StandardCharsets.UTF_8));
        for (String command : List.of("run", "validate")) {
            LogshipProcess.Output r = runJar(p, command);
            assertEquals(2, r.exit(), command + ": " + r.err());
            assertEquals("logship: logship.deadletter.dir=" + source + " is logship.source.dir: quarantined files would be"
                    + " shipped again; give the quarantine its own folder", r.err().strip(), command);
        }
        assertTrue(Files.exists(local));
    }

    /**
     * A source folder logship's user cannot list (chmod 000) or cannot delete in (chmod 555): every shipped file
     * would fail to be disposed of. Root passes every permission check, so validate runs as the user nobody.
     */
    @Test
    void aSourceFolderLogshipsUserCannotListOrWriteIsOneLine() throws Exception {
        LogshipProcess.install(installDir);
        Path logs = Files.createDirectories(installDir.resolve("logs"));
        for (Path dir : List.of(installDir, installDir.resolve("config"), installDir.resolve("routes"))) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path dir : List.of(quarantine, work, logs)) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        Map<String, String> home = Map.of("HOME", "/tmp");

        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("---------"));
        LogshipProcess.Output unlisted = LogshipProcess.run(installDir, props, home, asNobody, "validate");
        assertEquals(2, unlisted.exit(), unlisted.err());
        assertEquals("logship: logship.source.dir=" + source + " cannot be listed or written by logship's user"
                + " (AccessDeniedException: " + source + "): give it read and write access to the folder",
                unlisted.err().strip());

        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("r-xr-xr-x"));
        LogshipProcess.Output readOnly = LogshipProcess.run(installDir, props, home, asNobody, "validate");
        assertEquals(2, readOnly.exit(), readOnly.err());
        assertEquals(1, readOnly.err().lines().count(), readOnly.err());
        assertTrue(readOnly.err().startsWith("logship: logship.source.dir=" + source + " cannot be written by logship's"
                + " user (AccessDeniedException: " + source + "/.logship-probe"), readOnly.err());
        assertTrue(readOnly.err().strip().endsWith(".tmp): give it read and write access to the folder"), readOnly.err());

        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxrwxrwx"));
        LogshipProcess.Output ok = LogshipProcess.run(installDir, props, home, asNobody, "validate");
        assertEquals(0, ok.exit(), ok.err());
    }

    @Test
    void validateLogsInToTheNasWhenAsked() throws Exception {
        LogshipProcess.install(installDir);
        LogshipProcess.Output ok = runJar(props, "validate", "--login");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("logship: NAS //127.0.0.1:" + samba.port() + "/logs reachable, login accepted, writable"), ok.out());
        assertTrue(ok.out().contains("logship: valid: config/application.properties and 4 route files"), ok.out());

        Map<String, String> wrong = new java.util.LinkedHashMap<>(props);
        wrong.put("logship.nas.password", "wrong");
        LogshipProcess.Output bad = runJar(wrong, "validate", "--login");
        assertEquals(1, bad.exit());
        assertEquals("logship: NAS //127.0.0.1:" + samba.port() + "/logs refused the login: wrong user name or password"
                + " (STATUS_LOGON_FAILURE) while trying to connect as logship", bad.err().strip());

        Map<String, String> unknownHost = new java.util.LinkedHashMap<>(props);
        unknownHost.put("logship.nas.host", "no-such-nas.invalid");
        LogshipProcess.Output nohost = runJar(unknownHost, "validate", "--login");
        assertEquals(1, nohost.exit());
        assertTrue(nohost.err().strip().startsWith("logship: NAS //no-such-nas.invalid:"), nohost.err());
        assertTrue(nohost.err().contains(" unreachable ("), nohost.err());
    }

    /**
     * A regular expression where an Ant pattern is meant (`.*.log`): nothing would
     * ship and the backlog, counted with the same patterns, would show nothing. validate says so in a note
     * (exit 0: a folder may hold other files only for a while); a pattern that matches, or an exclude, says nothing.
     */
    @Test
    void anIncludeThatMatchesNoFileInTheSourceIsNamedByValidate() throws Exception {
        LogshipProcess.install(installDir);
        writeLog("trans-1.log", "x\n".getBytes(StandardCharsets.UTF_8));
        Map<String, String> regex = new java.util.LinkedHashMap<>(props);
        regex.put("logship.source.include", ".*.log");
        LogshipProcess.Output r = runJar(regex, "validate");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("logship: note: logship.source.include=.*.log matches none of the 1 file in "
                + source + " (trans-1.log), and no exclude names them: if they are logs to ship, correct the pattern"
                + " (Ant style, e.g. *.log)"), r.out());
        LogshipProcess.Output ant = runJar(props, "validate");
        assertEquals(0, ant.exit(), ant.err());
        assertFalse(ant.out().contains("logship: note:"), ant.out());
    }

    private LogshipProcess.Output runJar(Map<String, String> properties, String... args) throws Exception {
        return runJar(properties, Map.of(), args);
    }

    private LogshipProcess.Output runJar(Map<String, String> properties, Map<String, String> env, String... args)
            throws Exception {
        return LogshipProcess.run(installDir, properties, env, args);
    }
}
