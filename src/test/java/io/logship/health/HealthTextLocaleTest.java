package io.logship.health;

import java.nio.file.Path;
import java.util.Locale;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health and status read the same on a German or French Windows: monitoring matches their words. */
class HealthTextLocaleTest {

    private final Locale before = Locale.getDefault();

    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    @Test
    void theSourceDiskMessageUsesAPointWhateverTheLocale() {
        Locale.setDefault(Locale.GERMANY);
        SourceDiskHealthCheck check = new SourceDiskHealthCheck(dir, 0, 0, "main");
        check.setCamelContext(new DefaultCamelContext(false));
        HealthCheck.Result result = check.call();
        String message = result.getMessage().orElseThrow();
        assertTrue(message.matches("source disk of .*: \\d+\\.\\d% free \\(\\d+ MiB of \\d+ MiB\\)"), message);
    }

    @Test
    void theStatusReportUsesPointsAndNewlinesWhateverTheLocale() throws Exception {
        Locale.setDefault(Locale.FRANCE);
        String report = StatusReport.render("http://127.0.0.1:9810", "{\"status\":\"UP\",\"checks\":[]}",
                "logship_files_shipped_total 1234567.0\nlogship_bytes_shipped_total 9.5E9\n");
        assertTrue(report.contains("  shipped      1234567 files, 9500000000 bytes\n"), report);
        assertTrue(!report.contains("\r"), report);
    }
}
