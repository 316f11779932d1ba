package io.logship.nas;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import io.github.bucket4j.TimeMeter;
import io.logship.config.BandwidthTimetable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cap on a fake monotonic clock whose waits move it, and a wall clock that moves with it. */
class BandwidthLimitTest {

    private static final int MIB = 1 << 20;
    private static final ZoneId ZONE = ZoneId.of("UTC");

    /** The monotonic clock, the sleeper that moves it, and a wall clock starting at {@code start}. */
    private static final class FakeTime extends Clock implements TimeMeter, BandwidthLimit.Sleeper {
        private final Instant start;
        long nanos = 1_000_000_000L;
        private final long startNanos = nanos;

        FakeTime(String start) {
            this.start = LocalDateTime.parse(start).atZone(ZONE).toInstant();
        }

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }

        @Override
        public void sleep(long n) {
            nanos += n;
        }

        @Override
        public ZoneId getZone() {
            return ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return start.plusNanos(nanos - startNanos);
        }

        double seconds() {
            return (nanos - startNanos) / 1e9;
        }

        BandwidthLimit limit(String timetable) {
            return new BandwidthLimit(BandwidthTimetable.parse(timetable), this, this, this);
        }
    }

    /** Reads {@code mib} MiB through {@code in} in requests of 1 MiB, as the upload does; the second each MiB passed. */
    private static double[] readAll(InputStream in, FakeTime time, int mib) throws IOException {
        double[] passed = new double[mib];
        byte[] buf = new byte[MIB];
        for (int i = 0; i < mib; i++) {
            assertEquals(MIB, in.readNBytes(buf, 0, MIB));
            passed[i] = time.seconds();
        }
        return passed;
    }

    private static InputStream zeros(int mib) {
        return new ByteArrayInputStream(new byte[mib * MIB]);
    }

    @Test
    void oneRateCapsAnUploadFromItsFirstByte() throws IOException {
        FakeTime time = new FakeTime("2026-12-07T10:00:00");
        readAll(time.limit("10M").uploads(zeros(50)), time, 50);
        assertEquals(5.0, time.seconds(), 0.11, "50 MiB at 10 MiB/s");
    }

    @Test
    void offCountsNothing() throws IOException {
        FakeTime time = new FakeTime("2026-12-07T10:00:00");
        BandwidthLimit off = time.limit("off");
        InputStream in = zeros(8);
        assertSame(in, off.uploads(in), "no stream in between when nothing is ever capped");
        readAll(off.readBacks(zeros(8)), time, 8);
        assertEquals(0.0, time.seconds());
        assertEquals(0, off.rateNow());
    }

    /** 1 MiB/s until 12:00, 8 MiB/s from then: the boundary passes 2 s into the upload. */
    @Test
    void aTimetableBoundaryChangesTheRateOfAnUploadOnItsWayWithinASecond() throws IOException {
        FakeTime time = new FakeTime("2026-12-07T11:59:58");
        BandwidthLimit limit = time.limit("11:59,1M 12:00,8M");
        assertEquals(MIB, limit.rateNow());
        double[] passed = readAll(limit.uploads(zeros(18)), time, 18);
        assertEquals(2.0, passed[1], 0.01, "2 MiB by the boundary, at 1 MiB/s");
        assertTrue(passed[2] < 3.0, "the third MiB within a second of the boundary: " + passed[2]);
        assertEquals(2.0 + 16 / 8.0, time.seconds(), 0.05, "then 16 MiB at 8 MiB/s");
        assertEquals(8L * MIB, limit.rateNow());
    }

    /** The read-back travels the other way: its cap is its own, not shared with the upload's. */
    @Test
    void readBacksAreCappedOnTheirOwn() throws IOException {
        FakeTime time = new FakeTime("2026-12-07T10:00:00");
        BandwidthLimit limit = time.limit("10M");
        InputStream up = limit.uploads(zeros(10));
        InputStream back = limit.readBacks(zeros(5));
        byte[] buf = new byte[5 * MIB];
        up.readNBytes(buf, 0, buf.length);
        back.readNBytes(buf, 0, buf.length);
        up.readNBytes(buf, 0, buf.length);
        limit.readBack(5L * MIB);
        // 10 MiB each way at 10 MiB/s: about 1.5 s one after the other here (at once on the wire: 1 s);
        // one cap for both would take 2 s
        assertEquals(1.5, time.seconds(), 0.11);
    }
}
