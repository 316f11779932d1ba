package io.logship.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import io.logship.failure.Quarantine;
import io.logship.health.BacklogHealthCheck;
import io.logship.nas.NasClient;
import io.logship.nas.SmbConfigFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * A scrape and the backlog health check read the last background scan: a file that arrives after it
     * shows only after the next scan, and no scrape walks the 100 000 files.
     */
    @Test
    void aHundredThousandWaitingFilesAreCountedInTheBackgroundNotPerScrape() throws Exception {
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            Files.createFile(source.resolve("trans-" + i + ".log"));
        }
        DefaultCamelContext camel = new DefaultCamelContext();
        BacklogScanner scanner = new BacklogScanner(camel, source, List.of("*"), List.of(),
                new Quarantine(quarantine), 15);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // the probe is never started: its gauge reads its last state
        NasProbe probe = new NasProbe(camel, new NasClient("127.0.0.1", 1, "logs", "u", "p", "",
                SmbConfigFactory.create(65_536, 1, true, false)), "dir", 0);
        new ShipMetrics(registry, "main", scanner, probe, source);
        BacklogHealthCheck health = new BacklogHealthCheck(scanner, 3600, "main");
        health.setCamelContext(camel);
        BacklogScanner.Snapshot s = scanner.scan();
        assertEquals(n, s.files());

        Files.createFile(source.resolve("trans-" + n + ".log"));
        String scrape = "";
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            scrape = registry.scrape();
        }
        long perScrapeNanos = (System.nanoTime() - start) / 100;
        assertTrue(scrape.contains("logship_backlog_files{target=\"main\"} " + n + ".0"),
                scrape.lines().filter(l -> l.startsWith("logship_backlog_files")).toList() + ": the scrape listed the folder");
        assertTrue(health.call().getMessage().orElse("").startsWith(n + " files waiting"), health.call().toString());
        scanner.scan();
        assertTrue(registry.scrape().contains("logship_backlog_files{target=\"main\"} " + (n + 1) + ".0"));
        assertTrue(health.call().getMessage().orElse("").startsWith((n + 1) + " files waiting"));
        // figures, not assertions: how long one background scan takes and what a scrape costs
        System.out.println("backlog scan: " + n + " files in " + s.scanMillis() + " ms per scan (every "
                + "logship.backlog.scanSeconds); a whole scrape of its metrics takes " + perScrapeNanos + " ns");
    }
}
