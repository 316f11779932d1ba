package io.logship.failure;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

import io.logship.core.SourceReadException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        return ShipFailuresFixture.create(camel, source, new Quarantine(quarantineDir), quarantineDir,
                new ShipFailures.RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), 1.0, MAX_ATTEMPTS),
                InstantSource.system(), System::nanoTime);
    }

    private Exchange failedAttempt(Path file, Exception failure) {
        return ShipFailuresFixture.failedAttempt(camel, file, failure);
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
            Exchange attempt = failedAttempt(log, new SourceReadException(log, sharingViolation(log)));
            assertFalse(failures.ofOneFile(attempt), "not retried as a failure of the file, so never quarantined");
            failures.process(attempt);
        }
        assertTrue(Files.exists(log), "it stays in the source folder");
        try (var quarantined = Files.list(quarantineDir)) {
            assertEquals(List.of(), quarantined.toList());
        }
    }

    /** Retrying never makes a name valid, and replay would put it back to fail the same way. */
    @Test
    void aNameTheNasRefusesIsNeitherRetriedNorQuarantinedAndWaitsForARename() throws Exception {
        Path log = Files.writeString(source.resolve("why?.log"), "x\n");
        Path other = Files.writeString(source.resolve("trans.log"), "x\n");
        ShipFailures failures = failures();
        Exchange attempt = failedAttempt(log, new io.logship.nas.NasException("//127.0.0.1:1/logs", "rename",
                new com.hierynomus.mssmb2.SMBApiException(
                        com.hierynomus.mserref.NtStatus.STATUS_OBJECT_NAME_INVALID.getValue(), null, null)));
        assertEquals(FailureClass.NAME_REJECTED, failures.classify(attempt).cause());
        assertFalse(failures.ofOneFile(attempt), "not Camel's retry, which ends in the quarantine");
        failures.process(attempt);
        assertFalse(failures.mayTry(log), "not taken again while it has this name");
        assertTrue(failures.mayTry(other), "the others go on");
        assertTrue(Files.exists(log), "it stays in the source folder");
        try (var quarantined = Files.list(quarantineDir)) {
            assertEquals(List.of(), quarantined.toList());
        }
    }

    @Test
    void aPlainlyUnreadableFileIsStillQuarantinedAfterItsAttempts() throws Exception {
        Path log = Files.writeString(source.resolve("trans.log"), "mode 000\n");
        ShipFailures failures = failures();
        Exchange attempt = failedAttempt(log, new SourceReadException(log, new java.nio.file.AccessDeniedException(log.toString())));
        assertTrue(failures.ofOneFile(attempt), "retried by Camel's redelivery, then quarantined");
        // the quarantine route, after Camel's last retry
        attempt.getIn().setHeader(Exchange.REDELIVERY_COUNTER, MAX_ATTEMPTS);
        attempt.getIn().setHeader(Exchange.REDELIVERY_MAX_COUNTER, MAX_ATTEMPTS - 1);
        failures.attemptFailed(attempt);
        failures.quarantine(attempt);
        assertFalse(Files.exists(log), "moved, not copied");
        QuarantineRecord record = new Quarantine(quarantineDir).read(quarantineDir.resolve("trans.log.error.json"));
        assertEquals(MAX_ATTEMPTS, record.attempts());
        assertEquals("source_unreadable", record.failureClass());
    }
}
