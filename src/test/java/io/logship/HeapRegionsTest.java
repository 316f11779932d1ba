package io.logship;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the start-up summary advises a larger G1 region, and which. */
class HeapRegionsTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void oneMibBuffersInTheRegionsOfA256MibHeapAreHumongous() {
        assertEquals(Optional.of("  JVM: G1 heap regions of 1 MiB hold each 1 MiB SMB buffer (logship.nas.bufferSize) as a"
                + " humongous object, which costs about 15 % more CPU per GiB; start java with -XX:G1HeapRegionSize=4m,"
                + " as config/systemd/logship.service does"), HeapRegions.advice(MIB, MIB));
        // an array of exactly half a region is humongous too: its header makes it a little more
        assertEquals("4m", suggested(2 * MIB, MIB));
    }

    @Test
    void buffersUnderHalfARegionNeedNothing() {
        assertEquals(Optional.empty(), HeapRegions.advice(4 * MIB, MIB));
        assertEquals(Optional.empty(), HeapRegions.advice(MIB, 65_536));
    }

    @Test
    void aBufferSizeThatIsNoPowerOfTwoCountsAsTheNextOneAndTheAdviceStaysWithinG1sLargestRegion() {
        assertEquals("8m", suggested(4 * MIB, 3 * MIB / 2));
        assertEquals("32m", suggested(4 * MIB, 8 * MIB));
        assertEquals(Optional.empty(), HeapRegions.advice(32 * MIB, 8 * MIB));
    }

    /** What the start-up summary calls: the advice for this JVM's own collector and region size. */
    @Test
    void theAdviceIsForThisJvmsRegions() {
        boolean g1 = ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(gc -> gc.getName().startsWith("G1 "));
        if (!g1) {
            assertEquals(Optional.empty(), HeapRegions.advice(8 * MIB), "no advice without G1");
            return;
        }
        long region = Long.parseLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("G1HeapRegionSize").getValue());
        // half a region is humongous; below G1's largest region (32 MiB) a larger one is advised
        int buffer = (int) (region / 2);
        assertEquals(region < 32 * MIB, HeapRegions.advice(region, buffer).isPresent(), region + " byte regions");
        assertEquals(HeapRegions.advice(region, buffer), HeapRegions.advice(buffer));
        // a 64 KiB buffer fits in any G1 region
        assertEquals(Optional.empty(), HeapRegions.advice(65_536));
    }

    private static String suggested(long region, int buffer) {
        String line = HeapRegions.advice(region, buffer).orElseThrow();
        Matcher option = Pattern.compile("-XX:G1HeapRegionSize=(\\d+m)(, as config/systemd/logship.service does)?$").matcher(line);
        assertTrue(option.find(), line);
        // only the service definitions' own 4 MiB is said to be what they do
        assertEquals("4m".equals(option.group(1)), option.group(2) != null, line);
        return option.group(1);
    }
}
