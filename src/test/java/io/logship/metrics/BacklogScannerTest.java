package io.logship.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import io.logship.failure.Quarantine;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BacklogScannerTest {

    @TempDir
    Path source;

    @TempDir
    Path quarantine;

    @Test
    void countsOnlyWaitingLogsAndFindsTheOldest() throws Exception {
        Files.writeString(source.resolve("trans-1.log"), "12345");
        Files.writeString(source.resolve("trans-2.log"), "123");
        Files.setLastModifiedTime(source.resolve("trans-2.log"), FileTime.fromMillis(1_000_000));
        Files.writeString(source.resolve("trans.log"), "being written");
        Files.writeString(source.resolve(".trans-1.log.camelLock"), "");
        Files.writeString(source.resolve("x.tmp"), "");
        Files.createDirectory(source.resolve("sub.log"));
        Files.writeString(quarantine.resolve("bad.log"), "x");
        Files.writeString(quarantine.resolve("bad.log.error.json"), "{}");
        BacklogScanner scanner = new BacklogScanner(new DefaultCamelContext(), source, List.of("*.log"),
                List.of("trans.log", "*.tmp"), new Quarantine(quarantine), 15);

        BacklogScanner.Snapshot s = scanner.scan();

        assertEquals(2, s.files());
        assertEquals(8, s.bytes());
        assertEquals(1_000_000, s.oldestModifiedMillis());
        assertEquals(1, s.quarantined());
    }

    @Test
    void aHundredThousandWaitingFilesAreCountedInTheBackgroundNotPerScrape() throws Exception {
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            Files.createFile(source.resolve("trans-" + i + ".log"));
        }
        BacklogScanner scanner = new BacklogScanner(new DefaultCamelContext(), source, List.of("*"), List.of(),
                new Quarantine(quarantine), 15);
        BacklogScanner.Snapshot s = scanner.scan();
        assertEquals(n, s.files());
        long reads = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            reads += scanner.snapshot().files();
        }
        long perScrapeNanos = (System.nanoTime() - start) / 1000;
        assertEquals(1000L * n, reads);
        // figures, not assertions: how long one background scan takes and what a scrape costs
        System.out.println("backlog scan: " + n + " files in " + s.scanMillis() + " ms per scan (every "
                + "logship.backlog.scanSeconds); a scrape reads the last result in " + perScrapeNanos + " ns");
    }
}
