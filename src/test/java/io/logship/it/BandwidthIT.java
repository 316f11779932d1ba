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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * logship.nas.bandwidth against the real Samba: a cap holds the target's uploads (two files at once) to
 * its rate, off leaves them as fast as they are, and a timetable's boundary changes the rate of an upload
 * on its way within a second; the read-back has its own cap.
 */
class BandwidthIT extends ShipITSupport {

    private static final int MIB = 1 << 20;

    @Test
    void a16MCapHolds240MiBInTwoFilesTo15SecondsAndOffDoesNot() throws Exception {
        // the upload alone (verify=size): the read-back's own cap would add as long again
        props.put("logship.verify", "size");
        props.put("logship.nas.bandwidth", "16M");
        startApp();
        assertTrue(scrape().contains("logship_bandwidth_limit_bytes_per_second{target=\"main\"} 1.6777216E7"), scrape());
        double capped = shipTwoFiles("capped", 120);
        System.out.printf("bandwidth: 240 MiB in two files under a 16M cap: %.2f s%n", capped);
        assertEquals(15.0, capped, 15.0 * 0.15, "240 MiB at 16 MiB/s");
        app.close();

        props.put("logship.nas.bandwidth", "off");
        startApp();
        assertTrue(scrape().contains("logship_bandwidth_limit_bytes_per_second{target=\"main\"} +Inf"), scrape());
        double free = shipTwoFiles("free", 120);
        System.out.printf("bandwidth: 240 MiB in two files, cap off: %.2f s%n", free);
        assertTrue(free < 15.0 * 0.85, "off caps nothing: " + free + " s");
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
    void aTimetableBoundaryChangesTheRateOfAnUploadWithinASecondAndTheReadBackHasItsOwnCap() throws Exception {
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
            double before = passed.mibBetween(start, boundaryNanos) / ((boundaryNanos - start) / 1e9);
            double firstSecond = passed.mibBetween(boundaryNanos, boundaryNanos + 1_000_000_000L);
            double after = passed.rateFrom(boundaryNanos + 1_000_000_000L);
            System.out.printf("bandwidth: %.2f MiB/s before the boundary, %.2f MiB in the second after it, then"
                    + " %.2f MiB/s%n", before, firstSecond, after);
            assertEquals(4.0, before, 4.0 * 0.15, "4 MiB/s before 12:00");
            assertTrue(firstSecond > 6.0, "more than the old 4 MiB/s allows in the first second after 12:00: " + firstSecond);
            assertEquals(16.0, after, 16.0 * 0.15, "16 MiB/s after 12:00");

            long readBack = System.nanoTime();
            String sha = remote.flushAndSha256(size, limit);
            double seconds = (System.nanoTime() - readBack) / 1e9;
            System.out.printf("bandwidth: 40 MiB read back under the 16M in force: %.2f s%n", seconds);
            assertEquals(new Pattern(size).sha256(), sha);
            assertEquals(2.5, seconds, 2.5 * 0.15, "40 MiB read back at 16 MiB/s, on a cap of its own");
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
