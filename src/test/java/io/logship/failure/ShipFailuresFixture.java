package io.logship.failure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.LongSupplier;

import io.logship.core.NasStatus;
import io.logship.integrity.IntegrityCheck;
import io.logship.integrity.SealManifest;
import io.logship.metrics.BacklogScanner;
import io.logship.metrics.NasProbe;
import io.logship.metrics.ShipMetrics;
import io.logship.nas.NasClient;
import io.logship.nas.SmbConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.support.DefaultExchange;

/**
 * ShipFailures with its collaborators for unit tests: a NAS probe on a closed loopback port that
 * never runs, an unsealed integrity check in warn mode, metrics in memory.
 */
final class ShipFailuresFixture {

    private ShipFailuresFixture() {
    }

    /** A wall clock that can be set back, and a monotonic clock that only moves forward. */
    static final class SteppedClock implements InstantSource {
        Instant wall = Instant.parse("2026-12-02T12:00:00Z");
        long nanos = 5_000_000_000L;

        @Override
        public Instant instant() {
            return wall;
        }

        /** Both clocks move on by {@code d}. */
        void pass(Duration d) {
            wall = wall.plus(d);
            nanos += d.toNanos();
        }
    }

    /** A ShipFailures on a test's clocks, and the log it is asked about. */
    record OneSecondWaits(ShipFailures failures, Path file) {
    }

    /**
     * In {@code dir}: the log source/trans.log, the folder quarantine, and ShipFailures whose every
     * wait is at most 1 s on {@code clock}, asking {@code nas} (null for the probe) about the NAS.
     */
    static OneSecondWaits oneSecondWaits(CamelContext camel, Path dir, SteppedClock clock, NasStatus nas)
            throws IOException {
        Path source = Files.createDirectories(dir.resolve("source"));
        Path file = Files.writeString(source.resolve("trans.log"), "x\n");
        ShipFailures failures = create(camel, source, new Quarantine(Files.createDirectories(dir.resolve("quarantine"))),
                dir, new ShipFailures.RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 5),
                clock, () -> clock.nanos, nas);
        return new OneSecondWaits(failures, file);
    }

    /** {@code work} holds the (absent) seal; the wall clock and the monotonic clock are the test's. */
    static ShipFailures create(CamelContext camel, Path source, Quarantine quarantine, Path work,
            ShipFailures.RetryPolicy policy, InstantSource wall, LongSupplier nanos) {
        return create(camel, source, quarantine, work, policy, wall, nanos, null);
    }

    /** With {@code nas} in place of the probe for what the failure handling asks of the NAS; null for the probe. */
    static ShipFailures create(CamelContext camel, Path source, Quarantine quarantine, Path work,
            ShipFailures.RetryPolicy policy, InstantSource wall, LongSupplier nanos, NasStatus nas) {
        NasProbe probe = new NasProbe(camel, new NasClient("127.0.0.1", 1, "logs", "u", "p", "",
                SmbConfigFactory.create(65_536, 1, true, false)), "dir", 0);
        ShipMetrics metrics = new ShipMetrics(new SimpleMeterRegistry(), "main",
                new BacklogScanner(camel, source, List.of("*"), List.of(), quarantine, 60), probe, source);
        IntegrityCheck integrity = new IntegrityCheck(camel, new SealManifest(work.resolve("none.seal"),
                work.resolve(".logship-sealed"), work.resolve("none.properties"), "file:none/*.yaml"),
                IntegrityCheck.Mode.WARN, 0);
        return new ShipFailures(policy, quarantine, "//127.0.0.1:1/logs", metrics, nas != null ? nas : probe, integrity,
                wall, nanos);
    }

    /** The exchange of an attempt at {@code file} that failed with {@code failure}, as the route's onException sees it. */
    static Exchange failedAttempt(CamelContext camel, Path file, Exception failure) {
        GenericFile<Object> genericFile = new GenericFile<>();
        genericFile.setAbsoluteFilePath(file.toString());
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(FileComponent.FILE_EXCHANGE_FILE, genericFile);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        return exchange;
    }
}
