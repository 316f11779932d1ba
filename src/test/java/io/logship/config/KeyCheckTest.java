package io.logship.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A key logship does not know is refused in one line naming it, where it was set and the nearest known key. */
class KeyCheckTest {

    @TempDir
    Path dir;

    private static List<String> check(List<String> targets, List<KeyCheck.SetKey> keys, Map<String, String> env) {
        return new KeyCheck(KnownKeys.shipped(), targets).check(keys, env);
    }

    private static KeyCheck.SetKey set(String key, String origin) {
        return new KeyCheck.SetKey(key, origin);
    }

    @Test
    void aMisspeltKeyInTheFileIsNamedWithItsLineAndTheNearestKey() throws Exception {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, "# a comment\nlogship.nas.host = nas01\n\nlogship.source.afterShp = archive\n"
                + "logship.nas.dir = a\\\n  logship.nas.hots = not a key, the line goes on\ncamel.main.name = x\n"
                + "! another comment\nlogship.source.stableSecond: 10\n");
        List<KeyCheck.SetKey> keys = KeyCheck.fileKeys(file, "config/application.properties");
        assertEquals(List.of(set("logship.nas.host", "config/application.properties line 2"),
                set("logship.source.afterShp", "config/application.properties line 4"),
                set("logship.nas.dir", "config/application.properties line 5"),
                set("camel.main.name", "config/application.properties line 7"),
                set("logship.source.stableSecond", "config/application.properties line 9")), keys);
        assertEquals(List.of(
                "logship.source.afterShp (config/application.properties line 4) is not a logship key: did you mean"
                        + " logship.source.afterShip?",
                "logship.source.stableSecond (config/application.properties line 9) is not a logship key: did you mean"
                        + " logship.source.stableSeconds?"),
                check(List.of("main"), keys, Map.of()));
    }

    @Test
    void theFileTheProgramsOverridesAndTheSystemPropertiesAreEachNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), "logship.nas.hots = nas01\n");
        PropertiesComponent properties = new PropertiesComponent();
        properties.setCamelContext(new DefaultCamelContext(false));
        properties.setLocation("file:" + file + ";optional=true");
        properties.addOverrideProperty("logship.verfy", "size");
        String property = "logship.nas.prot";
        System.setProperty(property, "445");
        try {
            assertEquals(List.of(
                    "logship.nas.hots (" + file + " line 1) is not a logship key: did you mean logship.nas.host?",
                    "logship.verfy (set by the program) is not a logship key: did you mean logship.verify?",
                    "logship.nas.prot (-Dlogship.nas.prot) is not a logship key: did you mean logship.nas.port?"),
                    check(List.of("main"), KeyCheck.keysSet(properties), Map.of()));
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void perTargetKeysNeedATargetAndAKeyATargetMayOverride() {
        List<KeyCheck.SetKey> keys = List.of(set("logship.target.web.nas.share", "-D"),
                set("logship.target.web.nas.hots", "-D"), set("logship.target.wbe.nas.share", "-D"),
                set("logship.target.web.ledger.dir", "-D"), set("logship.target.web", "-D"),
                set("logship.target.other.nas.share", "-D"));
        assertEquals(List.of(
                "logship.target.web.nas.hots (-D) is not a logship key: did you mean logship.target.web.nas.host?",
                "logship.target.wbe.nas.share (-D) is set but wbe is not in logship.targets=main,web: add the target or"
                        + " remove the key; did you mean logship.target.web.nas.share?",
                "logship.target.web.ledger.dir (-D) cannot be set per target: logship.ledger.dir is shared by all targets;"
                        + " set it there",
                "logship.target.web (-D) cannot be set per target: name a key after the target",
                "logship.target.other.nas.share (-D) is set but other is not in logship.targets=main,web: add the target"
                        + " or remove the key"),
                check(List.of("main", "web"), keys, Map.of()));
    }

    @Test
    void environmentVariablesAreTheKeysCamelMapsThemTo() {
        Map<String, String> env = Map.of("LOGSHIP_NAS_PASSWORD", "x", "LOGSHIP_SOURCE_AFTER_SHIP", "archive",
                "LOGSHIP_SOURCE_AFTERSHIP", "archive", "LOGSHIP_TARGET_WEB_NAS_SHARE", "weblogs",
                "LOGSHIP_LOG_LEVEL", "DEBUG", "PATH", "/bin", "LOGSHIP_NAS_HOTS", "nas01",
                "LOGSHIP_TARGET_WBE_NAS_SHARE", "x", "LOGSHIP_TARGET_WEB_LEDGER_DIR", "/x", "LOGSHIP_CONFIG", "/etc/x");
        assertEquals(List.of(
                "LOGSHIP_NAS_HOTS (environment variable) is not the variable of any logship key: did you mean"
                        + " LOGSHIP_NAS_HOST (logship.nas.host)?",
                "LOGSHIP_TARGET_WBE_NAS_SHARE (environment variable) is set but wbe is not in logship.targets=main,web:"
                        + " add the target or remove the variable",
                "logship.target.web.ledger.dir (environment variable LOGSHIP_TARGET_WEB_LEDGER_DIR) cannot be set per"
                        + " target: logship.ledger.dir is shared by all targets; set it there"),
                check(List.of("main", "web"), List.of(), env));
    }

    @Test
    void internalKeysAreTakenFromTheCommandLineOnlyAndCamelKeysAreCamels() {
        List<KeyCheck.SetKey> keys = List.of(set("logship.attemptObserver", "-Dlogship.attemptObserver"),
                set("logship.config", "config/application.properties line 3"), set("camel.main.nmae", "-D"),
                set("logshp.nas.host", "config/application.properties line 4"), set("logship.retry.maxAttempts", "-D"),
                set("logship.zzzz", "-D"));
        assertEquals(List.of(
                "logship.config (config/application.properties line 3) names the configuration file and is read only as"
                        + " a -D option or an environment variable, not from here: remove it",
                "logshp.nas.host (config/application.properties line 4) is not a logship key: did you mean logship.nas.host?",
                "logship.zzzz (-D) is not a logship key: no known key is close (docs/configuration.md lists them all);"
                        + " correct or remove it"),
                check(List.of("main"), keys, Map.of()));
    }

    @Test
    void aKeyAddedToTheReferenceIsKnownWithoutAChangeHere() {
        KnownKeys grown = KnownKeys.parse("# the SMB login: ntlm or kerberos\nlogship.nas.auth = ntlm\n"
                + "# a commented-out key is known too\n#logship.nas.kerberos.realm = EXAMPLE.COM\n");
        List<KeyCheck.SetKey> keys = List.of(set("logship.nas.auth", "-D"), set("logship.nas.kerberos.realm", "-D"),
                set("logship.target.web.nas.auth", "-D"), set("logship.source.dir", "-D"));
        assertEquals(List.of("logship.source.dir (-D) is not a logship key: no known key is close (docs/configuration.md"
                + " lists them all); correct or remove it"), new KeyCheck(grown, List.of("main", "web")).check(keys,
                        Map.of("LOGSHIP_TARGET_WEB_NAS_AUTH", "kerberos")));
    }

    private List<String> checkFile(String content) throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), content, StandardCharsets.UTF_8);
        return check(List.of("main"), KeyCheck.fileKeys(file, "config/application.properties"), Map.of());
    }

    private static final String BACKSLASH = ": the properties format drops a single backslash: write / in paths, \\\\ where"
            + " a backslash is meant (CORP\\\\logship)";

    /** What a Windows operator writes: the format drops the backslash or makes it a TAB, the key's line says so. */
    @Test
    void aSingleBackslashInAValueIsNamedWithItsLine() throws Exception {
        assertEquals(List.of(
                "logship.nas.dir (config/application.properties line 1)" + BACKSLASH,
                "logship.nas.username (config/application.properties line 2)" + BACKSLASH,
                "logship.nas.password (config/application.properties line 3)" + BACKSLASH,
                "logship.source.dir (config/application.properties line 4): the properties format reads \\t as a control"
                        + " character: write / in paths, \\\\ where a backslash is meant (CORP\\\\logship)",
                "logship.nas.host (config/application.properties line 5)" + BACKSLASH,
                "logship.target.main.nas.password (config/application.properties line 6): the properties format reads a"
                        + " backslash and"
                        + " a letter as a control character: write / in paths, \\\\ where a backslash is meant"
                        + " (CORP\\\\logship)",
                "camel.main.name (config/application.properties line 7)" + BACKSLASH),
                checkFile("logship.nas.dir = transaction-logs\\erp01\nlogship.nas.username = CORP\\logship\n"
                        + "logship.nas.password = pa\\ss\nlogship.source.dir = C:\\temp\\new\n"
                        + "logship.nas.host = \\\\nas01\\logs\n"
                        + "logship.target.main.nas.password = secre\\t\ncamel.main.name = a\\b\n"));
        // what the format means: an escaped backslash, a Unicode escape, a continued line, an escaped # or =;
        // other keys are no business of logship's
        assertEquals(List.of(), checkFile("logship.service.account = NT SERVICE\\\\logship\n"
                + "logship.nas.dir = Buchungsl\\u00e4ufe\nlogship.source.exclude = *.tmp,\\\n    *.part\n"
                + "logship.nas.layout = a\\#b\\=c\nother.key = C:\\temp\n# logship.nas.dir = C:\\temp\n"));
    }

    /** Properties.load refuses the whole file for a \\u that is no Unicode escape (C:\\users): one line, before Camel. */
    @Test
    void aBackslashUThatIsNoUnicodeEscapeIsOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), "logship.nas.host = nas01\n"
                + "logship.source.dir = C:\\temp\\users\\bob\n");
        SettingsException e = assertThrows(SettingsException.class, () -> ConfigFile.requireReadable("file:" + file));
        assertEquals(List.of("logship.source.dir (" + file + " line 2): the properties format reads \\u as the start of a"
                + " Unicode escape, and refuses the file: write / in paths, \\\\ where a backslash is meant"
                + " (CORP\\\\logship)"), e.problems());
    }

    @Test
    void aCommentAfterAValueIsNamedButNeverInAPassword() throws Exception {
        assertEquals(List.of(
                "logship.nas.dir (config/application.properties line 1): '# base folder' is part of the value, not a"
                        + " comment: put the comment on its own line",
                "logship.nas.layout (config/application.properties line 2): '! by day' is part of the value, not a"
                        + " comment: put the comment on its own line"),
                checkFile("logship.nas.dir = transaction-logs   # base folder\nlogship.nas.layout = {yyyy}\t! by day\n"
                        + "logship.nas.password = correct horse #battery\nlogship.target.main.nas.password = x !y\n"
                        + "camel.beans.metricsRegistry = #class:io.logship.metrics.LogshipMeterRegistry\n"
                        + "logship.nas.share = logs#1\n"));
    }

    @Test
    void aKeySetTwiceNamesBothLines() throws Exception {
        assertEquals(List.of("logship.nas.dir (config/application.properties line 4) is also set on line 1, and this"
                + " line wins: remove one of them"),
                checkFile("logship.nas.dir = a\nlogship.nas.host = nas01\n# logship.nas.dir = c\nlogship.nas.dir = b\n"));
    }

    @Test
    void aLogshipKeyInAnotherCaseIsRefused() throws Exception {
        String property = "LOGSHIP.nas.hots";
        System.setProperty(property, "nas01");
        try {
            Path file = Files.writeString(dir.resolve("app.properties"), "Logship.source.afterShip = archive\n");
            PropertiesComponent properties = new PropertiesComponent();
            properties.setCamelContext(new DefaultCamelContext(false));
            properties.setLocation("file:" + file);
            assertEquals(List.of(
                    "Logship.source.afterShip (" + file + " line 1) is not a logship key: did you mean logship.source.afterShip?",
                    "LOGSHIP.nas.hots (-DLOGSHIP.nas.hots) is not a logship key: did you mean logship.nas.host?"),
                    check(List.of("main"), KeyCheck.keysSet(properties), Map.of()));
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void aCamelKeyOfAGroupCamelDoesNotBindIsRefused() {
        List<KeyCheck.SetKey> keys = List.of(set("camel.managment.port", "config/application.properties line 5"),
                set("camel.management.port", "-D"), set("camel.routeTemplate[0].id", "-D"), set("camel.MAIN.name", "-D"),
                set("camel.component.properties.encoding", "-D"), set("Camel.main.name", "-D"), set("camel.zzzz.x", "-D"),
                set("camel.metrcs.enabled", "-D"));
        assertEquals(List.of(
                "camel.managment.port (config/application.properties line 5) is read by nothing: Camel knows no group"
                        + " camel.managment: did you mean camel.management.port?",
                "Camel.main.name (-D) is read by nothing: did you mean camel.main.name?",
                "camel.zzzz.x (-D) is read by nothing: Camel knows no group camel.zzzz (docs/configuration.md lists the"
                        + " camel.* keys logship uses); correct or remove it",
                "camel.metrcs.enabled (-D) is read by nothing: Camel knows no group camel.metrcs: did you mean"
                        + " camel.metrics.enabled?"),
                check(List.of("main"), keys, Map.of()));
    }

    /** The groups are Camel Main's own: each is a prefix its BaseMainSupport binds. */
    @Test
    void theCamelGroupsAreThoseCamelMainBinds() throws Exception {
        java.util.Set<String> constants = new java.util.HashSet<>();
        try (var in = org.apache.camel.main.BaseMainSupport.class.getResourceAsStream("BaseMainSupport.class")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("camel\\.([A-Za-z0-9]+)[.\\[]?")
                    .matcher(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
            while (m.find()) {
                constants.add(m.group(1));
            }
        }
        for (String group : KeyCheck.CAMEL_GROUPS) {
            assertTrue(constants.contains(group) || group.equals("main"), group);
        }
    }

    @Test
    void aFileNotInUtf8IsOneLine() throws Exception {
        Path file = dir.resolve("application.properties");
        byte[] text = "logship.nas.host = nas01\nlogship.nas.dir = Buchungsl\u00e4ufe\n".getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[text.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bom, 3, text.length);
        String save = ": save it as UTF-8 without BOM (Notepad: Save as, Encoding UTF-8)";
        Map<byte[], String> cases = new java.util.LinkedHashMap<>();
        cases.put(bom, "config/application.properties starts with a byte order mark" + save);
        cases.put("logship.nas.host = nas01\n".getBytes(StandardCharsets.UTF_16), "config/application.properties is UTF-16" + save);
        cases.put("logship.nas.host = nas01\n".getBytes(StandardCharsets.UTF_16LE),
                "config/application.properties holds NUL bytes (UTF-16 without a byte order mark?)" + save);
        cases.put("logship.nas.host = nas01\nlogship.nas.dir = Buchungsl\u00e4ufe\n".getBytes(StandardCharsets.ISO_8859_1),
                "config/application.properties line 2 is not UTF-8 (saved in the ANSI code page?)" + save);
        for (Map.Entry<byte[], String> c : cases.entrySet()) {
            Files.write(file, c.getKey());
            SettingsException e = assertThrows(SettingsException.class, () -> KeyCheck.fileKeys(file,
                    "config/application.properties"));
            assertEquals(List.of(c.getValue()), e.problems());
        }
        Files.write(file, text);
        assertEquals(2, KeyCheck.fileKeys(file, "config/application.properties").size());
    }
}
