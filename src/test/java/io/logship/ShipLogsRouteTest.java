package io.logship;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.logship.core.AttemptTracker;
import io.logship.core.LedgerWriteException;
import io.logship.core.NasUnavailableException;
import io.logship.failure.DisposeFailures;
import io.logship.failure.PausePolicy;
import io.logship.ship.OldestFirstWindow;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.OnCompletionDefinition;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.processor.ThreadsProcessor;
import org.apache.camel.spi.IdAware;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shape of the real routes/ and config/application.properties, started by Camel Main as
 * {@code run} starts them, with the NAS steps of ship-logs replaced by mock endpoints before the
 * context starts: no root, no smbd. The other folders point into target/; the NAS is a port where
 * nothing listens, never probed.
 * <p>
 * When a route changes, update the lists below: {@link #SHIP_STEPS} (the ship-logs route's step ids in
 * order), {@link #NAS_STEPS} (those of them that talk to the NAS, replaced by {@code mock:<id>}) and
 * {@link #ATTEMPT_STEPS} (routes/ship-attempts.camel.yaml).
 */
@CamelMainTest(configurationClasses = LogshipConfiguration.class,
        propertyPlaceholderLocations = "file:config/application.properties",
        properties = {
                "logship.source.dir=" + ShipLogsRouteTest.DIR + "/source",
                "logship.deadletter.dir=" + ShipLogsRouteTest.DIR + "/quarantine",
                "logship.ledger.dir=" + ShipLogsRouteTest.DIR + "/ledger",
                // unsealed: reported, never stops shipping
                "logship.integrity.manifest=" + ShipLogsRouteTest.DIR + "/logship.seal",
                "logship.source.stableSeconds=1",
                "logship.source.pollMillis=100",
                // a failed file waits this long for its next try: the test sees it stay, untried
                "logship.retry.initialDelay=5m",
                "logship.nas.host=127.0.0.1",
                "logship.nas.port=1",
                "logship.nas.probeSeconds=0",
                "logship.backlog.scanSeconds=1",
                // a file waiting for its redelivery is in flight: the test does not wait 30 s for it at the end
                "camel.main.shutdownTimeout=2",
                // off by default (its cost to small files); on here, so the naming test covers its meters
                "camel.metrics.enableExchangeEventNotifier=true",
                "camel.management.enabled=false"},
        advices = @AdviceRouteMapping(route = "ship-logs", advice = ShipLogsRouteTest.NasMocks.class))
class ShipLogsRouteTest {

    static final String DIR = "target/ship-logs-route-test";

    /** The ship-logs route's steps that have an id, in order (routes/ship-logs.camel.yaml). */
    static final List<String> SHIP_STEPS = List.of("hand-off", "ship", "count-shipped");

    /** The steps of {@link #SHIP_STEPS} that reach the NAS; the test replaces each with mock:&lt;id&gt;. */
    static final List<String> NAS_STEPS = List.of("ship");

    /** Around every attempt (routes/ship-attempts.camel.yaml): onException, then onCompletion's steps. */
    static final List<String> ATTEMPT_STEPS = List.of("to-quarantine", "record-failure", "recheck-source", "dispose-first");

    /** Every logship_* metric of the release before Camel counted files (the alert rules and dashboard use them). */
    static final List<String> LOGSHIP_METRICS = List.of(
            "logship_backlog_bytes",
            "logship_bandwidth_limit_bytes_per_second",
            "logship_backlog_files",
            "logship_backlog_oldest_age_seconds",
            "logship_build_info",
            "logship_bytes_shipped_total",
            "logship_config_integrity_ok",
            "logship_config_sealed",
            "logship_dispose_failures_total",
            "logship_dispose_waiting_files",
            "logship_files_shipped_total",
            "logship_last_success_timestamp_seconds",
            "logship_ledger_disk_free_bytes",
            "logship_ledger_disk_size_bytes",
            "logship_nas_up",
            "logship_quarantined_files",
            "logship_quarantined_total",
            "logship_ship_duration_seconds",
            "logship_ship_duration_seconds_max",
            "logship_ship_failures_total",
            "logship_source_disk_free_bytes",
            "logship_source_disk_size_bytes",
            "logship_source_files_in_use");

    static {
        try {
            for (String dir : List.of("source", "quarantine", "ledger")) {
                Files.createDirectories(Path.of(DIR, dir));
            }
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Replaces each NAS step with a mock endpoint under the same id, so the route keeps its shape. */
    public static class NasMocks extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            for (String step : NAS_STEPS) {
                weaveById(step).replace().to("mock:" + step).id(step);
            }
        }
    }

    @BeanInject
    CamelContext context;

    @EndpointInject("mock:ship")
    MockEndpoint ship;

    private final Path source = Path.of(DIR, "source");

    @AfterEach
    void emptyFolders() throws IOException {
        for (String dir : List.of("source", "quarantine")) {
            try (Stream<Path> files = Files.walk(Path.of(DIR, dir))) {
                files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(Path.of(DIR, dir))).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theRoutesAreTheFilesInRoutesWithTheirStepsInOrder() {
        assertEquals(List.of("quarantine", "ship-logs"), context.getRoutes().stream().map(r -> r.getRouteId()).sorted().toList());
        ModelCamelContext model = (ModelCamelContext) context;
        RouteDefinition route = model.getRouteDefinition("ship-logs");
        assertEquals(SHIP_STEPS, stepIds(route.getOutputs()));
        assertEquals("ship-attempts", route.getRouteConfigurationId());
        RouteConfigurationDefinition attempts = model.getRouteConfigurationDefinitions().stream()
                .filter(c -> c.getId().equals("ship-attempts")).findFirst().orElseThrow();
        List<String> around = new ArrayList<>();
        attempts.getOnExceptions().forEach(e -> around.addAll(stepIds(e.getOutputs())));
        attempts.getOnCompletions().forEach(c -> around.addAll(stepIds(c.getOutputs())));
        assertEquals(ATTEMPT_STEPS, around);
    }

    @Test
    void theConsumerAndTheHandOffAreSetFromTheProperties() {
        FileEndpoint from = (FileEndpoint) context.getRoute("ship-logs").getEndpoint();
        assertEquals("changed", from.getReadLock());
        assertEquals(1000, from.getReadLockMinAge(), "logship.source.stableSeconds");
        assertEquals(0, from.getReadLockMinLength(), "an empty file is complete too");
        assertEquals("file:modified", from.getSortBy().toString().replace("SortBy[", "").replace("]", ""));
        assertFalse(from.isEagerMaxMessagesPerPoll(), "the oldest files of the whole folder, not of the first ones listed");
        assertEquals(500, from.getMaxMessagesPerPoll(), "logship.source.maxFilesPerPoll");
        assertTrue(from.isDelete(), "logship.source.afterShip=delete");
        assertFalse(from.isAutoCreate());
        assertTrue(from.isStartingDirectoryMustExist());
        assertInstanceOf(OldestFirstWindow.class, from.getFilter());
        assertInstanceOf(DisposeFailures.class, from.getOnCompletionExceptionHandler());

        ThreadsProcessor handOff = handOff();
        ThreadPoolExecutor pool = (ThreadPoolExecutor) handOff.getExecutorService();
        // logship.nas.parallelFiles = auto: what this JVM's heap holds with the default buffers
        int parallel = io.logship.config.LogshipSettings.autoParallelFiles(Runtime.getRuntime().maxMemory(), 4, 1 << 20, 1);
        assertEquals(parallel, pool.getCorePoolSize(), "logship.nas.parallelFiles");
        assertEquals(parallel, pool.getMaximumPoolSize());
        assertEquals(parallel, pool.getQueue().remainingCapacity());
        assertEquals(org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy.CallerRuns, handOff.getRejectedPolicy(),
                "a full queue slows the poll down instead of failing a file");
    }

    /** The route has one NAS step today; an operator's second (another share) would be checked in order too. */
    @Test
    void aFileReachesTheNasStepWhileStillInTheSourceFolderIsCountedAfterItAndIsDeletedAfterwards() throws Exception {
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("ship-logs").whenCompleted(1).create();
        List<String> reached = new CopyOnWriteArrayList<>();
        for (String step : NAS_STEPS) {
            context.getEndpoint("mock:" + step, MockEndpoint.class).whenAnyExchangeReceived(e -> reached.add(step
                    + (Files.exists(source.resolve("trans-ok.log")) ? ", file in place" : ", file gone")
                    + (scrape().contains("logship_files_shipped_total{target=\"main\"} 0.0") ? ", not counted" : ", counted")));
        }
        Path file = writeLog("trans-ok.log");

        assertTrue(done.matches(20, TimeUnit.SECONDS), "the file's exchange completed");
        assertEquals(NAS_STEPS.stream().map(step -> step + ", file in place, not counted").toList(), reached);
        Exchange shipped = ship.getReceivedExchanges().get(0);
        assertEquals("trans-ok.log", shipped.getIn().getHeader(Exchange.FILE_NAME_ONLY));
        await().atMost(10, TimeUnit.SECONDS).until(() -> !Files.exists(file));
        assertTrue(scrape().contains("logship_files_shipped_total{target=\"main\"} 1.0"), scrape());
    }

    @Test
    void filesWhoseNasStepFailsWaitForCamelsRedeliveryWithoutAThreadAndTheFilesBehindThemShip() throws Exception {
        String failingStep = NAS_STEPS.get(NAS_STEPS.size() - 1);
        MockEndpoint failing = context.getEndpoint("mock:" + failingStep, MockEndpoint.class);
        failing.whenAnyExchangeReceived(e -> {
            if (e.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class).startsWith("trans-fails")) {
                throw new IllegalStateException("the test's " + failingStep + " step fails");
            }
        });
        // as many failing files as the hand-off has workers: a redelivery that waited on its worker
        // (asyncDelayedRedelivery: false) would leave none for the files behind them
        int workers = ((ThreadPoolExecutor) handOff().getExecutorService()).getMaximumPoolSize();
        List<Path> failed = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            failed.add(writeLog("trans-fails-" + i + ".log"));
        }
        // a failure of this file alone: Camel redelivers it after logship.retry.initialDelay (5 min here),
        // so each exchange stays in flight and its file in place
        await().atMost(20, TimeUnit.SECONDS).until(() -> failing.getReceivedCounter() == workers
                && context.getInflightRepository().size("ship-logs") == workers);

        // more files than the hand-off's queue holds: some wait there for a worker, the rest the polling
        // thread ships itself; each takes well under a second, a worker held by a redelivery 5 min
        List<Path> good = new ArrayList<>();
        for (int i = 0; i < 2 * workers + 1; i++) {
            good.add(writeLog("trans-good-" + i + ".log"));
        }
        await("the files behind the failed ones shipped while those wait for their redelivery")
                .atMost(20, TimeUnit.SECONDS).until(() -> good.stream().noneMatch(Files::exists));

        assertEquals(workers + good.size(), failing.getReceivedCounter(), "every file was tried once, the failed ones not again yet");
        // a shipped file's exchange ends just after its file is deleted
        await("only the failed files' exchanges in flight").atMost(10, TimeUnit.SECONDS)
                .until(() -> context.getInflightRepository().size("ship-logs") == workers);
        assertTrue(failed.stream().allMatch(Files::exists));
        try (Stream<Path> quarantined = Files.list(Path.of(DIR, "quarantine"))) {
            assertEquals(0, quarantined.count(), "one failure retries later, it does not quarantine");
        }
        assertTrue(scrape().contains("logship_files_shipped_total{target=\"main\"} " + good.size() + ".0"), scrape());
    }

    @Test
    void aNasSideFailureSuspendsTheConsumerThroughTheRoutesPausePolicyAndNoFileIsTriedOrQuarantined() throws Exception {
        PausePolicy pause = context.getRoute("ship-logs").getRoutePolicyList().stream()
                .filter(PausePolicy.class::isInstance).map(PausePolicy.class::cast).findFirst().orElseThrow();
        assertEquals(1, pause.getFailureThreshold(), "the first NAS-side failure pauses");
        assertEquals(List.of(NasUnavailableException.class, LedgerWriteException.class), pause.getThrottledExceptions());
        assertSame(context.getRegistry().lookupByName("shipFailures-main"), pause.getHalfOpenHandler(),
                "the target's backoff and NAS probe decide when it ends");

        String failingStep = NAS_STEPS.get(NAS_STEPS.size() - 1);
        MockEndpoint failing = context.getEndpoint("mock:" + failingStep, MockEndpoint.class);
        AttemptTracker shipFailures = context.getRegistry().lookupByNameAndType("shipFailures-main", AttemptTracker.class);
        AtomicInteger nasTries = new AtomicInteger();
        failing.whenAnyExchangeReceived(e -> {
            // as the nas: producer begins: a file the poll took again just before the consumer was
            // suspended ends here, untried
            shipFailures.checkNotPaused();
            nasTries.incrementAndGet();
            throw new NasUnavailableException("NAS //127.0.0.1:1/logs unreachable (the test's)", null);
        });
        ServiceSupport consumer = (ServiceSupport) context.getRoute("ship-logs").getConsumer();
        Path first = writeLog("trans-nas-down-1.log");
        await().atMost(20, TimeUnit.SECONDS).until(consumer::isSuspended);
        Path second = writeLog("trans-nas-down-2.log");

        // the backoff (logship.retry.initialDelay, 5 min here) holds the pause: nothing is polled or tried
        // (the 2 s must hold without a break; the bound beyond them is only for a loaded machine)
        await().during(2, TimeUnit.SECONDS).atMost(15, TimeUnit.SECONDS).untilAsserted(() -> {
            assertTrue(consumer.isSuspended(), "suspended");
            assertEquals(1, nasTries.get(), "tries on the NAS");
        });
        assertEquals("opened", pause.getStateAsString());
        assertTrue(Files.exists(first) && Files.exists(second), "both files stay queued");
        try (Stream<Path> quarantined = Files.list(Path.of(DIR, "quarantine"))) {
            assertEquals(0, quarantined.count(), "a NAS-side failure never quarantines");
        }
    }

    @Test
    void everyLogshipMetricIsStillExposedAndEveryMetricPassesPrometheusNamingRules() {
        String scrape = scrape();
        Set<String> names = new TreeSet<>();
        Matcher type = Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(scrape);
        while (type.find()) {
            names.add(type.group(1));
        }
        List<String> missing = LOGSHIP_METRICS.stream().filter(n -> !names.contains(n)).toList();
        assertEquals(List.of(), missing, "exposed: " + names);
        // Camel's metrics service registered its binders on logship's registry: one scrape holds both
        assertTrue(names.contains("jvm_memory_used_bytes"), "exposed: " + names);
        // Camel's route policy, counted by Camel
        assertTrue(scrape.contains("camel_exchanges_total{camel_context=\"logship\",event_type=\"route\",kind=\"CamelRoute\",route_id=\"ship-logs\"}"), scrape);
        // Camel's exchange event notifier, switched on above (its timers appear with the first exchange)
        assertTrue(names.contains("camel_exchanges_inflight"), "exposed: " + names);
        // promtool check metrics rejects camelCase label names (MonitoringIT runs promtool itself)
        Set<String> camelCase = new TreeSet<>();
        Matcher label = Pattern.compile("(?m)^[a-z_]+\\{(.*)\\} ").matcher(scrape);
        while (label.find()) {
            Matcher key = Pattern.compile("(?:^|,)([^=]+)=\"").matcher(label.group(1));
            while (key.find()) {
                if (!key.group(1).equals(key.group(1).toLowerCase(java.util.Locale.ROOT))) {
                    camelCase.add(key.group(1));
                }
            }
        }
        assertEquals(Set.of(), camelCase, scrape);
        // and metrics without help text
        Set<String> noHelp = new TreeSet<>(names);
        Matcher help = Pattern.compile("(?m)^# HELP (\\S+) \\S").matcher(scrape);
        while (help.find()) {
            noHelp.remove(help.group(1));
        }
        assertEquals(Set.of(), noHelp, scrape);
    }

    /** The step hand-off; a templated route's processor ids carry a prefix of Camel's (route-1hand-off). */
    private ThreadsProcessor handOff() {
        return (ThreadsProcessor) context.getRoute("ship-logs").filter("*").stream()
                .filter(p -> ((IdAware) p).getId().endsWith("hand-off")).findFirst().orElseThrow();
    }

    private String scrape() {
        return context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                PrometheusMeterRegistry.class).scrape();
    }

    /** A complete log: written elsewhere, last modified a while ago, then moved in. */
    private Path writeLog(String name) throws IOException {
        Path staging = Files.createDirectories(Path.of(DIR, "staging")).resolve(name);
        Files.writeString(staging, "a transaction line\n");
        Files.setLastModifiedTime(staging, FileTime.from(Instant.now().minusSeconds(120)));
        return Files.move(staging, source.resolve(name));
    }

    /** The ids given in the YAML, depth first (the steps after {@code threads} are its children). */
    static List<String> stepIds(List<ProcessorDefinition<?>> outputs) {
        List<String> ids = new ArrayList<>();
        for (ProcessorDefinition<?> step : outputs) {
            if (step instanceof OnExceptionDefinition || step instanceof OnCompletionDefinition) {
                continue; // the route configuration's, listed in ATTEMPT_STEPS
            }
            if (step.hasCustomIdAssigned()) {
                ids.add(step.getId());
            }
            ids.addAll(stepIds(step.getOutputs()));
        }
        return ids;
    }
}
