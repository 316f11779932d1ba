package io.logship.failure;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

import io.logship.core.ShippingPausedException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        file = ShipFailuresFixture.oneSecondWaits(context, dir, clock, () -> clock.nanos, null, f -> failures = f);
    }

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void aPauseAfterANasFailureEndsOnTimeWhenTheWallClockIsSetBackAnHour() throws Exception {
        failures.process(failed(new ConnectException("Connection refused")));
        assertThrows(ShippingPausedException.class, failures::checkNotPaused, "paused after the NAS failure");

        clock.wall = clock.wall.minus(Duration.ofHours(1));
        clock.pass(Duration.ofMillis(1_500));
        // a pause of at most 1 s no longer holds 1.5 s later, after the wall clock was set back an hour
        failures.checkNotPaused();
    }

    @Test
    void aWaitForAFileInUseEndsOnTimeWhenTheWallClockIsSetBackAnHour() throws Exception {
        // a file's retries after a failure of its own are Camel's redelivery, timed by its scheduler's relative delays
        failures.process(failed(new io.logship.core.SourceReadException(file, ShipFailuresTest.sharingViolation(file))));
        assertFalse(failures.mayTry(file), "waits for its next try");

        clock.wall = clock.wall.minus(Duration.ofHours(1));
        clock.pass(Duration.ofMillis(1_500));
        assertTrue(failures.mayTry(file), "a wait of at most 1 s still holds 1.5 s later, after the wall clock was"
                + " set back an hour");
    }

    private Exchange failed(Exception cause) {
        return ShipFailuresFixture.failedAttempt(context, file, cause);
    }
}
