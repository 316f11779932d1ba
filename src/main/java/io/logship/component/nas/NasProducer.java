package io.logship.component.nas;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.logship.audit.AuditLedger;
import io.logship.core.AttemptObserver;
import io.logship.core.AttemptTracker;
import io.logship.nas.BandwidthLimit;
import io.logship.nas.NasClient;
import io.logship.ship.DiscardTempProcessor;
import io.logship.ship.NasLayout;
import io.logship.ship.PublishProcessor;
import io.logship.ship.ShipAttempt;
import io.logship.ship.ShipPrepareProcessor;
import io.logship.ship.UploadProcessor;
import io.logship.verify.RemoteVerifyProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * One whole attempt per call: prepare (temporary name, hashing stream over the local file, opened
 * afresh each call, so a redelivery starts over), upload, verify, publish (rename, collision policy,
 * sidecar, ledger); on any failure the temporary copy is removed before the exception leaves. The
 * exceptions are those of the steps, which the routes' onException (ShipFailures) classifies; a
 * NAS-side one leaves as {@link io.logship.core.NasUnavailableException}, which the route's pause
 * policy counts.
 *
 * <p>The target's failure state and the ledger are beans logship binds ({@code shipFailures-<target>},
 * {@code auditLedger}); the target is the exchange property the route sets first.
 */
public class NasProducer extends DefaultProducer {

    /** The audit ledger's bean name. */
    public static final String LEDGER_BEAN = "auditLedger";
    /** The crash and fault tests' hook at the stages of an attempt ({@link AttemptObserver}). */
    public static final String OBSERVER_BEAN = "attemptObserver";
    /** The target's bandwidth cap is bound as {@code bandwidth-<target>}; none bound: no cap. */
    public static final String BANDWIDTH_BEAN = "bandwidth";
    /** The exchange property naming the target, which routes/ship-logs.camel.yaml sets in its first step. */
    public static final String TARGET_PROPERTY = "logshipTarget";

    private final NasEndpoint endpoint;
    private final Map<String, Steps> byTarget = new ConcurrentHashMap<>();
    private NasClient nas;
    private Expression fileName;

    /** The steps of one attempt for one target; each keeps its own state (orphan sweep, leftovers). */
    private record Steps(ShipPrepareProcessor prepare, UploadProcessor upload, RemoteVerifyProcessor verify,
            PublishProcessor publish, DiscardTempProcessor discard, AttemptTracker failures) {
    }

    NasProducer(NasEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        nas = endpoint.client();
        fileName = endpoint.fileNameExpression();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Steps steps = byTarget.computeIfAbsent(target(exchange), this::steps);
        try {
            // a share or session the server dropped under the attempt: the attempt once more, at once, connected afresh
            nas.retryOnLostSession(() -> attempt(steps, exchange));
        } catch (Exception e) {
            // a NAS-side failure leaves as NasUnavailableException, which the route's pause policy counts
            throw steps.failures().failed(exchange, e);
        }
        ShipAttempt attempt = exchange.getProperty(ShipAttempt.PROPERTY, ShipAttempt.class);
        Message in = exchange.getMessage();
        in.setHeader(NasConstants.FILE_NAME_PRODUCED, attempt.publishedPath());
        in.setHeader(NasConstants.SHA256, attempt.sha256());
        in.setHeader(NasConstants.OUTCOME, attempt.outcome().name().toLowerCase(Locale.ROOT));
        in.setHeader(NasConstants.PUBLISHED_AS, attempt.publishedAs());
    }

    private static Void attempt(Steps steps, Exchange exchange) throws Exception {
        // a redelivery, a second nas: step or a retry starts from nothing of the attempt before
        exchange.removeProperty(ShipAttempt.PROPERTY);
        try {
            steps.prepare().process(exchange);
            steps.upload().process(exchange);
            steps.verify().process(exchange);
            steps.publish().process(exchange);
        } finally {
            // closes the local file and the NAS handle; an unpublished temporary copy is deleted
            steps.discard().process(exchange);
        }
        return null;
    }

    private static String target(Exchange exchange) {
        String target = exchange.getProperty(TARGET_PROPERTY, String.class);
        if (target == null) {
            throw new IllegalStateException("the route " + exchange.getFromRouteId() + " calls nas: without the exchange"
                    + " property " + TARGET_PROPERTY + " that routes/ship-logs.camel.yaml sets in its first step");
        }
        return target;
    }

    private Steps steps(String target) {
        AttemptTracker failures = bean("shipFailures-" + target, AttemptTracker.class);
        AuditLedger ledger = bean(LEDGER_BEAN, AuditLedger.class);
        // the target's cap (logship.nas.bandwidth), shared by its lanes and by every nas: step of its route
        BandwidthLimit limit = endpoint.getCamelContext().getRegistry()
                .lookupByNameAndType(BANDWIDTH_BEAN + "-" + target, BandwidthLimit.class);
        if (limit == null) {
            limit = BandwidthLimit.NONE;
        }
        NasConfiguration c = endpoint.getConfiguration();
        // looked up at each stage, so a test can bind its own (the service's does nothing)
        AttemptObserver observer = new AttemptObserver() {
            @Override
            public boolean holds(String stage) {
                return observer().holds(stage);
            }

            @Override
            public void reached(String stage) {
                observer().reached(stage);
            }
        };
        return new Steps(
                new ShipPrepareProcessor(nas, new NasLayout(NasLayout.join(c.getPath())), fileName, c.mapNames(), failures,
                        observer),
                new UploadProcessor(nas, c.getWritesInFlight(), limit),
                new RemoteVerifyProcessor(nas, c.verifyMode(), observer, limit),
                new PublishProcessor(nas, c.getBufferSize(), failures, ledger, endpoint.verifyName(), c.isChecksumFile(),
                        c.distinctOnCollision(), observer),
                new DiscardTempProcessor(nas), failures);
    }

    private AttemptObserver observer() {
        AttemptObserver observer = endpoint.getCamelContext().getRegistry()
                .lookupByNameAndType(OBSERVER_BEAN, AttemptObserver.class);
        return observer == null ? AttemptObserver.NONE : observer;
    }

    private <T> T bean(String name, Class<T> type) {
        T bean = endpoint.getCamelContext().getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean " + name + ": the nas: endpoint ships only in logship's routes"
                    + " (is the target in logship.targets?)");
        }
        return bean;
    }
}
