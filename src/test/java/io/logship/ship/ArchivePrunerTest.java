package io.logship.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchivePrunerTest {

    private static final long NOW = 1_800_000_000_000L;

    @TempDir
    Path archive;

    private Path archived(String name, int bytes, Duration age) throws Exception {
        Path p = archive.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[bytes]);
        Files.setLastModifiedTime(p, FileTime.fromMillis(NOW - age.toMillis()));
        return p;
    }

    @Test
    void copiesOlderThanTheAgeLimitGoAndTheirEmptyFoldersWithThem() throws Exception {
        Path old = archived("2026/10/01/trans.log.1", 10, Duration.ofDays(40));
        Path recent = archived("2026/11/20/trans.log.2", 10, Duration.ofDays(5));
        ArchivePruner.Pass pass = new ArchivePruner(null, archive, 1_000_000, 30, 60).prune(NOW);
        assertFalse(Files.exists(old));
        assertFalse(Files.exists(archive.resolve("2026/10")), "the emptied date folders are removed");
        assertTrue(Files.exists(recent));
        assertEquals(new ArchivePruner.Pass(1, 10, 1, 10), pass);
    }

    @Test
    void theOldestCopiesGoUntilTheArchiveIsWithinItsSize() throws Exception {
        Path a = archived("a.log", 400, Duration.ofHours(3));
        Path b = archived("b.log", 400, Duration.ofHours(2));
        Path c = archived("c.log", 400, Duration.ofHours(1));
        ArchivePruner.Pass pass = new ArchivePruner(null, archive, 1000, 30, 60).prune(NOW);
        assertFalse(Files.exists(a));
        assertTrue(Files.exists(b) && Files.exists(c));
        assertEquals(new ArchivePruner.Pass(2, 800, 1, 400), pass);
    }

    @Test
    void anArchiveWithinItsLimitsIsLeftAlone() throws Exception {
        Path a = archived("a.log", 10, Duration.ofDays(29));
        assertEquals(new ArchivePruner.Pass(1, 10, 0, 0), new ArchivePruner(null, archive, 1000, 30, 60).prune(NOW));
        assertTrue(Files.exists(a));
    }
}
