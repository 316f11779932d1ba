package io.logship.failure;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.hierynomus.smbj.SmbConfig;
import io.logship.integrity.IntegrityCheck;
import io.logship.integrity.SealManifest;
import io.logship.metrics.BacklogScanner;
import io.logship.metrics.NasProbe;
import io.logship.metrics.ShipMetrics;
import io.logship.nas.NasClient;
import io.logship.ship.SourceReadException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ShipFailures on its own: no route, no NAS (the probe and the integrity check never run). */
class ShipFailuresTest {

    private static final int MAX_ATTEMPTS = 3;

    @TempDir
    Path source;

    @TempDir
    Path quarantineDir;

    private final DefaultCamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stop() throws java.io.IOException {
        camel.close();
    }

    private ShipFailures failures() {
        Quarantine quarantine = new Quarantine(quarantineDir);
        NasProbe probe = new NasProbe(camel, new NasClient("127.0.0.1", 1, "logs", "u", "p", "",
                SmbConfig.createDefaultConfig()), "dir", 0);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ShipMetrics metrics = new ShipMetrics(meters, "main",
                new BacklogScanner(camel, source, List.of("*"), List.of(), quarantine, 60), probe, source, "test");
        IntegrityCheck integrity = new IntegrityCheck(camel, new SealManifest(quarantineDir.resolve("none.seal"), quarantineDir.resolve(".logship-sealed"),
                quarantineDir.resolve("none.properties"), "file:none/*.yaml"), IntegrityCheck.Mode.WARN, 0);
        return new ShipFailures(new ShipFailures.RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), 1.0,
                MAX_ATTEMPTS), quarantine, "//127.0.0.1:1/logs", metrics, probe, integrity);
    }

    private Exchange failedAttempt(Path file, Exception failure) {
        GenericFile<Object> genericFile = new GenericFile<>();
        genericFile.setAbsoluteFilePath(file.toString());
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(FileComponent.FILE_EXCHANGE_FILE, genericFile);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        return exchange;
    }

    /** What Windows' JDK throws when another process holds the file without sharing it. */
    static FileSystemException sharingViolation(Path file) {
        return new FileSystemException(file.toString(), null,
                "The process cannot access the file because it is being used by another process");
    }

    @Test
    void aFileInUseIsWaitedForAndNeverQuarantinedHoweverOftenItIsTried() throws Exception {
        Path log = Files.writeString(source.resolve("trans.log"), "held by its writer\n");
        ShipFailures failures = failures();
        for (int i = 0; i < 3 * MAX_ATTEMPTS; i++) {
            await().atMost(Duration.ofSeconds(5)).until(() -> failures.mayTry(log));
            failures.process(failedAttempt(log, new SourceReadException(log, sharingViolation(log))));
            assertEquals(1, failures.attempts(log), "a wait is not an attempt");
        }
        assertTrue(Files.exists(log), "it stays in the source folder");
        try (var quarantined = Files.list(quarantineDir)) {
            assertEquals(List.of(), quarantined.toList());
        }
    }

    @Test
    void aPlainlyUnreadableFileIsStillQuarantinedAfterItsAttempts() throws Exception {
        Path log = Files.writeString(source.resolve("trans.log"), "mode 000\n");
        ShipFailures failures = failures();
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            await().atMost(Duration.ofSeconds(5)).until(() -> failures.mayTry(log));
            failures.process(failedAttempt(log, new SourceReadException(log,
                    new java.nio.file.AccessDeniedException(log.toString()))));
        }
        assertTrue(Files.exists(quarantineDir.resolve("trans.log.error.json")));
    }
}
