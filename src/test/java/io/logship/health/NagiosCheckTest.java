package io.logship.health;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NagiosCheckTest {

    private static final NagiosCheck.Thresholds T = new NagiosCheck.Thresholds(100, 1000, 600, 1800, 20, 10);

    private static String metrics(long files, long age, long free, long quarantined) {
        return "# HELP logship_backlog_files Files waiting\n# TYPE logship_backlog_files gauge\n"
                + "logship_backlog_files " + files + ".0\n"
                + "logship_backlog_oldest_age_seconds " + age + ".0\n"
                + "logship_source_disk_free_bytes " + free + ".0\n"
                + "logship_source_disk_size_bytes 100.0\n"
                + "logship_quarantined_files " + quarantined + ".0\n"
                + "logship_ship_failures_total{reason=\"other\"} 0.0\n";
    }

    private static final String UP = "{\"status\":\"UP\",\"checks\":[{\"name\":\"nas\",\"status\":\"UP\"}]}";

    @Test
    void okWithPerfdata() {
        NagiosCheck.Result r = NagiosCheck.evaluate(UP, metrics(3, 40, 55, 0), T);
        assertEquals(0, r.exitCode());
        assertEquals("LOGSHIP OK - 3 files waiting, oldest 40s | backlog_files=3;100;1000;0 oldest_age=40s;600;1800;0"
                + " disk_free=55%;20;10;0;100 quarantined=0;;1;0", r.line());
    }

    @Test
    void aDownNasIsCriticalAndNamedFirst() {
        String down = "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"nas\",\"status\":\"DOWN\",\"message\":"
                + "\"NAS \\\\\\/\\\\\\/nas01:445\\\\\\/logs unreachable (Connection refused) while trying to connect as svc\"}]}";
        NagiosCheck.Result r = NagiosCheck.evaluate(down, metrics(412, 1380, 18, 0), T);
        assertEquals(2, r.exitCode());
        assertEquals("LOGSHIP CRITICAL - NAS //nas01:445/logs unreachable (Connection refused) while trying to connect as svc;"
                + " source disk 18% free; 412 files waiting, oldest 23m | backlog_files=412;100;1000;0"
                + " oldest_age=1380s;600;1800;0 disk_free=18%;20;10;0;100 quarantined=0;;1;0", r.line());
    }

    @Test
    void thresholdsAndQuarantineWarn() {
        assertEquals(1, NagiosCheck.evaluate(UP, metrics(150, 10, 55, 0), T).exitCode());
        assertEquals(2, NagiosCheck.evaluate(UP, metrics(1000, 10, 55, 0), T).exitCode());
        assertEquals(1, NagiosCheck.evaluate(UP, metrics(1, 700, 55, 0), T).exitCode());
        assertEquals(2, NagiosCheck.evaluate(UP, metrics(1, 10, 9, 0), T).exitCode());
        String quarantine = "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"quarantine\",\"status\":\"DOWN\",\"message\":\"2 files in the quarantine\"}]}";
        NagiosCheck.Result r = NagiosCheck.evaluate(quarantine, metrics(0, 0, 55, 2), T);
        assertEquals(1, r.exitCode());
        assertEquals("LOGSHIP WARNING - 2 files in the quarantine; 0 files waiting | backlog_files=0;100;1000;0"
                + " oldest_age=0s;600;1800;0 disk_free=55%;20;10;0;100 quarantined=2;;1;0", r.line());
    }

    @Test
    void somethingElseAnsweringIsUnknown() {
        assertEquals(3, NagiosCheck.evaluate("<html>", metrics(0, 0, 50, 0), T).exitCode());
        assertEquals(3, NagiosCheck.evaluate(UP, "up 1\n", T).exitCode());
    }

    @Test
    void severalTargetsAddUpTheirBacklogAndTheFullestDiskCounts() {
        String metrics = "logship_backlog_files{target=\"main\"} 3.0\n"
                + "logship_backlog_files{target=\"web\"} 200.0\n"
                + "logship_backlog_oldest_age_seconds{target=\"main\"} 40.0\n"
                + "logship_backlog_oldest_age_seconds{target=\"web\"} 700.0\n"
                + "logship_source_disk_free_bytes{target=\"main\"} 55.0\n"
                + "logship_source_disk_size_bytes{target=\"main\"} 100.0\n"
                + "logship_source_disk_free_bytes{target=\"web\"} 15.0\n"
                + "logship_source_disk_size_bytes{target=\"web\"} 100.0\n"
                + "logship_quarantined_files{target=\"main\"} 0.0\n"
                + "logship_quarantined_files{target=\"web\"} 0.0\n";
        String health = "{\"status\":\"UP\",\"checks\":[{\"name\":\"nas\",\"status\":\"UP\"},"
                + "{\"name\":\"quarantine-web\",\"status\":\"DOWN\",\"message\":\"1 file in the quarantine\"}]}";
        NagiosCheck.Result r = NagiosCheck.evaluate(health, metrics, T);
        assertEquals(1, r.exitCode(), r.line());
        assertEquals("LOGSHIP WARNING - 1 file in the quarantine; source disk 15% free; 203 files waiting, oldest 11m"
                + " | backlog_files=203;100;1000;0 oldest_age=700s;600;1800;0 disk_free=15%;20;10;0;100"
                + " quarantined=0;;1;0", r.line());
    }

    @Test
    void anUpCheckWhoseMessageIsAWarningIsAWarningNamedInTheLine() {
        String health = "{\"status\":\"UP\",\"checks\":[{\"name\":\"integrity\",\"status\":\"UP\",\"message\":"
                + "\"warning: unsealed: no seal config\\\\\\/logship.seal yet\"}]}";
        NagiosCheck.Result r = NagiosCheck.evaluate(health, metrics(0, 0, 55, 0), T);
        assertEquals(1, r.exitCode(), r.line());
        assertEquals("LOGSHIP WARNING - unsealed: no seal config/logship.seal yet; 0 files waiting | backlog_files=0;100;1000;0"
                + " oldest_age=0s;600;1800;0 disk_free=55%;20;10;0;100 quarantined=0;;1;0", r.line());
    }

    @Test
    void manyTargetsDownStayUnderOneKibibyteWithThePerfdataWhole() {
        StringBuilder checks = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            checks.append(i == 0 ? "" : ",").append("{\"name\":\"nas-t").append(i).append("\",\"status\":\"DOWN\",\"message\":")
                    .append("\"NAS \\\\\\/\\\\\\/nas").append(i).append(":445\\\\\\/logs unreachable (Connection refused) while trying to connect as sv\u00e9\"}");
        }
        NagiosCheck.Result r = NagiosCheck.evaluate("{\"status\":\"DOWN\",\"checks\":[" + checks + "]}", metrics(5, 10, 55, 0), T);
        assertEquals(2, r.exitCode());
        byte[] bytes = r.line().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(bytes.length <= 1023, bytes.length + " bytes");
        assertTrue(r.line().startsWith("LOGSHIP CRITICAL - NAS //nas0:445/logs unreachable"), r.line());
        assertTrue(r.line().endsWith("\u2026 | backlog_files=5;100;1000;0 oldest_age=10s;600;1800;0 disk_free=55%;20;10;0;100"
                + " quarantined=0;;1;0"), r.line());
        // cut at a character, not inside one
        assertEquals(r.line(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }
}
