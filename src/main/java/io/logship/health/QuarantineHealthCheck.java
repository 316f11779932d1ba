package io.logship.health;

import java.nio.file.Path;
import java.util.Map;

import io.logship.metrics.BacklogScanner;
import org.apache.camel.health.HealthCheckResultBuilder;

/** {@code quarantine}: DOWN while any file waits in the quarantine for an operator. */
public class QuarantineHealthCheck extends ReadinessCheck {

    private final BacklogScanner backlog;
    private final Path dir;

    public QuarantineHealthCheck(BacklogScanner backlog, Path dir, String target) {
        super(id("quarantine", target));
        this.backlog = backlog;
        this.dir = dir;
    }


    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        long n = backlog.snapshot().quarantined();
        builder.detail("files", n);
        if (n > 0) {
            builder.down().message(n + " files in the quarantine " + dir
                    + ": read their .error.json, fix the cause, then 'logship replay'");
        } else {
            builder.up().message("quarantine " + dir + " is empty");
        }
    }
}
