package io.logship.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** logship's own log, with the shipped log4j2.xml, stays within its bound however much is logged. */
class LogRotationTest {

    @TempDir
    Path dir;

    @Test
    void theRollingLogKeepsItsTotalSizeBounded() throws Exception {
        System.setProperty("logship.log.dir", dir.toString());
        System.setProperty("logship.log.maxFileSize", "64KB");
        System.setProperty("logship.log.maxFiles", "3");
        LoggerContext ctx = new LoggerContext("rotation-test");
        try {
            ctx.setConfigLocation(getClass().getResource("/log4j2.xml").toURI());
            Logger log = ctx.getLogger("io.logship.test");
            String line = "x".repeat(500);
            // about 5 MB of log lines into a log allowed 4 files of 64 KB (gzip makes rolled ones smaller)
            for (int i = 0; i < 10_000; i++) {
                log.info("{} {}", i, line);
            }
        } finally {
            ctx.stop();
            System.clearProperty("logship.log.dir");
            System.clearProperty("logship.log.maxFileSize");
            System.clearProperty("logship.log.maxFiles");
        }
        long files;
        long total;
        try (Stream<Path> s = Files.list(dir)) {
            var list = s.toList();
            files = list.size();
            total = 0;
            for (Path p : list) {
                total += Files.size(p);
            }
        }
        assertTrue(files <= 4, files + " files");
        assertTrue(total <= 4 * 70 * 1024, total + " bytes in " + files + " files");
        assertTrue(Files.size(dir.resolve("logship.log")) > 0);
    }
}
