package io.logship.failure;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.throttling.ThrottlingExceptionRoutePolicy;

/**
 * Camel's {@link ThrottlingExceptionRoutePolicy}, the route policy {@code pause} of
 * routes/ship-logs.camel.yaml: the failures it counts suspend the route's consumer, and every
 * {@code halfOpenAfter} milliseconds its half-open handler decides whether the consumer resumes.
 *
 * <p>Why a subclass: the built-in times that check with a {@link java.util.Timer}, which waits by the
 * wall clock, so a clock set back by an hour during an outage would hold shipping an hour longer
 * after the NAS is back (and each check starts a new timer thread). This one schedules the check on
 * a Camel scheduled executor, which waits by the monotonic clock; everything else is Camel's. And the
 * built-in logs its state (through {@code String.format}, whatever the log level) at the end of every
 * exchange, which cost a few per cent of the CPU of shipping small files; this one asks the same
 * question without that.
 */
public class PausePolicy extends ThrottlingExceptionRoutePolicy {

    private CamelContext camel;
    private ScheduledExecutorService checks;
    private ScheduledFuture<?> next;

    @Override
    protected synchronized void addHalfOpenTimer(Route route) {
        if (checks == null) {
            camel = route.getCamelContext();
            checks = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "pause " + route.getRouteId());
        }
        if (next != null) {
            next.cancel(false);
        }
        next = checks.schedule(() -> check(route), getHalfOpenAfter(), TimeUnit.MILLISECONDS);
    }

    /** The built-in's test, without formatting its state for a DEBUG line at every exchange. */
    @Override
    protected boolean isThresholdExceeded() {
        return getFailures() >= getFailureThreshold() && getLastFailure() >= System.currentTimeMillis() - getFailureWindow();
    }

    /** What the built-in's timer does for an open circuit. */
    private void check(Route route) {
        if (!"opened".equals(getStateAsString())) {
            return;
        }
        if (getHalfOpenHandler() == null) {
            halfOpenCircuit(route);
        } else if (getHalfOpenHandler().isReadyToBeClosed()) {
            closeCircuit(route);
        } else {
            openCircuit(route);
        }
    }

    @Override
    protected synchronized void doStop() throws Exception {
        super.doStop();
        if (checks != null) {
            camel.getExecutorServiceManager().shutdownNow(checks);
            checks = null;
            next = null;
        }
    }
}
