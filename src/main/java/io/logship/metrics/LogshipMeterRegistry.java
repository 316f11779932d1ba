package io.logship.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The registry Camel serves at /observe/metrics, with Prometheus-clean label names on every meter
 * ({@link PrometheusTagNames}). config/application.properties binds it as {@code metricsRegistry}
 * ({@code camel.beans.*}), which Camel Main does before it starts its metrics service: Camel then
 * registers its binders, route policy and event notifiers on this registry instead of making its own,
 * and the filter is in place before the first meter (Micrometer filters only the meters after it).
 */
public class LogshipMeterRegistry extends PrometheusMeterRegistry {

    public LogshipMeterRegistry() {
        super(PrometheusConfig.DEFAULT);
        config().meterFilter(new PrometheusTagNames());
    }
}
