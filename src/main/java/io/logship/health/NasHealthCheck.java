package io.logship.health;

import java.util.Map;

import io.logship.metrics.NasProbe;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** {@code nas}: DOWN while the NAS is unreachable, refuses the login or is not writable; the message says which. */
public class NasHealthCheck extends AbstractHealthCheck {

    private final NasProbe probe;

    public NasHealthCheck(NasProbe probe) {
        super("logship", "nas");
        this.probe = probe;
    }

    @Override
    public boolean isLiveness() {
        // a NAS outage is no reason to restart logship
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        NasProbe.State s = probe.state();
        builder.message(s.message()).detail("checked.millis", s.checkedMillis());
        if (s.up()) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
