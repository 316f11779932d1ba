package io.logship.ship;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NasLayoutTest {

    @Test
    void joinsFoldersWithSlashesAndDropsEmptySegments() {
        assertEquals("base/host/2026/11/24", NasLayout.join("base", "/host//2026\\11/./24/"));
        assertEquals("host/2026", NasLayout.join("", "host/2026"));
        assertEquals("a.log", NasLayout.child("", "a.log"));
        assertEquals("d/a.log", NasLayout.child("d", "a.log"));
    }

    @Test
    void aLayoutCannotClimbOutOfTheBaseFolder() {
        assertThrows(IllegalArgumentException.class, () -> NasLayout.join("base", "../../etc"));
    }

    @Test
    void temporaryUploadsLiveInOneFolderPerHostAndRoute() {
        NasLayout layout = new NasLayout("logs", "erp01");
        assertEquals("logs/.logship-tmp/erp01/ship-logs", layout.tempDir("ship-logs"));
        assertEquals("logs/erp01/2026/11/24", layout.targetDir("erp01/2026/11/24"));
    }
}
