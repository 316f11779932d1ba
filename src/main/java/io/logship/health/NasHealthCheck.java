package io.logship.health;

import java.util.Map;

import io.logship.metrics.NasProbe;
import org.apache.camel.health.HealthCheckResultBuilder;

/** {@code nas}: DOWN while the NAS is unreachable, refuses the login or is not writable; the message says which. */
public class NasHealthCheck extends ReadinessCheck {

    private final NasProbe probe;

    public NasHealthCheck(NasProbe probe, String target) {
        super(id("nas", target));
        this.probe = probe;
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
