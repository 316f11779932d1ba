package io.logship;

import java.lang.management.ManagementFactory;
import java.util.Optional;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Whether this JVM's G1 heap regions are large enough for smbj's message buffers. smbj builds each
 * SMB message in a fresh array of {@code logship.nas.bufferSize} bytes (rounded up to a power of two),
 * and opens or seals it into another; G1 allocates an array of half a region or more as a humongous
 * object, outside the young generation, in whole regions of its own. With {@code -Xmx256m} (the
 * service definitions) G1 picks 1 MiB regions, and every 1 MiB buffer takes two: in alternating runs
 * (docs/performance.md) a warm GiB took 7.7 instead of 6.7 s and 6.4 instead of 5.5 CPU-seconds.
 * {@code -XX:G1HeapRegionSize=4m} removes that; it is a JVM option, so logship can only say so.
 */
final class HeapRegions {

    /** The bytes of an array's header on a 64-bit HotSpot, which make a 1 MiB buffer a little more than 1 MiB. */
    private static final int ARRAY_HEADER = 16;
    /** The region size the service definitions set, right for the default 1 MiB buffers. */
    private static final long SERVICE_REGION = 4L * 1024 * 1024;
    /** G1's largest region on JDK 17. */
    private static final long MAX_REGION = 32L * 1024 * 1024;

    private HeapRegions() {
    }

    /**
     * The start-up line that advises a larger region, or nothing when the buffers fit (or the collector is
     * not G1, or this JVM does not say).
     */
    static Optional<String> advice(int bufferSize) {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (!Boolean.parseBoolean(vm.getVMOption("UseG1GC").getValue())) {
                return Optional.empty();
            }
            return advice(Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue()), bufferSize);
        } catch (RuntimeException | LinkageError e) {
            // not a HotSpot JVM, or one without jdk.management: the advice is only about speed
            return Optional.empty();
        }
    }

    static Optional<String> advice(long regionBytes, int bufferSize) {
        long buffer = Long.highestOneBit(bufferSize - 1L) << 1;
        if (buffer + ARRAY_HEADER < regionBytes / 2) {
            return Optional.empty();
        }
        long wanted = Math.min(MAX_REGION, Long.highestOneBit(2 * (buffer + ARRAY_HEADER)) << 1);
        if (wanted <= regionBytes) {
            return Optional.empty();
        }
        return Optional.of("  JVM: G1 heap regions of " + mib(regionBytes) + " hold each " + mib(buffer)
                + " SMB buffer (logship.nas.bufferSize) as a humongous object, which costs about 15 % more CPU"
                + " per GiB; start java with -XX:G1HeapRegionSize=" + (wanted >> 20) + "m"
                + (wanted == SERVICE_REGION ? ", as config/systemd/logship.service does" : ""));
    }

    private static String mib(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }
}
