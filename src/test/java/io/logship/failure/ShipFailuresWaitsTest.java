package io.logship.failure;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMBApiException;
import io.logship.core.LedgerWriteException;
import io.logship.core.NasStatus;
import io.logship.core.NasUnavailableException;
import io.logship.core.ShippingPausedException;
import io.logship.core.SourceReadException;
import io.logship.core.VerificationFailedException;
import io.logship.nas.NasException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The waits of {@link ShipFailures}, on the test's clocks. The pause after a NAS-side failure: which
 * failures start it ({@link ShipFailures#failed}), when it may end ({@link ShipFailures#isReadyToBeClosed}),
 * and that {@link PausePolicy} suspends a real file consumer for them and only for them, and resumes it
 * when its half-open check says so. And that the waits are timed on a monotonic clock: setting the
 * wall clock back (NTP, an operator) does not stretch them, setting it forward does not shorten them.
 */
class ShipFailuresWaitsTest {

    /** What the failure handling asks of the NAS, answered by the test. */
    private static final class TestNas implements NasStatus {
        volatile boolean writable;
        final AtomicInteger probes = new AtomicInteger();

        @Override
        public void report(boolean up, String message) {
        }

        @Override
        public boolean shareWritableNow() {
            probes.incrementAndGet();
            return writable;
        }

        @Override
        public String lastAnswer() {
            return "NAS //127.0.0.1:1/logs unreachable (the test's)";
        }
    }

    @TempDir
    Path dir;

    private final TestNas nas = new TestNas();
    private final ShipFailuresFixture.SteppedClock clock = new ShipFailuresFixture.SteppedClock();
    private CamelContext context;
    private ShipFailures failures;
    private Path file;

    @BeforeEach
    void create() throws IOException {
        context = new DefaultCamelContext();
        ShipFailuresFixture.OneSecondWaits waits = ShipFailuresFixture.oneSecondWaits(context, dir, clock, nas);
        failures = waits.failures();
        file = waits.file();
    }

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void aNasSideFailureLeavesTheProducerAsNasUnavailableAndAFailureOfTheFileAsItIs() {
        ConnectException refused = new ConnectException("Connection refused");
        Exchange down = ShipFailuresFixture.failedAttempt(context, file, refused);
        Exception thrown = failures.failed(down, refused);
        assertInstanceOf(NasUnavailableException.class, thrown);
        assertSame(refused, thrown.getCause());
        assertTrue(thrown.getMessage().contains("//127.0.0.1:1/logs"), "names the share: " + thrown.getMessage());
        down.setProperty(Exchange.EXCEPTION_CAUGHT, thrown);
        assertFalse(failures.ofOneFile(down), "not retried, not quarantined");

        VerificationFailedException mismatch = new VerificationFailedException("the NAS copy's SHA-256 differs");
        Exchange bad = ShipFailuresFixture.failedAttempt(context, file, mismatch);
        assertSame(mismatch, failures.failed(bad, mismatch));
        assertTrue(failures.ofOneFile(bad), "retried, then quarantined");
    }

    @Test
    void aStatusThatMayBeOnePathsIsTheNasSideOnlyWhenTheProbeFindsTheShareRefusingTooAndIsProbedOnce() {
        NasException denied = new NasException("//127.0.0.1:1/logs", "mkdir 2026/12/03",
                new SMBApiException(NtStatus.STATUS_ACCESS_DENIED.getValue(), null, null));
        nas.writable = true;
        Exchange onePath = ShipFailuresFixture.failedAttempt(context, file, denied);
        assertSame(denied, failures.failed(onePath, denied), "the share takes the probe's file: this path's failure");
        assertTrue(failures.ofOneFile(onePath));

        nas.writable = false;
        Exchange share = ShipFailuresFixture.failedAttempt(context, file, denied);
        Exception thrown = failures.failed(share, denied);
        assertInstanceOf(NasUnavailableException.class, thrown);
        share.setProperty(Exchange.EXCEPTION_CAUGHT, thrown);
        assertFalse(failures.ofOneFile(share));
        assertEquals(2, nas.probes.get(), "one probe per failure, however often Camel asks about it");
    }

    @Test
    void thePauseEndsWhenItsBackoffIsOverAndTheProbeFindsTheShareWritable() throws Exception {
        failures.process(ShipFailuresFixture.failedAttempt(context, file, new ConnectException("Connection refused")));
        assertFalse(failures.isReadyToBeClosed(), "within the backoff");
        assertEquals(0, nas.probes.get(), "no probe within the backoff");
        assertThrows(ShippingPausedException.class, failures::checkNotPaused, "a file handed off already waits");

        clock.pass(Duration.ofMillis(1_500));
        assertFalse(failures.isReadyToBeClosed(), "the probe finds the NAS down");
        assertEquals(1, nas.probes.get());
        assertThrows(ShippingPausedException.class, failures::checkNotPaused, "a failed probe pauses for the next backoff");
        assertFalse(failures.isReadyToBeClosed());
        assertEquals(1, nas.probes.get(), "no probe within that backoff either");

        nas.writable = true;
        clock.pass(Duration.ofMillis(1_500));
        assertTrue(failures.isReadyToBeClosed(), "backoff over, share writable");
        failures.checkNotPaused();
    }

    @Test
    void afterALedgerFailureTheBackoffAloneEndsThePause() throws Exception {
        LedgerWriteException full = new LedgerWriteException(dir.resolve("ledger"), new IOException("No space left on device"));
        failures.process(ShipFailuresFixture.failedAttempt(context, file, full));
        assertFalse(failures.isReadyToBeClosed());
        clock.pass(Duration.ofMillis(1_500));
        assertTrue(failures.isReadyToBeClosed(), "the next file tries the ledger");
        assertEquals(0, nas.probes.get(), "the NAS is not the ledger's problem");
    }

    /** The wall clock set back or forward an hour neither stretches nor shortens a pause of 0.8 to 1 s. */
    @ParameterizedTest(name = "wall clock set {0} h")
    @ValueSource(ints = {-1, 1})
    void aPauseAfterANasFailureEndsOnTimeWhenTheWallClockIsSetBackOrForward(int hours) throws Exception {
        failures.process(ShipFailuresFixture.failedAttempt(context, file, new ConnectException("Connection refused")));
        clock.wall = clock.wall.plus(Duration.ofHours(hours));

        clock.pass(Duration.ofMillis(100));
        assertThrows(ShippingPausedException.class, failures::checkNotPaused, "still paused 100 ms later");
        assertFalse(failures.isReadyToBeClosed(), "the pause policy's check keeps the consumer suspended");
        assertEquals(0, nas.probes.get(), "no probe within the backoff");
        clock.pass(Duration.ofMillis(1_400));
        failures.checkNotPaused();
    }

    @ParameterizedTest(name = "wall clock set {0} h")
    @ValueSource(ints = {-1, 1})
    void aWaitForAFileInUseEndsOnTimeWhenTheWallClockIsSetBackOrForward(int hours) throws Exception {
        // a file's retries after a failure of its own are Camel's redelivery, timed by its scheduler's relative delays
        failures.process(ShipFailuresFixture.failedAttempt(context, file,
                new SourceReadException(file, ShipFailuresTest.sharingViolation(file))));
        clock.wall = clock.wall.plus(Duration.ofHours(hours));

        clock.pass(Duration.ofMillis(100));
        assertFalse(failures.mayTry(file), "a wait of 0.8 to 1 s still holds 100 ms later");
        clock.pass(Duration.ofMillis(1_400));
        assertTrue(failures.mayTry(file), "a wait of 0.8 to 1 s is over 1.5 s later");
    }

    /**
     * The pause's check runs on Camel's scheduled executor, whose delays are timed by the monotonic clock
     * (System.nanoTime). Camel's own policy times it with a new java.util.Timer per check, which waits until
     * a wall-clock time: a clock set back during an outage would hold shipping that much longer. (The test
     * cannot set this machine's clock; it checks where the check runs, and that no Timer thread is left.)
     */
    @Test
    void thePausesCheckRunsOnCamelsSchedulerNotOnAWallClockTimer() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        List<Thread> checkedOn = new CopyOnWriteArrayList<>();
        List<Thread> timersBefore = timerThreads();
        PausePolicy pause = new PausePolicy();
        pause.setCamelContext(context);
        pause.setFailureThreshold(1);
        pause.setExceptions(NasUnavailableException.class.getName());
        pause.setHalfOpenAfter(50);
        pause.setHalfOpenHandler(() -> {
            checkedOn.add(Thread.currentThread());
            return false;
        });
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("file:" + in + "?delay=20&delete=true&readLock=none").routeId("ship").routePolicy(pause)
                        .process(e -> {
                            throw new NasUnavailableException("NAS //127.0.0.1:1/logs unreachable", null);
                        });
            }
        });
        context.start();
        Files.writeString(in.resolve("nas.log"), "x");

        await().atMost(10, TimeUnit.SECONDS).until(() -> checkedOn.size() >= 3);
        for (Thread thread : checkedOn) {
            assertTrue(thread.getName().endsWith(" - pause ship"), "the check ran on " + thread.getName());
        }
        List<Thread> timers = timerThreads();
        timers.removeAll(timersBefore);
        assertEquals(List.of(), timers, "java.util.Timer threads started");
    }

    private static List<Thread> timerThreads() {
        return new ArrayList<>(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getClass().getName().equals("java.util.TimerThread")).toList());
    }

    @Test
    void thePolicySuspendsTheConsumerForANasSideFailureOnlyAndResumesItWhenItsCheckSaysSo() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        AtomicBoolean ready = new AtomicBoolean();
        AtomicInteger nasTries = new AtomicInteger();
        AtomicInteger checks = new AtomicInteger();
        PausePolicy pause = new PausePolicy();
        pause.setCamelContext(context);
        pause.setFailureThreshold(1);
        pause.setExceptions(NasUnavailableException.class.getName() + "," + LedgerWriteException.class.getName());
        pause.setHalfOpenAfter(50);
        pause.setHalfOpenHandler(() -> {
            checks.incrementAndGet();
            return ready.get();
        });
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("file:" + in + "?delay=20&delete=true&readLock=none").routeId("ship").routePolicy(pause)
                        .process(e -> {
                            String name = e.getIn().getHeader(Exchange.FILE_NAME, String.class);
                            if (name.startsWith("nas") && nasTries.incrementAndGet() == 1) {
                                throw new NasUnavailableException("NAS //127.0.0.1:1/logs unreachable", null);
                            }
                            if (name.startsWith("bad")) {
                                throw new IllegalStateException("this file's own failure");
                            }
                        });
            }
        });
        context.start();
        ServiceSupport consumer = (ServiceSupport) context.getRoute("ship").getConsumer();

        // a failure of one file, tried again at every poll: the consumer goes on
        NotifyBuilder failed = new NotifyBuilder(context).whenFailed(5).create();
        Path bad = Files.writeString(in.resolve("bad.log"), "x");
        assertTrue(failed.matches(10, TimeUnit.SECONDS), "the bad file is tried again and again");
        assertFalse(consumer.isSuspended(), "one file's failure does not pause the target");
        Files.delete(bad);

        Path nasFile = Files.writeString(in.resolve("nas.log"), "x");
        await().atMost(10, TimeUnit.SECONDS).until(consumer::isSuspended);
        assertEquals("opened", pause.getStateAsString());
        await().atMost(10, TimeUnit.SECONDS).until(() -> checks.get() >= 3);
        assertTrue(consumer.isSuspended(), "the half-open check said no, three times");
        assertEquals(1, nasTries.get(), "no try while paused");
        assertTrue(Files.exists(nasFile), "the file stays queued");

        ready.set(true);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !Files.exists(nasFile));
        assertFalse(consumer.isSuspended());
        assertEquals("closed", pause.getStateAsString());
        assertEquals(2, nasTries.get());
    }
}
