package io.logship.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.logship.component.nas.NasProducer;
import io.logship.config.BandwidthTimetable;
import io.logship.nas.BandwidthLimit;
import io.logship.nas.NasClient;
import io.logship.nas.RemoteFile;
import io.logship.nas.Sha256;
import io.logship.nas.SmbConfigFactory;
import io.logship.sandbox.SambaSandbox;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * logship.nas.bandwidth against the real Samba: a cap holds the target's uploads (two files at once) to
 * its rate, off puts nothing in their way, and a timetable's boundary changes the rate of an upload on its
 * way; the read-back has its own cap.
 *
 * <p>What is asserted is the cap: never faster than the rate in force (with 15 % for the timing). How fast
 * an upload goes without a cap, or how close to the cap it comes, depends on the machine's load: those
 * figures are printed, not asserted. That off caps nothing and that the timetable switched are read from the
 * limiter itself (its gauge, its rate, no counting stream in the way); that the switch comes within a second
 * of the boundary is BandwidthLimitTest's, on a fake clock.
 */
class BandwidthIT extends ShipITSupport {

    private static final int MIB = 1 << 20;

    @Test
    void a16MCapHolds240MiBInTwoFilesToNoLessThan15SecondsAndOffCapsNothing() throws Exception {
        // the upload alone (verify=size): the read-back's own cap would add as long again
        props.put("logship.verify", "size");
        props.put("logship.nas.bandwidth", "16M");
        startApp();
        assertTrue(scrape().contains("logship_bandwidth_limit_bytes_per_second{target=\"main\"} 1.6777216E7"), scrape());
        double capped = shipTwoFiles("capped", 120);
        System.out.printf("bandwidth: 240 MiB in two files under a 16M cap: %.2f s (15 s at the cap)%n", capped);
        // the cap: no faster than 16 MiB/s; slower is the machine's load, not a broken cap
        assertTrue(capped >= 15.0 * 0.85, "240 MiB at no more than 16 MiB/s: " + capped + " s");
        app.close();

        props.put("logship.nas.bandwidth", "off");
        startApp();
        assertTrue(scrape().contains("logship_bandwidth_limit_bytes_per_second{target=\"main\"} +Inf"), scrape());
        // the target's limiter, as the uploads meet it: no counting stream between the file and the upload
        BandwidthLimit limit = app.context().getRegistry()
                .lookupByNameAndType(NasProducer.BANDWIDTH_BEAN + "-main", BandwidthLimit.class);
        InputStream in = InputStream.nullInputStream();
        assertSame(in, limit.uploads(in), "off: the uploads are not counted");
        assertSame(in, limit.readBacks(in), "off: the read-backs are not counted");
        double free = shipTwoFiles("free", 120);
        assertEquals(0, limit.rateNow(), "off: no rate in force after the uploads either");
        System.out.printf("bandwidth: 240 MiB in two files, cap off: %.2f s (%.1fx the capped run)%n", free,
                capped / free);
    }

