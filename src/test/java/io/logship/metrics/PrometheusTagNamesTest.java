package io.logship.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusTagNamesTest {

    @Test
    void camelsCamelCaseLabelNamesBecomeSnakeCase() {
        LogshipMeterRegistry registry = new LogshipMeterRegistry();
        Counter.builder("camel.exchanges.total").tags("camelContext", "logship", "routeId", "ship-logs", "kind", "CamelRoute")
                .register(registry);
        assertTrue(registry.scrape().contains(
                "camel_exchanges_total{camel_context=\"logship\",kind=\"CamelRoute\",route_id=\"ship-logs\"} 0.0"), registry.scrape());
    }

    @Test
    void aMicrometerStepCountsOnTheLogshipCounterRegisteredAtStart() {
        LogshipMeterRegistry registry = new LogshipMeterRegistry();
        Counter atStart = Counter.builder("logship.files.shipped").tag("target", "main").register(registry);
        // what the route's micrometer: producer registers: its tags plus camelContext
        Counter fromRoute = Counter.builder("logship.files.shipped").tags(Tags.of("target", "main", "camelContext", "logship"))
                .register(registry);
        fromRoute.increment();
        assertSame(atStart, fromRoute);
        assertTrue(registry.scrape().contains("logship_files_shipped_total{target=\"main\"} 1.0"), registry.scrape());
    }

    @Test
    void snakeCase() {
        assertEquals("route_id", PrometheusTagNames.snakeCase("routeId"));
        assertEquals("endpoint_name", PrometheusTagNames.snakeCase("endpointName"));
        assertEquals("target", PrometheusTagNames.snakeCase("target"));
    }
}
