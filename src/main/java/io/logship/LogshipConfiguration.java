package io.logship;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import com.hierynomus.smbj.SmbConfig;
import io.logship.audit.AuditLedger;
import io.logship.config.LogshipSettings;
import io.logship.config.SecretLogFilter;
import io.logship.config.SettingsException;
import io.logship.health.BacklogHealthCheck;
import io.logship.health.NasHealthCheck;
import io.logship.health.QuarantineHealthCheck;
import io.logship.health.SourceDiskHealthCheck;
import io.logship.integrity.IntegrityCheck;
import io.logship.integrity.SealManifest;
import io.logship.metrics.BacklogScanner;
import io.logship.metrics.NasProbe;
import io.logship.metrics.ShipMetrics;
import io.logship.failure.Quarantine;
import io.logship.failure.ShipFailures;
import io.logship.nas.NasClient;
import io.logship.nas.SmbConfigFactory;
import io.logship.ship.DiscardTempProcessor;
import io.logship.ship.NasLayout;
import io.logship.ship.PublishProcessor;
import io.logship.ship.ShipPrepareProcessor;
import io.logship.verify.RemoteVerifyProcessor;
import org.apache.camel.CamelConfiguration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the {@code logship.*} keys and binds the named beans the routes in {@code routes/} call.
 * Runs before the routes are loaded, so a bad value stops start-up before any file is touched.
 */
public class LogshipConfiguration implements CamelConfiguration {

    /** Consumer option the route reads: delete the local file once its NAS copy is verified. */
    static final String DELETE_KEY = "logship.internal.deleteAfterShip";
    /** Consumer option the route reads: where the local file is moved once shipped (archive mode). */
    static final String MOVE_KEY = "logship.internal.archiveMove";

