package io.logship.nas;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.local.LocalBucket;
import io.logship.config.BandwidthTimetable;

/**
 * One target's cap on the link ({@code logship.nas.bandwidth}), shared by all its lanes: a Bucket4j token
 * bucket per direction, one token a byte, refilled at the rate the timetable puts in force, timed by the
 * monotonic clock (a wall clock set back or forward neither stretches nor shortens a wait). Uploads and
 * read-backs (verify=sha256) are counted separately, each capped at the rate, as rclone's one
 * {@code --bwlimit} value caps sending and receiving each: the link carries them in opposite directions.
 *
 * <p>The bucket holds at most one second of the rate and starts empty, so no second of traffic exceeds the
 * cap by more than one write request. A wait lasts at most a second, or until the timetable's next entry,
 * before the timetable is read again: a new rate takes effect within a second of its time.
 */
public final class BandwidthLimit {

    /** No cap: what the nas: endpoint uses outside logship's routes. */
    public static final BandwidthLimit NONE = new BandwidthLimit(BandwidthTimetable.OFF, Clock.systemDefaultZone());

    /** The longest wait before the timetable is read again. */
    static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Waits on the monotonic clock; the tests' moves a fake clock instead. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final BandwidthTimetable timetable;
    private final Clock wall;
    private final TimeMeter monotonic;
    private final Sleeper sleeper;
    private final Direction uploads = new Direction();
    private final Direction readBacks = new Direction();
    private long rate;
    private long rateUntilNanos;
    private boolean rateKnown;

    /** @param wall the clock and zone of the timetable's times (the JVM's zone) */
    public BandwidthLimit(BandwidthTimetable timetable, Clock wall) {
        this(timetable, wall, TimeMeter.SYSTEM_NANOTIME, TimeUnit.NANOSECONDS::sleep);
    }

    BandwidthLimit(BandwidthTimetable timetable, Clock wall, TimeMeter monotonic, Sleeper sleeper) {
        this.timetable = timetable;
        this.wall = wall;
        this.monotonic = monotonic;
        this.sleeper = sleeper;
    }

    /** Bytes per second in force now, 0 for no cap. */
    public synchronized long rateNow() {
        long now = monotonic.currentTimeNanos();
        if (!rateKnown || now - rateUntilNanos >= 0) {
            ZonedDateTime at = ZonedDateTime.now(wall);
            rate = timetable.rateAt(at);
            ZonedDateTime next = timetable.nextChangeAfter(at);
            long untilNext = next == null ? RECHECK_NANOS : Math.max(1, Duration.between(at, next).toNanos());
            rateUntilNanos = now + Math.min(RECHECK_NANOS, untilNext);
            rateKnown = true;
        }
        return rate;
    }

    /** Nanoseconds until the rate is read again. */
    private synchronized long nanosUntilRecheck() {
        return Math.max(1, rateUntilNanos - monotonic.currentTimeNanos());
    }

    /** {@code in}, each byte read from it counted against the upload cap (the upload writes what it reads). */
    public InputStream uploads(InputStream in) {
        return timetable.alwaysOff() ? in : new Counted(in, uploads);
    }

    /** {@code in}, each byte read from it counted against the read-back cap. */
    public InputStream readBacks(InputStream in) {
        return timetable.alwaysOff() ? in : new Counted(in, readBacks);
    }

    /** Waits until {@code bytes} may be read back. */
    public void readBack(long bytes) throws InterruptedIOException {
        if (!timetable.alwaysOff()) {
            readBacks.acquire(bytes);
        }
    }

    /** One direction's bucket, made again when the rate in force changes. */
    private final class Direction {
        private LocalBucket bucket;
        private long bucketRate;

        void acquire(long bytes) throws InterruptedIOException {
            long left = bytes;
            while (left > 0) {
                long r = rateNow();
                if (r == 0) {
                    return;
                }
                // at most a second's worth at once: the bucket holds no more
                long part = Math.min(left, r);
                ConsumptionProbe probe = bucket(r).tryConsumeAndReturnRemaining(part);
                if (probe.isConsumed()) {
                    left -= part;
                    continue;
                }
                try {
                    sleeper.sleep(Math.min(probe.getNanosToWaitForRefill(), nanosUntilRecheck()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for logship.nas.bandwidth");
                }
            }
        }

        private synchronized Bucket bucket(long r) {
            if (bucket == null) {
                bucket = Bucket.builder().withCustomTimePrecision(monotonic).addLimit(limit -> limit.capacity(r)
                        .refillGreedy(r, Duration.ofSeconds(1)).initialTokens(0)).build();
            } else if (bucketRate != r) {
                // tokens saved so far carry over, up to the new second's worth
                bucket.replaceConfiguration(BucketConfiguration.builder().addLimit(limit -> limit.capacity(r)
                        .refillGreedy(r, Duration.ofSeconds(1)).initialTokens(0)).build(), TokensInheritanceStrategy.AS_IS);
            }
            bucketRate = r;
            return bucket;
        }
    }

    /** Counts what is read through it; blocks until the cap allows it. */
    private static final class Counted extends FilterInputStream {
        private final Direction direction;

        Counted(InputStream in, Direction direction) {
            super(in);
            this.direction = direction;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                direction.acquire(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                direction.acquire(n);
            }
            return n;
        }
    }
}
