package io.logship.ops;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.logship.config.KnownKeys;
import io.logship.config.LogshipSettings;
import io.logship.config.SettingsException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/configuration.md and config/application.properties name the same keys, each one commented; the
 * keys logship accepts are those of the copy of the file in the jar, and every key logship reads is one of
 * them (or one it reads only from -D, or computes).
 */
class ConfigurationDocsTest {

    private static final Pattern DOC_ROW = Pattern.compile("^\\| `((?:camel|logship)\\.[\\w.]+)` \\|", Pattern.MULTILINE);
    /** A string in logship's code that names a key (or a meter, which a builder names). */
    private static final Pattern KEY_LITERAL = Pattern.compile("\"(logship\\.[A-Za-z][\\w.]*[A-Za-z])\"");
    private static final Pattern ROUTE_PLACEHOLDER = Pattern.compile("\\{\\{\\??(logship\\.[\\w.]+)\\}\\}");

    private static String reference() throws IOException {
        return Files.readString(Path.of("config/application.properties"));
    }

    @Test
    void everyKeyIsDocumentedAndEveryDocumentedKeyExists() throws Exception {
        Set<String> properties = KnownKeys.keys(reference(), "");
        Set<String> documented = keys(DOC_ROW, Files.readString(Path.of("docs/configuration.md")));
        assertTrue(properties.size() > 50, properties.toString());
        assertEquals(properties, documented);
    }

    @Test
    void everyKeyInThePropertiesFileHasACommentAboveIt() throws Exception {
        String[] lines = reference().split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = KnownKeys.KEY_LINE.matcher(lines[i]);
            if (m.find()) {
                assertTrue(i > 0 && lines[i - 1].startsWith("#"), m.group(1) + " has no comment above it");
            }
        }
    }

    /** The check reads the copy the build put in the jar: the same keys as the file. */
    @Test
    void theKeysLogshipAcceptsAreThoseOfThePropertiesFile() throws Exception {
        assertEquals(KnownKeys.keys(reference(), "logship."), KnownKeys.shipped().documented());
    }

    /** Every key the settings read is documented: otherwise the check would refuse a key that works. */
    @Test
    void everyKeyTheSettingsReadIsDocumented() throws Exception {
        Properties values = new Properties();
        values.load(new StringReader(reference()));
        Map<String, String> archive = new HashMap<>();
        values.stringPropertyNames().forEach(k -> archive.put(k, values.getProperty(k)));
        // the archive keys are read in archive mode only
        archive.put("logship.source.afterShip", "archive");
        Set<String> read = new TreeSet<>();
        try {
            LogshipSettings.from(key -> {
                read.add(key);
                return archive.get(key);
            });
        } catch (SettingsException e) {
            // folders missing here: what matters is which keys were asked for
        }
        assertTrue(read.size() > 40, read.toString());
        // and logship.retry.maxAttempts, retired, which the settings read to say what replaced it
        read.removeIf(KnownKeys.shipped()::named);
        // Camel's key, in the file's Camel section, which the settings check because validate does not bind it
        read.remove("camel.management.port");
        assertEquals(Set.of(), read, "read but not in config/application.properties");
    }

    /**
     * A key named in logship's code or routes (not a meter's name) is documented, read only from -D
     * (KnownKeys' internal list), or computed by logship.
     */
    @Test
    void everyKeyTheCodeAndTheRoutesNameIsKnown() throws Exception {
        Set<String> named = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    // meters are named in their builders, files in resolve() or a FILE_NAME constant (logship.aot),
                    // and may share a key's first words
                    if (!line.contains("builder(") && !line.contains("resolve(") && !line.contains(" FILE_NAME = ")) {
                        keys(KEY_LITERAL, line).forEach(k -> named.add(k + "  (" + file.getFileName() + ")"));
                    }
                }
            }
        }
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                keys(ROUTE_PLACEHOLDER, Files.readString(file)).forEach(k -> named.add(k + "  (" + file.getFileName() + ")"));
            }
        }
        Set<String> unknown = new TreeSet<>();
        for (String n : named) {
            String key = n.substring(0, n.indexOf("  ("));
            if (!KnownKeys.shipped().named(key)) {
                unknown.add(n);
            }
        }
        assertTrue(named.size() > 30, named.toString());
        assertEquals(Set.of(), unknown, "named in the code or routes/ but neither documented nor internal");
    }

    private static Set<String> keys(Pattern p, String text) {
        Set<String> keys = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }
}