    private static final Logger LOG = LoggerFactory.getLogger(LogshipConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        LogshipSettings settings = LogshipSettings.from(properties);
        SecretLogFilter.secret(settings.nasPassword());
        LOG.info("Configuration: {}", settings);
        checkManagementPort(properties);
        // the route's camel-smb endpoint reads the password from here, wherever it came from
        properties.addOverrideProperty("logship.nas.password", settings.nasPassword());

        if (settings.afterShip() == LogshipSettings.AfterShip.ARCHIVE) {
            properties.addOverrideProperty(DELETE_KEY, "false");
            // the shipped time keeps a rotated name (trans.log.1) from replacing an earlier archived one
            properties.addOverrideProperty(MOVE_KEY, settings.archiveDir().toString().replace('\\', '/')
                    + "/${date:file:yyyy}/${date:file:MM}/${date:file:dd}/${file:onlyname}.${date:now:yyyyMMdd-HHmmssSSS}");
        } else {
            properties.addOverrideProperty(DELETE_KEY, "true");
        }

        SmbConfig smbConfig = SmbConfigFactory.create(settings.nasBufferSize(), settings.nasTimeoutSeconds(),
                settings.nasCrypto() == LogshipSettings.CryptoProvider.JDK, settings.nasEncrypt());
        NasClient nas = new NasClient(settings.nasHost(), settings.nasPort(), settings.nasShare(),
                settings.nasUsername(), settings.nasPassword(), settings.nasDomain(), smbConfig);
        NasLayout layout = new NasLayout(settings.nasDir());

        Quarantine quarantine = new Quarantine(settings.deadletterDir());
        BacklogScanner backlog = new BacklogScanner(context, settings.sourceDir(), settings.includes(),
                settings.excludes(), quarantine, settings.backlogScanSeconds());
        // the probe has a session of its own: a long upload on the route's session never delays it
        NasProbe probe = new NasProbe(context, new NasClient(settings.nasHost(), settings.nasPort(),
                settings.nasShare(), settings.nasUsername(), settings.nasPassword(), settings.nasDomain(), smbConfig),
                settings.nasDir(), settings.nasProbeSeconds());
        PrometheusMeterRegistry meters = meterRegistry(context);
        ShipMetrics metrics = new ShipMetrics(meters, backlog, probe, settings.sourceDir(), version());
        IntegrityCheck integrity = new IntegrityCheck(context, sealManifest(properties, settings),
                IntegrityCheck.Mode.valueOf(settings.integrityMode().name()), settings.integrityCheckSeconds());
        Gauge.builder("logship.config.integrity.ok", integrity, i -> i.ok() ? 1 : 0)
                .description("1 while routes and configuration match their seal").register(meters);
        ShipFailures failures = new ShipFailures(new ShipFailures.RetryPolicy(settings.retryInitialDelay(),
                settings.retryMaxDelay(), settings.retryMultiplier(), settings.retryMaxAttempts()), quarantine,
                nas.describe(), metrics, probe, integrity);

        try {
            // closed with the context, after the routes have stopped
            context.addService(nas, true, true);
            context.addService(backlog, true, true);
            context.addService(probe, true, true);
            context.addService(integrity, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register logship's services", e);
        }

        Registry registry = context.getRegistry();
        registry.bind("nasProbe", probe);
        registry.bind("integrityHealthCheck", new IntegrityCheck.Health(integrity));
        registry.bind("nasHealthCheck", new NasHealthCheck(probe));
        registry.bind("sourceDiskHealthCheck", new SourceDiskHealthCheck(settings.sourceDir(),
                settings.diskWarnFreePercent(), settings.diskCritFreePercent()));
        registry.bind("backlogHealthCheck", new BacklogHealthCheck(backlog, settings.backlogMaxAgeSeconds()));
        registry.bind("quarantineHealthCheck", new QuarantineHealthCheck(backlog, settings.deadletterDir()));
        // autowired into the smb: endpoint, so the producer and NasClient negotiate alike
        registry.bind("smbConfig", smbConfig);
        registry.bind("nas", nas);
        registry.bind("quarantine", quarantine);
        // the consumer's filter and the route's onException step
        registry.bind("shipFailures", failures);
        registry.bind("prepare", new ShipPrepareProcessor(nas, layout, failures));
        registry.bind("verifyRemote", new RemoteVerifyProcessor(nas, settings.verify(), settings.nasBufferSize()));
        registry.bind("publish", new PublishProcessor(nas, settings.nasBufferSize(), failures,
                new AuditLedger(settings.ledgerDir(), settings.ledgerRetentionDays()),
                settings.verify().name().toLowerCase(java.util.Locale.ROOT)));
        registry.bind("discardTemp", new DiscardTempProcessor(nas));
    }

    /**
     * Camel logs a BindException and runs on without health and metrics when its management port is
     * taken; logship refuses to run unmonitored and says so in one line.
     */
    static void checkManagementPort(PropertiesComponent properties) {
        if (!Boolean.parseBoolean(properties.resolveProperty("camel.management.enabled").orElse("false"))) {
            return;
        }
        String host = properties.resolveProperty("camel.management.host").orElse("0.0.0.0");
        String port = properties.resolveProperty("camel.management.port").orElse("8080");
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, Integer.parseInt(port)));
        } catch (IOException | RuntimeException e) {
            throw new SettingsException(List.of("camel.management.port=" + port + " cannot be bound on " + host + " ("
                    + e.getMessage() + "): stop what uses it or choose another port; logship does not run without"
                    + " its health and metrics endpoints"));
        }
    }

    /**
     * The registry Camel serves at /observe/metrics: Camel's own if it made one already, else a new
     * one bound where Camel looks for it, so logship's meters and Camel's appear in one scrape.
     */
    static PrometheusMeterRegistry meterRegistry(CamelContext context) {
        Registry registry = context.getRegistry();
        for (MeterRegistry existing : registry.findByType(MeterRegistry.class)) {
            if (existing instanceof PrometheusMeterRegistry prometheus) {
                return prometheus;
            }
        }
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        return meters;
    }

    /** The seal of this configuration file and of the route files Camel Main loads. */
    public static SealManifest sealManifest(PropertiesComponent properties, LogshipSettings settings) {
        return new SealManifest(settings.integrityManifest(), Path.of(LogshipMain.configLocation()),
                properties.resolveProperty("camel.main.routesIncludePattern").orElse("file:routes/*.camel.yaml"));
    }

    static String version() {
        String v = LogshipConfiguration.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
