package io.logship.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/configuration.md and config/application.properties name the same keys, each one commented. */
class ConfigurationDocsTest {

    private static final Pattern PROPERTY = Pattern.compile("^#?\\s*((?:camel|logship)\\.[\\w.]+)\\s*=", Pattern.MULTILINE);
    private static final Pattern DOC_ROW = Pattern.compile("^\\| `((?:camel|logship)\\.[\\w.]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyKeyIsDocumentedAndEveryDocumentedKeyExists() throws Exception {
        Set<String> properties = keys(PROPERTY, Files.readString(Path.of("config/application.properties")));
        Set<String> documented = keys(DOC_ROW, Files.readString(Path.of("docs/configuration.md")));
        assertTrue(properties.size() > 50, properties.toString());
        assertEquals(properties, documented);
    }

    @Test
    void everyKeyInThePropertiesFileHasACommentAboveIt() throws Exception {
        String[] lines = Files.readString(Path.of("config/application.properties")).split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = PROPERTY.matcher(lines[i]);
            if (m.find()) {
                assertTrue(i > 0 && lines[i - 1].startsWith("#"), m.group(1) + " has no comment above it");
            }
        }
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
