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
import io.logship.core.NasUnavailableException;
import io.logship.core.ShippingHold;
import io.logship.core.ShippingPausedException;
import io.logship.nas.NasException;
import io.logship.nas.NasNames;
import io.logship.ship.OldestFirstWindow;
import io.logship.ship.ShipAttempt;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.throttling.ThrottlingExceptionHalfOpenHandler;
import org.apache.camel.util.InetAddressUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What logship does after a failed attempt, and which files the consumer may take next.
 *
 * <ul>
 * <li>A NAS-side failure pauses all shipping of the target: the {@code nas:} producer ends the attempt with
 * {@link NasUnavailableException} ({@link #failed}), which the route policy {@code pause} of
 * routes/ship-logs.camel.yaml (Camel's {@code ThrottlingExceptionRoutePolicy}, as {@link PausePolicy})
 * counts, and it suspends the consumer. The files stay queued and are never quarantined. This bean is
 * the policy's half-open check ({@link #isReadyToBeClosed}): after a capped exponential backoff with
 * jitter, the NAS probe decides whether the share takes files again. The first success resets the
 * backoff and the backlog drains, oldest first.</li>
 * <li>A failure of one file ({@link #ofOneFile}) is retried by Camel's redelivery (the onException
 * {@code file-failed} of routes/ship-attempts.camel.yaml: backoff, jitter, asynchronous, so the files
 * behind it go on) and then handed to the route {@code quarantine} ({@link #quarantine(Exchange)}).
 * A file that vanished is recorded at once.</li>
 * <li>A file another process holds (a sharing violation) waits with the same backoff and is never
 * counted as an attempt, nor quarantined.</li>
 * </ul>
 * The file consumer's filter ({@link OldestFirstWindow}) asks it which files may go.
 * The state is in memory, Camel's redelivery count too: a restart gives every file its attempts afresh.
 *
 * <p>Why a bean and not only Camel's options: which failures are one file's is not a matter of
 * exception types (the same SMB status is one path's or the whole share's, and only a probe of the share
 * tells), a file in use waits without counting, and a NAS-side failure pauses the whole target.
 */
public class ShipFailures implements Processor, OldestFirstWindow.Gate, AttemptTracker, ThrottlingExceptionHalfOpenHandler {

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
    /** The folder of the file whose failure began the pause, for messages. */
    private Path pausedQueue;

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
        long nextAttemptNanos;

        FileFailures(long nowNanos) {
            nextAttemptNanos = nowNanos;
        }
        /** Tries that found the file in use; they set its backoff but are not attempts. */
        int inUseWaits;
        boolean inUse;
        /** The NAS refused its name: not tried again while it has it (a renamed file is another path). */
        boolean nameRejected;
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

    /**
     * True while shipping is stopped by the integrity check. A pause after a NAS failure needs no filter:
     * the route policy has suspended the consumer.
     */
    @Override
    public boolean shippingHeld() {
        return integrity.blocksShipping();
    }

    /** False while this file waits for its next try after a failure of its own. */
    @Override
    public boolean mayTry(Path file) {
        FileFailures f = files.get(file);
        return f == null || !f.nameRejected && nanos.getAsLong() - f.nextAttemptNanos >= 0;
    }

    /**
     * Called first in every attempt: the files polled before the NAS failed, handed off already when the
     * policy suspended the consumer, wait too, without a try that would only fail.
     */
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

    /** Exchange property: the last failure, classified once (the probe behind nas_path_rejected writes to the share). */
    static final String FAILURE = "logshipFailure";
    /** Exchange property: when this exchange's first attempt failed, for the quarantine record. */
    static final String FIRST_FAILURE = "logshipFirstFailure";

    /** A failure and its class; {@code message} is its one-line cause. */
    record Classified(Throwable failure, FailureClass cause, String message) {
    }

    /**
     * The onWhen of routes/ship-attempts.camel.yaml's {@code file-failed}: true for a failure of this
     * file alone, which Camel retries and then quarantines. Camel may ask more than once per failure,
     * so the class is decided, counted and stamped once, for the failure it is asked about.
     */
    public boolean ofOneFile(Exchange exchange) {
        return switch (classify(exchange).cause()) {
            // a name the NAS refuses never becomes valid by retrying, nor by a replay: process() holds the file
            case SOURCE_UNREADABLE, NAS_PATH_REJECTED, VERIFY_MISMATCH, OTHER -> true;
            default -> false;
        };
    }

    /**
     * The {@code nas:} producer's failures: a NAS-side one becomes a {@link NasUnavailableException},
     * which the route policy counts; classified (and the share probed, if need be) here, once.
     */
    @Override
    public Exception failed(Exchange exchange, Exception failure) {
        Classified classified = classify(exchange, failure);
        if (!classified.cause().nasSide()) {
            return failure;
        }
        NasUnavailableException nasSide = new NasUnavailableException(classified.message(), failure);
        exchange.setProperty(FAILURE, new Classified(nasSide, classified.cause(), classified.message()));
        return nasSide;
    }

    Classified classify(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return classify(exchange, failure);
    }

    private Classified classify(Exchange exchange, Throwable failure) {
        Classified known = exchange.getProperty(FAILURE, Classified.class);
        if (known != null && known.failure() == failure) {
            return known;
        }
        Path file = file(exchange);
        FailureClass cause = FailureClass.of(failure);
        String message = failure == null ? "unknown" : failure.getMessage();
        if (failure instanceof NasUnavailableException) {
            // the producer's, decided when it was thrown; its message names the share already
            return stamp(exchange, new Classified(failure, cause, message));
        }
        if (cause.nasSide() && FailureClass.mayBeOnePath(failure) && nasState.shareWritableNow()) {
            // the probe just wrote to the share: the NAS refuses this file's path, not logship
            cause = FailureClass.NAS_PATH_REJECTED;
        }
        if (cause == FailureClass.NAS_PATH_REJECTED) {
            message = nasMessage(file, failure) + "; the share itself is writable, so only this path is refused:"
                    + " correct its permissions on the NAS or move away what stands in its place";
        } else if (cause.nasSide()) {
            message = nasMessage(file, failure);
        }
        return stamp(exchange, new Classified(failure, cause, message));
    }

    /** Counts a failure once and remembers it, and the time of the exchange's first failure. */
    private Classified stamp(Exchange exchange, Classified classified) {
        metrics.failed(classified.cause());
        exchange.setProperty(FAILURE, classified);
        if (exchange.getProperty(FIRST_FAILURE) == null) {
            exchange.setProperty(FIRST_FAILURE, wall.instant());
        }
        return classified;
    }

    private static Path file(Exchange exchange) {
        GenericFile<?> genericFile = exchange.getProperty(FileComponent.FILE_EXCHANGE_FILE, GenericFile.class);
        return Path.of(genericFile.getAbsoluteFilePath());
    }

    /** Exchange property: how many attempts of this file Camel's redelivery has seen fail. */
    static final String FAILED_ATTEMPTS = "logshipFailedAttempts";

    /**
     * The onExceptionOccurred of {@code file-failed}: one line per failed attempt of one file, when it
     * fails; the last one is told by the quarantine. Camel has counted the failure already.
     */
    public void attemptFailed(Exchange exchange) {
        Classified last = classify(exchange);
        int failed = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        exchange.setProperty(FAILED_ATTEMPTS, failed);
        // the YAML's maximumRedeliveries, which an operator may have written there instead of the property
        int retries = exchange.getIn().getHeader(Exchange.REDELIVERY_MAX_COUNTER, policy.maxAttempts() - 1, Integer.class);
        if (failed > retries) {
            return;
        }
        LOG.warn("Not shipped {} (attempt {} of {}, {}): {}; tried again after a backoff of logship.retry.*",
                file(exchange), failed, retries + 1, last.cause().label(), last.message());
    }

    /** The route {@code quarantine}: Camel's retries of one file are exhausted. */
    public void quarantine(Exchange exchange) throws Exception {
        Classified last = classify(exchange);
        Instant first = exchange.getProperty(FIRST_FAILURE, Instant.class);
        Instant now = wall.instant();
        // the original message (useOriginalMessage) has no redelivery headers; the property stays
        int attempts = exchange.getProperty(FAILED_ATTEMPTS, AttemptTracker.attempts(exchange), Integer.class);
        quarantine(file(exchange), exchange, last.cause(), last.message(), attempts, first == null ? now : first, now);
    }

    /**
     * After a file is on the NAS, verified: count it, forget its waits for a writer and end any pause.
     * Its attempts are Camel's redelivery count, so a later step of the same exchange that keeps
     * failing (a second destination) still ends in quarantine.
     */
    @Override
    public void succeeded(Path file, long bytes, Duration took) {
        metrics.shipped(bytes, took);
        nasState.report(true, "NAS " + share + " reachable, login accepted, writable (it took " + file.getFileName() + ")");
        files.remove(file);
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

    /** The route's onException step. */
    @Override
    public void process(Exchange exchange) throws Exception {
        Path file = file(exchange);
        Classified classified = classify(exchange);
        FailureClass cause = classified.cause();
        String message = classified.message();
        switch (cause) {
            case PAUSED -> LOG.debug("{} waits: {}", file, message);
            case DISPOSE_PENDING -> LOG.debug("{}", message);
            case SOURCE_CHANGED -> LOG.info("{}", message);
            case SOURCE_IN_USE -> waitInUse(file, message);
            case NAME_REJECTED -> nameRejected(file, exchange, message);
            case SOURCE_VANISHED -> {
                Instant now = wall.instant();
                quarantine(file, exchange, cause, message, AttemptTracker.attempts(exchange), now, now);
            }
            // the file is on the NAS: it waits for the ledger like for the NAS, never quarantined
            case LEDGER_UNWRITABLE -> pause(file, cause, message);
            default -> {
                if (cause.nasSide()) {
                    nasFailed(file, cause, message);
                } else {
                    // file-failed takes these (ofOneFile): here only if a route calls this step without it
                    LOG.warn("Not shipped {} ({}): {}; tried again at the next look", file, cause.label(), message);
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

    /**
     * Pauses all shipping of this target for the next backoff: the files stay queued. The route policy
     * suspends the consumer when the exchange ends; the files handed off already wait (checkNotPaused).
     */
    private void pause(Path file, FailureClass cause, String message) {
        Duration delay;
        Path queue;
        synchronized (this) {
            pausedBy = cause;
            if (file != null) {
                pausedQueue = file.getParent();
            }
            queue = pausedQueue;
            delay = policy.delayAfter(++nasFailures);
            pausedUntilNanos = nanos.getAsLong() + delay.toNanos();
        }
        LOG.warn("Shipping paused ({}): {}. Files stay queued in {}; {} in {}", cause.label(), message, queue,
                cause == FailureClass.LEDGER_UNWRITABLE ? "next try" : "the NAS probe checks again", human(delay));
    }

    /**
     * The half-open check of the route policy {@code pause} (routes/ship-logs.camel.yaml), which asks it
     * while the consumer is suspended: true when the backoff after the last NAS-side failure is over and
     * the NAS probe finds the share taking a file (after a ledger failure, the backoff alone: the next
     * file tries the ledger). A probe that fails pauses for the next, longer backoff. The probe is
     * cheaper than a file's try, and says why the NAS is down.
     */
    @Override
    public boolean isReadyToBeClosed() {
        FailureClass cause;
        synchronized (this) {
            if (paused()) {
                return false;
            }
            cause = pausedBy;
        }
        if (cause == null || !cause.nasSide() || nasState.shareWritableNow()) {
            return true;
        }
        pause(null, cause, nasState.lastAnswer());
        return false;
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

    /**
     * The NAS refused the file's name (or the name holds a '\'): retrying, or a quarantine that replay puts
     * back, would meet the same refusal. The file stays where it is, is not tried again until it is renamed
     * (or logship restarts), and one WARN line says so; it counts in the backlog, whose age alerts.
     */
    private void nameRejected(Path file, Exchange exchange, String message) {
        files.computeIfAbsent(file, k -> new FileFailures(nanos.getAsLong())).nameRejected = true;
        ShipAttempt attempt = exchange.getProperty(ShipAttempt.PROPERTY, ShipAttempt.class);
        String nasName = attempt == null ? null : attempt.nasName();
        String hint = nasName != null && !NasNames.name(nasName).equals(nasName)
                ? "; logship.nas.nameEncoding=map would ship it as " + NasNames.name(nasName)
                : "; rename it (a shorter name, without what the NAS refuses) and it ships";
        LOG.warn("Not shipped {} ({}): {}. It stays in {} and is not tried again while it has this name{}", file,
                FailureClass.NAME_REJECTED.label(), message, file.getParent(), hint);
    }

    /** Files whose last try found them in use by another process and that are still there. */
    public long waitingInUse() {
        return files.entrySet().stream().filter(e -> e.getValue().inUse && Files.exists(e.getKey())).count();
    }

    private void quarantine(Path file, Exchange exchange, FailureClass cause, String message, int attempts,
            Instant first, Instant last) throws Exception {
        ShipAttempt attempt = exchange.getProperty(ShipAttempt.PROPERTY, ShipAttempt.class);
        Long size = attempt != null ? Long.valueOf(attempt.localSize()) : null;
        String sha = attempt != null ? attempt.sha256() : null;
        Path record;
        try {
            record = quarantine.quarantine(file, name -> new QuarantineRecord(name, file.toString(), size, sha,
                    attempts, first.toString(), last.toString(), cause.label(), message, host, wall.instant().toString()));
        } catch (IOException e) {
            // the exchange fails and the file stays; its next exhausted attempts quarantine it again, which
            // only retries what is left
            LOG.error("Cannot quarantine {} ({}): {}", file, cause.label(), e.getMessage());
            return;
        }
        files.remove(file);
        metrics.quarantined();
        if (cause == FailureClass.SOURCE_VANISHED) {
            LOG.warn("{} vanished before it was shipped; recorded in {}", file, record);
        } else {
            LOG.error("Quarantined {} after {} attempts ({}): {}. Moved to {}; record {}; put it back with"
                    + " 'java -jar logship.jar replay {}'", file, attempts, cause.label(), message,
                    quarantine.dir(), record, record.getFileName().toString().replace(Quarantine.RECORD_SUFFIX, ""));
        }
    }

    static String human(Duration d) {
        long s = Math.max(1, Math.round(d.toMillis() / 1000.0));
        return s < 120 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }
}
