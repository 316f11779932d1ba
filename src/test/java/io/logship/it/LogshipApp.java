package io.logship.it;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.logship.LogshipMain;
import io.logship.sandbox.SambaSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.util.function.ThrowingConsumer;

/**
 * The real application, started in-process on the real config/application.properties and
 * routes/, with only the keys a test needs overridden.
 */
public final class LogshipApp implements AutoCloseable {

    private final Main main;

    private LogshipApp(Main main) {
        this.main = main;
    }

    /** Keys that point logship at the sandbox share and a test's own folders, with fast polling. */
    /** {@code work}: a test folder for the ledger and the (absent) seal. */
    public static Map<String, String> defaults(SambaSandbox samba, Path source, Path quarantine, Path work, String nasDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("logship.source.dir", source.toString());
        p.put("logship.deadletter.dir", quarantine.toString());
        p.put("logship.ledger.dir", work.resolve("ledger").toString());
        // unsealed: the integrity check reports and never stops shipping (IntegrityIT tests the seal)
        p.put("logship.integrity.manifest", work.resolve("logship.seal").toString());
        // short waits, so failure tests take seconds
        p.put("logship.retry.initialDelay", "200ms");
        p.put("logship.retry.maxDelay", "2s");
        // a connection cut under smbj is noticed only when a request times out
        p.put("logship.nas.timeoutSeconds", "5");
        p.put("logship.source.stableSeconds", "1");
        p.put("logship.source.pollMillis", "200");
        p.put("logship.nas.host", SambaSandbox.HOST);
        p.put("logship.nas.port", Integer.toString(samba.port()));
        p.put("logship.nas.share", SambaFixture.SHARE);
        p.put("logship.nas.dir", nasDir);
        p.put("logship.nas.username", samba.user());
        p.put("logship.nas.password", samba.password());
        // one in-process app at a time; the management server is tested on its own
        p.put("camel.management.enabled", "false");
        return p;
    }

    public static LogshipApp start(Map<String, String> overrides) {
        return start(overrides, null);
    }

    /**
     * With {@code advice} applied to the route ship-logs once the routes are loaded, before the context
     * starts (as camel-test-main does): after the start, AdviceWith would create the route again outside
     * its template, where the template's own bean (the route policy pause) is not found.
     */
    public static LogshipApp start(Map<String, String> overrides,
            ThrowingConsumer<AdviceWithRouteBuilder, Exception> advice) {
        Main main = LogshipMain.create();
        overrides.forEach(main::addOverrideProperty);
        if (advice != null) {
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterConfigure(BaseMainSupport configured) {
                    try {
                        AdviceWith.adviceWith(configured.getCamelContext(), "ship-logs", advice);
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot advise the route ship-logs", e);
                    }
                }
            });
        }
        main.start();
        return new LogshipApp(main);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        main.stop();
    }
}
