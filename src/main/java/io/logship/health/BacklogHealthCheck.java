package io.logship.health;

import java.util.Map;

import io.logship.metrics.BacklogScanner;
import org.apache.camel.health.HealthCheckResultBuilder;

/** {@code backlog}: DOWN when the oldest waiting file is older than {@code logship.backlog.maxAgeSeconds}. */
public class BacklogHealthCheck extends ReadinessCheck {

    private final BacklogScanner backlog;
    private final long maxAgeSeconds;

    public BacklogHealthCheck(BacklogScanner backlog, long maxAgeSeconds, String target) {
        super(id("backlog", target));
        this.backlog = backlog;
        this.maxAgeSeconds = maxAgeSeconds;
    }


    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        BacklogScanner.Snapshot s = backlog.snapshot();
        long age = s.oldestModifiedMillis() == 0 ? 0 : (System.currentTimeMillis() - s.oldestModifiedMillis()) / 1000;
        builder.detail("files", s.files()).detail("bytes", s.bytes()).detail("oldest.age.seconds", age);
        String text = s.files() + " files waiting, oldest " + age + " s";
        if (age > maxAgeSeconds) {
            builder.down().message(text + ", older than logship.backlog.maxAgeSeconds=" + maxAgeSeconds);
        } else {
            builder.up().message(text);
        }
    }
}
