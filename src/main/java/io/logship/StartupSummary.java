package io.logship;

import java.util.ArrayList;
import java.util.List;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;

import io.logship.cli.AotCache;
import io.logship.cli.ServiceClient;
import io.logship.config.LogshipSettings;
import io.logship.integrity.IntegrityCheck;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few lines an operator reads at start, once every route runs: each target (source, NAS,
 * verification, disposal), the seal, and the health and metrics URLs where the server is bound
 * (Camel's own endpoint summary prints 0.0.0.0 whatever camel.management.host says), and a JVM option
 * to add when the heap's regions are too small for the SMB buffers ({@link HeapRegions}), and whether the
 * JVM uses the AOT cache it was started with ({@link AotCache}). Camel's
 * property dump is logged only at DEBUG (src/main/resources/log4j2.xml).
 */
final class StartupSummary implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(StartupSummary.class);

    private final Map<String, LogshipSettings> targets;
    private final IntegrityCheck integrity;

    StartupSummary(Map<String, LogshipSettings> targets, IntegrityCheck integrity) {
        this.targets = targets;
        this.integrity = integrity;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the routes are not running yet: the lines come once they are
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        lines(context.getPropertiesComponent()).forEach(LOG::info);
        // the JVM's own lines about a refused cache are off (-Xlog:aot*=off in the service definitions)
        AotCache.status().ifPresent(aot -> {
            if (aot.used()) {
                LOG.info(aot.line());
            } else {
                LOG.warn(aot.line());
            }
        });
    }

    List<String> lines(PropertiesComponent properties) {
        List<String> lines = new ArrayList<>();
        lines.add("logship " + LogshipConfiguration.version() + " started: " + targets.size() + " target"
                + (targets.size() == 1 ? "" : "s") + ", " + (integrity.unsealed() ? "unsealed (run 'logship seal')"
                : integrity.ok() ? "sealed" : "differs from its seal") + ", integrity " + lower(integrity.mode()));
        targets.forEach((name, t) -> lines.add("  target " + name + ": " + t.sourceDir() + " -> //" + t.nasHost() + ":"
                + t.nasPort() + "/" + t.nasShare() + (t.nasDir().isEmpty() ? "" : "/" + t.nasDir())
                + (t.nasDfs() ? " (through DFS)" : "") + " as " + t.nasAccount() + ", verify " + lower(t.verify())
                + ", " + (t.nasEncrypt() ? "encrypted" : "signed, not encrypted") + ", bandwidth "
                + t.nasBandwidth().describe(ZonedDateTime.now()) + ", then " + lower(t.afterShip())
                + (t.afterShip() == LogshipSettings.AfterShip.ARCHIVE ? " to " + t.archiveDir() : "")));
        targets.values().stream().mapToInt(LogshipSettings::nasBufferSize).max()
                .ifPresent(buffer -> HeapRegions.advice(buffer).ifPresent(lines::add));
        if (Boolean.parseBoolean(properties.resolveProperty("camel.management.enabled").orElse("false"))) {
            ServiceClient bound = ServiceClient.of(key -> properties.resolveProperty(key).orElse(null), null);
            lines.add("  health " + bound.healthUri() + ", metrics " + bound.metricsUri() + " (bound to "
                    + properties.resolveProperty("camel.management.host").orElse("0.0.0.0") + ")");
        } else {
            lines.add("  no health or metrics endpoint: camel.management.enabled=false");
        }
        return lines;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
