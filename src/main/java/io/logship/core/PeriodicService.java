package io.logship.core;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/**
 * A Camel service that runs one task every so many seconds on a thread of its own from Camel's
 * executor service manager, and stops it with the service: the NAS probe, the backlog scanner, the
 * integrity check and the archive pruner.
 */
public abstract class PeriodicService extends ServiceSupport {

    private final CamelContext context;
    private ScheduledExecutorService executor;

    protected PeriodicService(CamelContext context) {
        this.context = context;
    }

    /**
     * Runs {@code task} after {@code initialDelaySeconds}, then every {@code intervalSeconds} after each
     * run ends; does nothing when {@code intervalSeconds} is 0 (the check is turned off). Called from
     * {@link #doStart()}; the task handles its own failures, or its schedule would end with the first.
     */
    protected void every(String threadName, long initialDelaySeconds, long intervalSeconds, Runnable task) {
        if (intervalSeconds <= 0) {
            return;
        }
        executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, threadName);
        executor.scheduleWithFixedDelay(task, initialDelaySeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() {
        if (executor != null) {
            context.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }
}
