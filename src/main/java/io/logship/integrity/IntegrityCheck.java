package io.logship.integrity;

import java.util.List;
import java.util.Map;

import io.logship.PeriodicService;
import io.logship.health.ReadinessCheck;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the routes and the configuration with their seal at start and every
 * {@code logship.integrity.checkSeconds}. On a difference it reports it (log, health check
 * {@code integrity}, metric {@code logship_config_integrity_ok}) and, in {@code enforce} mode, stops
 * shipping until the files match their seal again. Without a seal it reports, but does not stop.
 */
public class IntegrityCheck extends PeriodicService {

    private static final Logger LOG = LoggerFactory.getLogger(IntegrityCheck.class);

    /** What a difference does. */
    public enum Mode { ENFORCE, WARN }

    private final SealManifest seal;
    private final Mode mode;
    private final int intervalSeconds;
    private volatile List<String> differences = List.of();
    private volatile boolean sealed;

    public IntegrityCheck(CamelContext context, SealManifest seal, Mode mode, int intervalSeconds) {
        super(context);
        this.seal = seal;
        this.mode = mode;
        this.intervalSeconds = intervalSeconds;
    }

    /** True while shipping must stop: enforce mode and a sealed file that differs. */
    public boolean blocksShipping() {
        return mode == Mode.ENFORCE && sealed && !differences.isEmpty();
    }

    public boolean ok() {
        return differences.isEmpty();
    }

    public List<String> differences() {
        return differences;
    }

    /** Compares now; logs when the answer changes. */
    public void check() {
        List<String> before = differences;
        try {
            sealed = seal.sealed() != null;
            differences = seal.differences();
        } catch (Exception e) {
            differences = List.of("cannot compare with the seal " + seal.path() + ": " + e.getMessage());
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
            if (integrity.ok()) {
                builder.up().message("routes and configuration match their seal");
            } else {
                builder.down().message(String.join("; ", integrity.differences())
                        + (integrity.blocksShipping() ? "; shipping stopped" : ""));
            }
        }
    }
}
