package io.logship.failure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

import io.logship.core.AttemptTracker;
import io.logship.core.NasStatus;
import io.logship.core.ShippingHold;
import io.logship.core.ShippingPausedException;
import io.logship.nas.NasException;
import io.logship.ship.OldestFirstWindow;
import io.logship.ship.ShipAttempt;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.util.InetAddressUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What logship does after a failed attempt, and which files the consumer may take next.
 *
 * <ul>
 * <li>A NAS-side failure pauses all shipping for a capped exponential backoff with jitter; the files
 * stay queued and are never quarantined. The first success resets it and the backlog drains, oldest
 * first.</li>
 * <li>A failure of one file delays that file alone (same backoff, by its own attempt count); after
 * {@code maxAttempts} it is quarantined. A file that vanished is recorded at once.</li>
 * <li>A file another process holds (a sharing violation) waits with the same backoff and is never
 * counted as an attempt, nor quarantined.</li>
 * </ul>
 * The file consumer's filter ({@link OldestFirstWindow}) asks it which files may go.
 * The state is in memory: a restart gives every file its attempts afresh.
 */
public class ShipFailures implements Processor, OldestFirstWindow.Gate, AttemptTracker {

    private static final Logger LOG = LoggerFactory.getLogger(ShipFailures.class);

    private final RetryPolicy policy;
    private final Quarantine quarantine;
    private final String share;
    private final ShipOutcomeListener metrics;
    private final NasStatus nasState;
    private final ShippingHold integrity;
    private final String host = InetAddressUtil.getLocalHostNameSafe();
    private final Map<Path, FileFailures> files = new ConcurrentHashMap<>();
    private final InstantSource wall;
    private final LongSupplier nanos;

    private int nasFailures;
    private FailureClass pausedBy;
    private long pausedUntilNanos;

    /** Backoff settings: {@code logship.retry.*}. */
    public record RetryPolicy(Duration initialDelay, Duration maxDelay, double multiplier, int maxAttempts) {

