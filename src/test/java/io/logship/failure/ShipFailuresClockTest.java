package io.logship.failure;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

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
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waits are timed on a monotonic clock: setting the wall clock back (NTP, an operator) does not stretch them. */
class ShipFailuresClockTest {

    /** A wall clock that can be set back, and a monotonic clock that only moves forward. */
    private static final class SteppedClock implements InstantSource {
        Instant wall = Instant.parse("2026-12-02T12:00:00Z");
        long nanos = 5_000_000_000L;

        @Override
        public Instant instant() {
            return wall;
        }

        void pass(Duration d) {
            wall = wall.plus(d);
            nanos += d.toNanos();
        }
    }

    @TempDir
    Path dir;

    private final SteppedClock clock = new SteppedClock();
    private CamelContext context;
    private ShipFailures failures;
    private Path file;

    @BeforeEach
    void create() throws IOException {
        context = new DefaultCamelContext();
        Path source = Files.createDirectories(dir.resolve("source"));
        file = Files.writeString(source.resolve("trans.log"), "x\n");
        Quarantine quarantine = new Quarantine(Files.createDirectories(dir.resolve("quarantine")));
        NasClient nas = new NasClient("127.0.0.1", 1, "logs", "u", "p", "",
                SmbConfigFactory.create(65_536, 1, true, false));
        NasProbe probe = new NasProbe(context, nas, "", 0);
        ShipMetrics metrics = new ShipMetrics(new SimpleMeterRegistry(), "main",
                new BacklogScanner(context, source, List.of("*"), List.of(), quarantine, 60), probe, source, "test");
        IntegrityCheck integrity = new IntegrityCheck(context, new SealManifest(dir.resolve("seal"), dir.resolve(".logship-sealed"),
                dir.resolve("application.properties"), "file:routes/*.yaml"), IntegrityCheck.Mode.WARN, 0);
        // at most 1 s for any wait
        ShipFailures.RetryPolicy policy = new ShipFailures.RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 5);
        failures = new ShipFailures(policy, quarantine, "//127.0.0.1:1/logs", metrics, probe, integrity, clock,
                () -> clock.nanos);
    }

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void aPauseAfterANasFailureEndsOnTimeWhenTheWallClockIsSetBackAnHour() throws Exception {
        failures.process(failed(new ConnectException("Connection refused")));
        assertTrue(failures.shippingHeld(), "paused after the NAS failure");

        clock.wall = clock.wall.minus(Duration.ofHours(1));
        clock.pass(Duration.ofMillis(1_500));
        assertFalse(failures.shippingHeld(), "a pause of at most 1 s still holds 1.5 s later, after the wall clock"
                + " was set back an hour");
        failures.checkNotPaused();
    }

    @Test
    void aFilesOwnWaitEndsOnTimeWhenTheWallClockIsSetBackAnHour() throws Exception {
        failures.process(failed(new IOException("Input/output error")));
        assertFalse(failures.mayTry(file), "waits for its next try");

        clock.wall = clock.wall.minus(Duration.ofHours(1));
        clock.pass(Duration.ofMillis(1_500));
        assertTrue(failures.mayTry(file), "a wait of at most 1 s still holds 1.5 s later, after the wall clock was"
                + " set back an hour");
    }

    private Exchange failed(Exception cause) {
        GenericFile<Object> generic = new GenericFile<>();
        generic.setAbsoluteFilePath(file.toString());
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(FileComponent.FILE_EXCHANGE_FILE, generic);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
        return exchange;
    }
}
