package io.logship.health;

import java.util.Collection;
import java.util.Map;

import io.logship.failure.DisposeFailures;
import org.apache.camel.health.HealthCheckResultBuilder;

/** {@code dispose}: DOWN while a shipped and verified file could not be deleted or archived locally. */
public class DisposeHealthCheck extends ReadinessCheck {

    private final DisposeFailures failures;

    public DisposeHealthCheck(DisposeFailures failures, String target) {
        super(id("dispose", target));
        this.failures = failures;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Collection<DisposeFailures.Waiting> waiting = failures.waiting();
        builder.detail("files", waiting.size());
        if (waiting.isEmpty()) {
            builder.up().message("every shipped file was deleted or archived");
            return;
        }
        DisposeFailures.Waiting first = waiting.iterator().next();
        builder.down().message(waiting.size() + " shipped files could not be deleted or archived, e.g. " + first.file()
                + " (" + first.reason() + ", since " + first.since() + "); they are not shipped again while unchanged"
                + " and logship tries again every " + failures.retrySeconds() + " s: let logship's user delete them");
    }
}