        /** The delay before try {@code failures + 1}: initial × multiplier^(failures-1), capped, ±20 % jitter. */
        Duration delayAfter(int failures) {
            double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, failures - 1));
            double capped = Math.min(base, maxDelay.toMillis());
            double jittered = capped * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble());
            return Duration.ofMillis((long) Math.min(jittered, maxDelay.toMillis()));
        }
    }

    private static final class FileFailures {
        int attempts;
        Instant first;
        Instant last;
        long nextAttemptNanos;

        FileFailures(long nowNanos) {
            nextAttemptNanos = nowNanos;
        }
        /** Tries that found the file in use; they set its backoff but are not attempts. */
        int inUseWaits;
        boolean inUse;
    }

    /** {@code share} is {@code //host:port/share}, for messages. */
    public ShipFailures(RetryPolicy policy, Quarantine quarantine, String share, ShipOutcomeListener metrics,
            NasStatus nasState, ShippingHold integrity) {
        this(policy, quarantine, share, metrics, nasState, integrity, InstantSource.system(), System::nanoTime);
    }

    /** {@code wall} dates the failures it records; {@code nanos}, a monotonic clock, times the waits. */
    ShipFailures(RetryPolicy policy, Quarantine quarantine, String share, ShipOutcomeListener metrics, NasStatus nasState,
            ShippingHold integrity, InstantSource wall, LongSupplier nanos) {
        this.wall = wall;
        this.nanos = nanos;
        this.pausedUntilNanos = nanos.getAsLong();
        this.integrity = integrity;
        this.policy = policy;
        this.quarantine = quarantine;
        this.share = share;
        this.metrics = metrics;
        this.nasState = nasState;
    }

    /** True while shipping is paused after a NAS failure or stopped by the integrity check. */
    @Override
    public boolean shippingHeld() {
        return paused() || integrity.blocksShipping();
    }

    /** False while this file waits for its next try after a failure of its own. */
    @Override
    public boolean mayTry(Path file) {
        FileFailures f = files.get(file);
        return f == null || nanos.getAsLong() - f.nextAttemptNanos >= 0;
    }

    /** Called first in every attempt: files of a batch polled before the NAS failed wait too. */
    @Override
    public void checkNotPaused() throws ShippingPausedException {
        if (paused()) {
            throw new ShippingPausedException("shipping is paused after a NAS failure");
        }
        if (integrity.blocksShipping()) {
            throw new ShippingPausedException("shipping is stopped: routes or configuration differ from their seal");
        }
    }

    // nanoTime values compare only by their difference
    private synchronized boolean paused() {
        return nanos.getAsLong() - pausedUntilNanos < 0;
    }

    /** How many attempts this file has had, this one included (for the audit ledger). */
    @Override
    public int attempts(Path file) {
        FileFailures f = files.get(file);
        return f == null ? 1 : f.attempts + 1;
    }

    /**
     * After a file is on the NAS, verified: count it and end any pause. Its failures are forgotten only
     * by {@link #forget}, once every step of its exchange succeeded: a route with a second destination
     * that keeps failing must still count the file's attempts towards quarantine.
     */
    @Override
    public void succeeded(Path file, long bytes, Duration took) {
        metrics.shipped(bytes, took);
        nasState.report(true, "NAS " + share + " reachable, login accepted, writable (it took " + file.getFileName() + ")");
        int failed;
        FailureClass cause;
        synchronized (this) {
            failed = nasFailures;
            cause = pausedBy;
            nasFailures = 0;
            pausedUntilNanos = nanos.getAsLong();
        }
        if (failed > 0 && cause == FailureClass.LEDGER_UNWRITABLE) {
            LOG.info("The ledger is writable again after {} failed tries; shipping resumed", failed);
        } else if (failed > 0) {
            LOG.info("The NAS is reachable again after {} failed tries; shipping resumed", failed);
        }
    }

    /** After the whole exchange of a file succeeded: its next failure counts from one again. */
    public void forget(Path file) {
        files.remove(file);
    }

    /** The route's onException step. */
    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        GenericFile<?> genericFile = exchange.getProperty(FileComponent.FILE_EXCHANGE_FILE, GenericFile.class);
        Path file = Path.of(genericFile.getAbsoluteFilePath());
        FailureClass cause = FailureClass.of(failure);
        if (cause.nasSide() && FailureClass.mayBeOnePath(failure) && nasState.shareWritableNow()) {
            // the probe just wrote to the share: the NAS refuses this file's path, not logship
            cause = FailureClass.NAS_PATH_REJECTED;
        }
        String message = failure == null ? "unknown" : failure.getMessage();
        metrics.failed(cause);
        switch (cause) {
            case PAUSED -> LOG.debug("{} waits: {}", file, message);
            case DISPOSE_PENDING -> LOG.debug("{}", message);
            case SOURCE_CHANGED -> LOG.info("{}", message);
            case SOURCE_IN_USE -> waitInUse(file, message);
            case SOURCE_VANISHED -> quarantine(file, exchange, cause, message, record(file));
            case NAS_PATH_REJECTED -> fileFailed(file, exchange, cause, nasMessage(file, failure)
                    + "; the share itself is writable, so only this path is refused: correct its permissions"
                    + " on the NAS or move away what stands in its place");
            // the file is on the NAS: it waits for the ledger like for the NAS, never quarantined
            case LEDGER_UNWRITABLE -> pause(file, cause, message);
            default -> {
                if (cause.nasSide()) {
                    nasFailed(file, cause, nasMessage(file, failure));
                } else {
                    fileFailed(file, exchange, cause, message);
                }
            }
        }
    }

    /** The producer's own exceptions do not name the share: say it the same way for all. */
    private String nasMessage(Path file, Throwable failure) {
        return failure instanceof NasException ? failure.getMessage()
                : new NasException(share, "upload " + file.getFileName(), failure).getMessage();
    }

    private void nasFailed(Path file, FailureClass cause, String message) {
        nasState.report(false, message);
        pause(file, cause, message);
    }

    /** Pauses all shipping of this target for the next backoff: the files stay queued. */
    private void pause(Path file, FailureClass cause, String message) {
        Duration delay;
        int failures;
        synchronized (this) {
            pausedBy = cause;
            failures = ++nasFailures;
            delay = policy.delayAfter(failures);
            pausedUntilNanos = nanos.getAsLong() + delay.toNanos();
        }
        LOG.warn("Shipping paused ({}): {}. Files stay queued in {}; next try in {}",
                cause.label(), message, file.getParent(), human(delay));
    }

    private void fileFailed(Path file, Exchange exchange, FailureClass cause, String message) throws Exception {
        FileFailures f = record(file);
        if (f.attempts >= policy.maxAttempts()) {
            quarantine(file, exchange, cause, message, f);
            return;
        }
        Duration delay = policy.delayAfter(f.attempts);
        f.nextAttemptNanos = nanos.getAsLong() + delay.toNanos();
        LOG.warn("Not shipped {} (attempt {} of {}, {}): {}; next try in {}",
                file, f.attempts, policy.maxAttempts(), cause.label(), message, human(delay));
    }

    /** Another process holds the file: it waits with the file backoff, and no attempt is counted. */
    private void waitInUse(Path file, String message) {
        FileFailures f = files.computeIfAbsent(file, k -> new FileFailures(nanos.getAsLong()));
        f.inUse = true;
        Duration delay = policy.delayAfter(++f.inUseWaits);
        f.nextAttemptNanos = nanos.getAsLong() + delay.toNanos();
        LOG.info("Not shipped {} yet: {} (not counted as an attempt); next try in {}",
                file, message, human(delay));
    }

    /** Files whose last try found them in use by another process and that are still there. */
    public long waitingInUse() {
        return files.entrySet().stream().filter(e -> e.getValue().inUse && Files.exists(e.getKey())).count();
    }

    private FileFailures record(Path file) {
        FileFailures f = files.computeIfAbsent(file, k -> new FileFailures(nanos.getAsLong()));
        Instant now = wall.instant();
        f.inUse = false;
        f.attempts++;
        f.first = f.first == null ? now : f.first;
        f.last = now;
        return f;
    }

    private void quarantine(Path file, Exchange exchange, FailureClass cause, String message, FileFailures f)
            throws Exception {
        ShipAttempt attempt = exchange.getProperty(ShipAttempt.PROPERTY, ShipAttempt.class);
        Long size = attempt != null ? Long.valueOf(attempt.localSize()) : null;
        String sha = attempt != null ? attempt.sha256() : null;
        Path record;
        try {
            record = quarantine.quarantine(file, name -> new QuarantineRecord(name, file.toString(), size, sha,
                    f.attempts, f.first.toString(), f.last.toString(), cause.label(), message, host, wall.instant().toString()));
        } catch (IOException e) {
            // the file's failures are kept: its next failure quarantines it again, which only retries what is left
            LOG.error("Cannot quarantine {} ({}): {}", file, cause.label(), e.getMessage());
            return;
        }
        files.remove(file);
        metrics.quarantined();
        if (cause == FailureClass.SOURCE_VANISHED) {
            LOG.warn("{} vanished before it was shipped; recorded in {}", file, record);
        } else {
            LOG.error("Quarantined {} after {} attempts ({}): {}. Moved to {}; record {}; put it back with"
                    + " 'java -jar logship.jar replay {}'", file, f.attempts, cause.label(), message,
                    quarantine.dir(), record, record.getFileName().toString().replace(Quarantine.RECORD_SUFFIX, ""));
        }
    }

    static String human(Duration d) {
        long s = Math.max(1, Math.round(d.toMillis() / 1000.0));
        return s < 120 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }
}
