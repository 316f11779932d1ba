package io.logship;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.hierynomus.smbj.SmbConfig;
import io.logship.audit.AuditLedger;
import io.logship.component.nas.NasProducer;
import io.logship.config.LogshipSettings;
import io.logship.config.SecretLogMasker;
import io.logship.config.SettingsException;
import io.logship.core.AttemptObserver;
import io.logship.failure.DisposeFailures;
import io.logship.health.BacklogHealthCheck;
import io.logship.health.LedgerHealthCheck;
import io.logship.health.DisposeHealthCheck;
import io.logship.health.NasHealthCheck;
import io.logship.health.QuarantineHealthCheck;
import io.logship.health.ReadinessCheck;
import io.logship.health.SourceDiskHealthCheck;
import io.logship.integrity.IntegrityCheck;
import io.logship.integrity.SealManifest;
import io.logship.metrics.BacklogScanner;
import io.logship.metrics.LogshipMeterRegistry;
import io.logship.metrics.NasProbe;
import io.logship.metrics.PrometheusTagNames;
import io.logship.metrics.ShipMetrics;
import io.logship.failure.Quarantine;
import io.logship.failure.ShipFailures;
import io.logship.nas.BandwidthLimit;
import io.logship.nas.NasClient;
import io.logship.nas.NasLogin;
import io.logship.nas.SmbConfigFactory;
import io.logship.nas.crypto.CryptoWarmUp;
import io.logship.nas.crypto.JdkSecurityProvider;
import io.logship.ship.ArchivePruner;
import io.logship.ship.InUseCheck;
import io.logship.ship.OldestFirstWindow;
import io.logship.ship.SourceRecheckProcessor;
import org.apache.camel.CamelConfiguration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
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

    /** Each target's {@link BacklogScanner} in the registry: {@code backlog-NAME}. */
    public static final String BACKLOG_BEAN = "backlog";

    /** Seconds between two passes over an archive folder. */
    static final int ARCHIVE_PRUNE_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(LogshipConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Map<String, LogshipSettings> targets = LogshipSettings.targets(properties);
        targets.values().forEach(t -> SecretLogMasker.secret(t.nasPassword()));
        targets.forEach((name, t) -> LOG.debug("Target {}: {}", name, t));
        checkManagementPort(properties);

        // shared by all targets: the seal, the ledger, the metrics registry
        LogshipSettings first = targets.values().iterator().next();
        // Camel's redeliveryDelay and maximumRedeliveryDelay take milliseconds, not durations such as 1s, and
        // say so only when a file first fails: routes/ship-attempts.camel.yaml reads these, derived from the
        // validated logship.retry.initialDelay and .maxDelay (shared by all targets)
        properties.addInitialProperty("logship.retry.initialDelayMillis", Long.toString(first.retryInitialDelay().toMillis()));
        properties.addInitialProperty("logship.retry.maxDelayMillis", Long.toString(first.retryMaxDelay().toMillis()));
        PrometheusMeterRegistry meters = meterRegistry(context);
        IntegrityCheck integrity = new IntegrityCheck(context, sealManifest(properties, first),
                IntegrityCheck.Mode.valueOf(first.integrityMode().name()), first.integrityCheckSeconds());
        Gauge.builder("logship.config.integrity.ok", integrity, i -> i.ok() ? 1 : 0)
                .description("1 while routes and configuration match their seal (or no seal was ever made)").register(meters);
        Gauge.builder("logship.config.sealed", integrity, i -> i.unsealed() ? 0 : 1)
                .description("0 while this installation has never been sealed ('logship seal')").register(meters);
        AuditLedger ledger = new AuditLedger(first.ledgerDir(), first.ledgerRetentionDays());
        ShipMetrics.diskGauges(meters, "ledger", "logship.ledger.dir", first.ledgerDir(), Tags.empty());
        ShipMetrics.buildInfo(meters, version());
        addService(context, integrity);
        try {
            context.addStartupListener(new StartupSummary(targets, integrity));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register logship's start-up summary", e);
        }
        Registry registry = context.getRegistry();
        // a no-op unless a crash test names its failpoints (logship.attemptObserver)
        AttemptObserver observer = AttemptObserver.configured();
        registry.bind(NasProducer.OBSERVER_BEAN, AttemptObserver.class, observer);
        registry.bind("integrityHealthCheck", new IntegrityCheck.Health(integrity));
        // shared, so judged by the first target's logship.disk.* (the plain keys unless it overrides them)
        registry.bind("ledgerHealthCheck", new LedgerHealthCheck(ledger, first.diskWarnFreePercent(),
                first.diskCritFreePercent()));

        // the JDK's AES runs in plain Java until the JIT has seen enough of it: warmed while Camel starts
        Set<CryptoWarmUp.Use> uses = EnumSet.noneOf(CryptoWarmUp.Use.class);
        targets.values().stream().filter(t -> t.nasCrypto() == LogshipSettings.CryptoProvider.JDK)
                .forEach(t -> uses.add(t.nasEncrypt() ? CryptoWarmUp.Use.SEAL : CryptoWarmUp.Use.SIGN));
        if (!uses.isEmpty()) {
            CryptoWarmUp warmUp = new CryptoWarmUp(new JdkSecurityProvider(), uses);
            warmUp.begin();
            addService(context, warmUp);
        }

        registry.bind(NasProducer.LEDGER_BEAN, ledger);
        TargetProperties routeProperties = new TargetProperties();
        targets.forEach((name, settings) -> {
            configureTarget(context, name, settings, meters, integrity);
            routeProperties.add(name, settings);
        });
        // what the routes in routes/ read as {{logship.target.NAME.*}}: each target's effective values
        properties.addPropertiesSource(routeProperties);
        // routes/ itself is checked by TargetRoutes, a Camel Main listener (LogshipMain.create), once it is loaded
        // the steps of routes/ship-attempts.camel.yaml, which every target's route shares
        registry.bind("recordFailure", new PerTarget("shipFailures"));
        registry.bind("recheckSource", new SourceRecheckProcessor());
        registry.bind("disposeFirst", new PerTarget("dispose"));
        // the failure policy's beans (routes/ship-attempts.camel.yaml, routes/quarantine.camel.yaml)
        registry.bind("failureOfOneFile", new FailureOfOneFile());
        for (String step : List.of("fileFailed", "quarantineFile")) {
            registry.bind(step, new PerTarget(step));
        }
    }

    /** Binds one target's beans, named {@code <bean>-<target>}; its route's values are {@link TargetProperties}. */
    private static void configureTarget(CamelContext context, String name, LogshipSettings settings,
            PrometheusMeterRegistry meters, IntegrityCheck integrity) {
        Quarantine quarantine = new Quarantine(settings.deadletterDir());
        BacklogScanner backlog = new BacklogScanner(context, settings.sourceDir(), settings.includes(),
                settings.excludes(), quarantine, settings.backlogScanSeconds());
        // the probe has a session of its own: a long upload never delays it
        NasClient probeClient = nasClient(settings);
        NasProbe probe = new NasProbe(context, probeClient, settings.nasDir(), settings.nasProbeSeconds());
        ShipMetrics metrics = new ShipMetrics(meters, name, backlog, probe, settings.sourceDir());
        ShipFailures failures = new ShipFailures(new ShipFailures.RetryPolicy(settings.retryInitialDelay(),
                settings.retryMaxDelay(), settings.retryMultiplier(), settings.retryMaxAttempts()), quarantine,
                probeClient.describe(), metrics, probe, integrity);
        // closed with the context, after the routes have stopped; the nas: component closes its own connections
        addService(context, backlog);
        addService(context, probe);

        Registry registry = context.getRegistry();
        registry.bind(ReadinessCheck.id("nas", name) + "HealthCheck", new NasHealthCheck(probe, name));
        registry.bind(ReadinessCheck.id("source-disk", name) + "HealthCheck", new SourceDiskHealthCheck(
                settings.sourceDir(), settings.diskWarnFreePercent(), settings.diskCritFreePercent(), name));
        registry.bind(ReadinessCheck.id("backlog", name) + "HealthCheck",
                new BacklogHealthCheck(backlog, settings.backlogMaxAgeSeconds(), name));
        registry.bind(ReadinessCheck.id("quarantine", name) + "HealthCheck",
                new QuarantineHealthCheck(backlog, settings.deadletterDir(), name));
        registry.bind("nasProbe-" + name, probe);
        // validate's note on include patterns that match none of the source folder's files
        registry.bind(BACKLOG_BEAN + "-" + name, backlog);
        // logship.nas.bandwidth: one cap for all the target's uploads, its lanes and nas: steps together
        BandwidthLimit bandwidth = new BandwidthLimit(settings.nasBandwidth(), Clock.systemDefaultZone());
        registry.bind(NasProducer.BANDWIDTH_BEAN + "-" + name, bandwidth);
        Gauge.builder("logship.bandwidth.limit.bytes.per.second", bandwidth, b -> {
            long rate = b.rateNow();
            return rate == 0 ? Double.POSITIVE_INFINITY : rate;
        }).tag("target", name)
                .description("The cap on uploads (and, separately, read-backs) in force now, logship.nas.bandwidth;"
                        + " +Inf: no cap").register(meters);
        registry.bind("quarantine-" + name, quarantine);
        // the route's onException step
        registry.bind("shipFailures-" + name, failures);
        // the end of one file's retries: the quarantine route
        registry.bind("quarantineFile-" + name, (org.apache.camel.Processor) failures::quarantine);
        // the consumer's onCompletionExceptionHandler: a shipped file it could not delete or archive
        DisposeFailures disposal = new DisposeFailures(context, failures,
                settings.afterShip() == LogshipSettings.AfterShip.ARCHIVE ? settings.archiveDir() : null,
                settings.doneFileName().isEmpty() ? null : settings.doneFileName(), settings.disposeRetrySeconds(),
                meters, name);
        addService(context, disposal);
        registry.bind("dispose-" + name, disposal);
        registry.bind(ReadinessCheck.id("dispose", name) + "HealthCheck", new DisposeHealthCheck(disposal, name));
        // the consumer's filter and poll strategy; no window, and no wait for empty files, in done-file mode
        boolean doneFiles = !settings.doneFileName().isEmpty();
        OldestFirstWindow window = new OldestFirstWindow(settings.sourceDir(), doneFiles ? 0 : settings.maxFilesPerPoll(),
                disposal, InUseCheck.forThisSystem(settings.inUseCheck()), doneFiles ? 0 : settings.emptyFileMinAgeSeconds(),
                settings.stableSeconds());
        registry.bind("oldestFirst-" + name, window);
        Gauge.builder("logship.source.files.in.use", window, w -> w.filesInUse() + failures.waitingInUse())
                .tag("target", name).description("Files not taken because another process holds them open")
                .register(meters);
        // the failure policy's steps (routes/ship-attempts.camel.yaml): one line per failed attempt
        registry.bind("fileFailed-" + name, (org.apache.camel.Processor) failures::attemptFailed);
        if (settings.afterShip() == LogshipSettings.AfterShip.ARCHIVE) {
            ArchivePruner pruner = new ArchivePruner(context, settings.archiveDir(), settings.archiveMaxBytes(),
                    settings.archiveMaxAgeDays(), ARCHIVE_PRUNE_SECONDS);
            addService(context, pruner);
            Gauge.builder("logship.archive.bytes", pruner, p -> p.last().bytes()).tag("target", name)
                    .description("Bytes in the archive folder (logship.archive.maxBytes caps it)").register(meters);
        }
    }

    /** A connection of its own (one lane) on the target's share, as the target's settings describe it. */
    static NasClient nasClient(LogshipSettings settings) {
        SmbConfig smbConfig = SmbConfigFactory.create(settings.nasBufferSize(), settings.nasTimeoutSeconds(),
                settings.nasCrypto() == LogshipSettings.CryptoProvider.JDK, settings.nasEncrypt(), settings.nasDfs());
        NasLogin login = NasLogin.of(settings.nasAuth(), settings.nasUsername(), settings.nasDomain(),
                settings.nasKerberosPrincipal(), settings.nasKerberosKeytab(), settings.nasPassword(),
                settings.nasKerberosConfig());
        return new NasClient(settings.nasHost(), settings.nasPort(), settings.nasShare(), login, smbConfig, 1);
    }

    private static void addService(CamelContext context, Object service) {
        try {
            context.addService(service, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register logship's services", e);
        }
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
     * The registry Camel serves at /observe/metrics: the LogshipMeterRegistry config/application.properties
     * binds (camel.beans.metricsRegistry), so logship's meters and Camel's appear in one scrape, all with
     * Prometheus-clean label names. Without that key, Camel's own registry, or a new one bound where Camel
     * looks for it, with the same filter from now on.
     */
    static PrometheusMeterRegistry meterRegistry(CamelContext context) {
        Registry registry = context.getRegistry();
        for (PrometheusMeterRegistry existing : registry.findByType(PrometheusMeterRegistry.class)) {
            if (!(existing instanceof LogshipMeterRegistry)) {
                existing.config().meterFilter(new PrometheusTagNames());
            }
            return existing;
        }
        PrometheusMeterRegistry meters = new LogshipMeterRegistry();
        registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        return meters;
    }

    /** The seal of this configuration file and of the route files Camel Main loads. */
    public static SealManifest sealManifest(PropertiesComponent properties, LogshipSettings settings) {
        return new SealManifest(settings.integrityManifest(), settings.ledgerDir().resolve(".logship-sealed"),
                Path.of(LogshipMain.configLocation()),
                properties.resolveProperty("camel.main.routesIncludePattern").orElse("file:routes/*.camel.yaml"));
    }

    static String version() {
        String v = LogshipConfiguration.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
