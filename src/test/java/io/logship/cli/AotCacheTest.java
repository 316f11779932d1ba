package io.logship.cli;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start-up line about the AOT cache, from what HotSpot says of itself; AotCacheIT runs the real JVMs. */
class AotCacheTest {

    @Test
    void noLineWithoutACacheAskedFor() {
        // JDK 17 has no -XX:AOTCache (status() finds no such option); Java 25 without it: ""
        assertTrue(AotCache.status("", "mixed mode, sharing", false).isEmpty());
        assertTrue(AotCache.status(null, "mixed mode", false).isEmpty());
    }

    @Test
    void aCacheHotSpotMappedIsInUse() {
        AotCache.Status s = AotCache.status("/opt/logship/logship.aot", "mixed mode, sharing", true).orElseThrow();
        assertTrue(s.used());
        assertEquals("  JVM: AOT cache /opt/logship/logship.aot in use", s.line());
    }

    @Test
    void aRefusedCacheIsNamedWithWhyAndTheCommandThatMakesItAgain() {
        AotCache.Status stale = AotCache.status("/opt/logship/logship.aot", "mixed mode", true).orElseThrow();
        assertFalse(stale.used());
        assertTrue(stale.line().startsWith("  JVM: AOT cache /opt/logship/logship.aot not used: it was made for another"
                + " logship.jar or Java build; logship runs without it"), stale.line());
        assertTrue(stale.line().contains("'java -jar logship.jar aot-cache'"), stale.line());
        AotCache.Status missing = AotCache.status("/opt/logship/logship.aot", "mixed mode", false).orElseThrow();
        assertFalse(missing.used());
        assertTrue(missing.line().contains(" not used: it does not exist; "), missing.line());
    }

    @Test
    void theTrainingRunGetsThisJvmsOptionsButNoAotOptionOfItsOwn() {
        assertEquals(List.of("-Xmx256m", "-XX:G1HeapRegionSize=4m", "-Dlogship.config=x.properties"),
                AotCache.jvmOptions(List.of("-Xmx256m", "-XX:G1HeapRegionSize=4m", "-XX:AOTCache=/opt/logship/logship.aot",
                        "-Xlog:aot*=off", "-XX:AOTMode=on", "-Dlogship.config=x.properties")));
    }
}