    /** Two files of {@code mib} MiB appear in the source folder at once; the seconds until both are shipped. */
    private double shipTwoFiles(String prefix, int mib) throws IOException {
        Path staging = Files.createDirectories(source.resolve(".staging"));
        List<Path> staged = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            Path p = staging.resolve(prefix + "-" + f + ".log");
            byte[] block = new byte[MIB];
            try (var out = Files.newOutputStream(p)) {
                for (int i = 0; i < mib; i++) {
                    block[0] = (byte) f;
                    block[1] = (byte) i;
                    out.write(block);
                }
            }
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(120)));
            staged.add(p);
        }
        long start = System.nanoTime();
        List<Path> local = new ArrayList<>();
        for (Path p : staged) {
            local.add(Files.move(p, source.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE));
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> local.stream().noneMatch(Files::exists));
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * 4 MiB/s until 12:00, 16 MiB/s from then, on a wall clock set so that 12:00 comes 2 s into the upload
     * (shifted, not stepped: it runs at the real pace); then the read-back at the 16M in force.
     */
    @Test
    void aTimetableBoundaryChangesTheCapOfAnUploadOnItsWayAndTheReadBackIsCappedToo() throws Exception {
        int size = 40 * MIB;
        // write requests of 255 KiB, so the bytes passed are seen at a fine grain
        try (NasClient client = new NasClient(SambaSandbox.HOST, samba.port(), SambaFixture.SHARE, samba.user(),
                samba.password(), "", SmbConfigFactory.create(256 * 1024, 30, true, true))) {
            client.mkdirs(nas.nasDir());
            RemoteFile remote = client.create(nas.nasDir() + "/timetable.bin");
            ZoneId zone = ZoneId.systemDefault();
            Instant boundary = LocalDate.now(zone).atTime(LocalTime.NOON).atZone(zone).toInstant();
            Clock wall = Clock.offset(Clock.system(zone), Duration.between(Instant.now(), boundary.minusSeconds(2)));
            long start = System.nanoTime();
            long boundaryNanos = start + Duration.between(wall.instant(), boundary).toNanos();
            BandwidthLimit limit = new BandwidthLimit(BandwidthTimetable.parse("11:59,4M 12:00,16M"), wall);
            Recorder passed = new Recorder(limit.uploads(new Pattern(size)));
            assertEquals(size, remote.upload(passed, 4, size));
            long end = System.nanoTime();
            double before = passed.mibBetween(start, boundaryNanos) / ((boundaryNanos - start) / 1e9);
            double firstSecond = passed.mibBetween(boundaryNanos, boundaryNanos + 1_000_000_000L);
            double after = passed.rateFrom(boundaryNanos + 1_000_000_000L);
            System.out.printf("bandwidth: %.2f MiB/s before the boundary, %.2f MiB in the second after it, then"
                    + " %.2f MiB/s; 40 MiB in %.2f s (4 s at the caps, 10 s at 4 MiB/s)%n", before, firstSecond,
                    after, (end - start) / 1e9);
            // the caps: no faster than 4 MiB/s before 12:00, nor than 16 MiB/s after it
            assertTrue(before <= 4.0 * 1.15, "no more than 4 MiB/s before 12:00: " + before);
            assertTrue(after <= 16.0 * 1.15, "no more than 16 MiB/s after 12:00: " + after);
            // the switch, from the limiter: the 16M entry is in force once the upload passed 12:00
            assertTrue(end - boundaryNanos > 0, "the upload ended after 12:00");
            assertEquals(16L * MIB, limit.rateNow(), "16 MiB/s in force after 12:00");

            long readBack = System.nanoTime();
            String sha = remote.flushAndSha256(size, limit);
            double seconds = (System.nanoTime() - readBack) / 1e9;
            System.out.printf("bandwidth: 40 MiB read back under the 16M in force: %.2f s (2.5 s at the cap)%n", seconds);
            assertEquals(new Pattern(size).sha256(), sha);
            // the read-back's cap (that it is its own, not the upload's: BandwidthLimitTest)
            assertTrue(seconds >= 2.5 * 0.85, "40 MiB read back at no more than 16 MiB/s: " + seconds + " s");
            remote.close();
        }
    }


    /** {@code size} bytes of a fixed pattern. */
    private static final class Pattern extends InputStream {
        private final long size;
        private long pos;

        Pattern(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return pos < size ? (int) (pos++ * 31 & 0xFF) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) (pos++ * 31 & 0xFF);
            }
            return n;
        }

        String sha256() throws IOException {
            MessageDigest md = Sha256.newDigest();
            byte[] buf = new byte[MIB];
            for (int n; (n = read(buf, 0, buf.length)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }

    /** When each read returned, and how many bytes it had passed by then. */
    private static final class Recorder extends InputStream {
        private final InputStream in;
        private final List<long[]> marks = new ArrayList<>();
        private long total;

        Recorder(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            throw new UnsupportedOperationException("the upload reads blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                total += n;
                marks.add(new long[] {System.nanoTime(), total});
            }
            return n;
        }

        /** MiB passed after {@code from} and by {@code to} (monotonic nanos). */
        double mibBetween(long from, long to) {
            return (passedBy(to) - passedBy(from)) / (double) MIB;
        }

        /** MiB per second from {@code from} to the last read. */
        double rateFrom(long from) {
            long[] last = marks.get(marks.size() - 1);
            return (last[1] - passedBy(from)) / (double) MIB / ((last[0] - from) / 1e9);
        }

        private long passedBy(long t) {
            long by = 0;
            for (long[] m : marks) {
                if (m[0] - t <= 0) {
                    by = m[1];
                }
            }
            return by;
        }
    }
}
