package io.logship.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
