package io.logship.metrics;

import java.nio.charset.StandardCharsets;

import io.logship.core.NasStatus;
import io.logship.core.PeriodicService;
import io.logship.nas.NasClient;
import io.logship.ship.NasLayout;
import org.apache.camel.CamelContext;
import org.apache.camel.util.InetAddressUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the NAS every {@code logship.nas.probeSeconds} whether it is reachable, accepts the login
 * and lets logship write (a small file created and deleted in the temporary folder), on a session
 * of its own so a long upload never delays the answer. Ship outcomes update the state between probes.
 */
public class NasProbe extends PeriodicService implements NasStatus {

    private static final Logger LOG = LoggerFactory.getLogger(NasProbe.class);

    /** How long a probe's answer stands for {@link #shareWritableNow()}. */
    static final long FRESH_MILLIS = 1_000;

    /** The NAS as last seen; {@code message} names the share and, when down, the cause. */
    public record State(boolean up, String message, long checkedMillis) {
    }

    private final NasClient nas;
    private final String probePath;
    private final int intervalSeconds;
    private volatile State state;
    /** The last probe's own answer (ship outcomes do not change it); guarded by this. */
    private State lastProbe;
    /** When it answered, on the monotonic clock (a wall clock set back would keep an old answer fresh). */
    private long lastProbeNanos;

    public NasProbe(CamelContext context, NasClient nas, String nasDir, int intervalSeconds) {
        super(context);
        this.nas = nas;
        this.probePath = NasLayout.join(nasDir, NasLayout.TEMP_FOLDER, InetAddressUtil.getLocalHostNameSafe())
                + "/.probe";
        this.intervalSeconds = intervalSeconds;
        this.state = new State(false, "NAS " + nas.describe() + " not checked yet", 0);
    }

    public State state() {
        return state;
    }

    /**
     * Probes now: connect and log in, then write and delete a small file. One probe at a time: the
     * periodic one and those of failed files share the probe file.
     */
    public synchronized State probe() {
        try {
            // a share or session the server dropped since the last probe: once more, connected afresh
            nas.retryOnLostSession(() -> {
                nas.mkdirs(probePath.substring(0, probePath.lastIndexOf('/')));
                nas.writeSmall(probePath, "logship probe\n".getBytes(StandardCharsets.US_ASCII));
                nas.delete(probePath);
                return null;
            });
            lastProbe = record(true, "NAS " + nas.describe() + " reachable, login accepted, writable");
        } catch (RuntimeException e) {
            lastProbe = record(false, e.getMessage());
        }
        lastProbeNanos = System.nanoTime();
        return lastProbe;
    }

    /**
     * Whether the share takes a file now, for a failure that may be one path's alone: probes unless a
     * probe answered within the last {@link #FRESH_MILLIS}, so a burst of failures costs one probe.
     */
    @Override
    public synchronized boolean shareWritableNow() {
        if (lastProbe == null || System.nanoTime() - lastProbeNanos > FRESH_MILLIS * 1_000_000) {
            probe();
        }
        return lastProbe.up();
    }

    @Override
    public String lastAnswer() {
        return state.message();
    }

    /** Called by the route: a success proves the NAS up, a NAS-side failure proves it down. */
    @Override
    public void report(boolean up, String message) {
        record(up, message);
    }

    private State record(boolean up, String message) {
        State before = state;
        State now = new State(up, message, System.currentTimeMillis());
        state = now;
        if (before.up() != up && before.checkedMillis() != 0) {
            if (up) {
                LOG.info("{}", message);
            } else {
                LOG.warn("NAS down: {}", message);
            }
        }
        return now;
    }

    @Override
    protected void doStart() {
        every("nas-probe", 0, intervalSeconds, this::probe);
    }

    @Override
    protected void doStop() {
        super.doStop();
        nas.close();
    }
}
