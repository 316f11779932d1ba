package io.logship;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import io.logship.config.LogshipSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the routes read as {{logship.target.NAME.*}}, from the real config/application.properties. */
class TargetPropertiesTest {

    @TempDir
    Path dir;

    private TargetProperties properties(Map<String, String> overrides) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("config/application.properties"))) {
            p.load(r);
        }
        for (String folder : new String[] {"source", "quarantine", "ledger", "web", "web-quarantine", "web-archive"}) {
            Files.createDirectories(dir.resolve(folder));
        }
        p.put("logship.source.dir", dir.resolve("source").toString());
        p.put("logship.deadletter.dir", dir.resolve("quarantine").toString());
        p.put("logship.ledger.dir", dir.resolve("ledger").toString());
        p.putAll(overrides);
        Map<String, LogshipSettings> targets = LogshipSettings.targets(p::getProperty, p.stringPropertyNames());
        TargetProperties source = new TargetProperties();
        targets.forEach(source::add);
        return source;
    }

    @Test
    void aTargetsOwnKeyWinsAndTheRestComesFromThePlainKeys() throws IOException {
        TargetProperties p = properties(Map.of("logship.targets", "main,web",
                "logship.target.web.source.dir", dir.resolve("web").toString(),
                "logship.target.web.deadletter.dir", dir.resolve("web-quarantine").toString(),
                "logship.target.web.nas.share", "weblogs",
                "logship.target.web.source.afterShip", "archive",
                "logship.target.web.archive.dir", dir.resolve("web-archive").toString(),
                "logship.nas.timeZone", "UTC"));
        assertEquals(dir.resolve("source").toString().replace('\\', '/'), p.getProperty("logship.target.main.source.dir"));
        assertEquals("logs", p.getProperty("logship.target.main.nas.share"));
        assertEquals("weblogs", p.getProperty("logship.target.web.nas.share"));
        assertEquals("localhost", p.getProperty("logship.target.web.nas.host"));
        assertEquals("*.tmp,*.part,*.swp", p.getProperty("logship.target.web.source.exclude"));
        assertEquals("UTC", p.getProperty("logship.target.main.nas.timeZone"));
        assertEquals("sha256", p.getProperty("logship.target.main.verify"));
        // afterShip: main deletes, web archives with its dates in logship.nas.timeZone
        assertEquals("true", p.getProperty("logship.target.main.source.delete"));
        assertNull(p.getProperty("logship.target.main.source.move"));
        assertEquals("false", p.getProperty("logship.target.web.source.delete"));
        assertEquals(dir.resolve("web-archive").toString().replace('\\', '/') + "/${date-with-timezone:file:UTC:yyyy}"
                + "/${date-with-timezone:file:UTC:MM}/${date-with-timezone:file:UTC:dd}/${file:onlyname}"
                + ".${date-with-timezone:now:UTC:yyyyMMdd-HHmmssSSS}", p.getProperty("logship.target.web.source.move"));
        // no such target: the placeholder fails, naming the key
        assertNull(p.getProperty("logship.target.other.source.dir"));
    }

    @Test
    void anEmptyExcludeAndNoDoneFileAreNotSet() throws IOException {
        TargetProperties p = properties(Map.of("logship.source.exclude", ""));
        assertNull(p.getProperty("logship.target.main.source.exclude"));
        assertNull(p.getProperty("logship.target.main.source.doneFileName"));
    }
}
