package io.logship.integrity;

import java.util.List;
import java.util.Map;

import io.logship.core.PeriodicService;
import io.logship.core.ShippingHold;
import io.logship.health.NagiosCheck;
import io.logship.health.ReadinessCheck;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the routes and the configuration with their seal at start and every
 * {@code logship.integrity.checkSeconds}. On a difference it reports it (log, health check
 * {@code integrity}, metric {@code logship_config_integrity_ok}) and, in {@code enforce} mode, stops
 * shipping until the files match their seal again. A fresh installation that was never sealed is
 * "unsealed": health UP with a warning (the Nagios check says WARNING), shipping goes on. A seal that
 * is missing or unreadable after it existed is a difference like any other.
 */
public class IntegrityCheck extends PeriodicService implements ShippingHold {

    private static final Logger LOG = LoggerFactory.getLogger(IntegrityCheck.class);

    /** What a difference does. */
    public enum Mode { ENFORCE, WARN }

    private final SealManifest seal;
    private final Mode mode;
    private final int intervalSeconds;
    private volatile List<String> differences = List.of();
    private volatile boolean sealed;
    private volatile boolean unsealed;

    public IntegrityCheck(CamelContext context, SealManifest seal, Mode mode, int intervalSeconds) {
        super(context);
        this.seal = seal;
        this.mode = mode;
        this.intervalSeconds = intervalSeconds;
    }

    /** True while shipping must stop: enforce mode and a sealed file that differs. */
    @Override
    public boolean blocksShipping() {
        return mode == Mode.ENFORCE && sealed && !differences.isEmpty();
    }

    public boolean ok() {
        return differences.isEmpty();
    }

    public List<String> differences() {
        return differences;
    }

    public Mode mode() {
        return mode;
    }

    /** True while no seal was ever made here (a fresh installation). */
    public boolean unsealed() {
        return unsealed;
    }

    /** The warning of an unsealed installation. */
    String unsealedWarning() {
        return "unsealed: no seal " + seal.path() + " yet; changes to routes and configuration go unnoticed until"
                + " 'java -jar logship.jar seal' records them";
    }

    /** Compares now; logs when the answer changes. */
    public void check() {
        List<String> before = differences;
        boolean wasUnsealed = unsealed;
        try {
            // a seal that vanished after it existed stops shipping like a changed file
            sealed = seal.sealed() != null || seal.wasSealed();
            differences = seal.differences();
            unsealed = !sealed;
        } catch (Exception e) {
            // an unreadable seal exists: an alarm, not a pass
            sealed = true;
            unsealed = false;
            differences = List.of("cannot compare with the seal " + seal.path() + ": " + e.getMessage());
        }
        if (unsealed && !wasUnsealed) {
            LOG.warn("Integrity: {}", unsealedWarning());
        }
        if (!differences.equals(before)) {
            if (differences.isEmpty()) {
                LOG.info("Routes and configuration match their seal {}{}", seal.path(),
                        before.isEmpty() ? "" : "; shipping goes on");
            } else if (blocksShipping()) {
                LOG.error("Integrity: {}. Shipping is stopped (logship.integrity.mode=enforce) until the files match"
                        + " their seal: undo the change, or validate and seal it and restart", String.join("; ", differences));
            } else {
                LOG.warn("Integrity: {}", String.join("; ", differences));
            }
        }
    }

    @Override
    protected void doStart() {
        check();
        every("integrity", intervalSeconds, intervalSeconds, this::check);
    }

    /** Health check {@code integrity}: DOWN while a file differs from its seal, naming it. */
    public static class Health extends ReadinessCheck {
        private final IntegrityCheck integrity;

        public Health(IntegrityCheck integrity) {
            super("integrity");
            this.integrity = integrity;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            if (integrity.unsealed()) {
                builder.up().message(NagiosCheck.WARNING_PREFIX + integrity.unsealedWarning());
            } else if (integrity.ok()) {
                builder.up().message("routes and configuration match their seal");
            } else {
                builder.down().message(String.join("; ", integrity.differences())
                        + (integrity.blocksShipping() ? "; shipping stopped" : ""));
            }
        }
    }
}
