package io.logship.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Makes the meters Camel registers pass Prometheus' naming rules ({@code promtool check metrics}):
 * camel-micrometer's tag keys are camelCase ({@code camelContext}, {@code routeId}, {@code eventType},
 * {@code endpointName}) in both of its naming strategies, and its {@code micrometer:} producer adds
 * {@code camelContext} to every meter it registers, which no naming strategy reaches. One filter on
 * the registry covers the route policy, the event notifiers and the {@code micrometer:} steps alike.
 * <p>
 * A {@code logship.*} meter counted by a {@code micrometer:} step in routes/ loses {@code camelContext}
 * instead (one context per process; Prometheus' {@code instance} names it), so it keeps the label set
 * the alert rules and the dashboard query, and is the same meter logship registered at start.
 */
public final class PrometheusTagNames implements MeterFilter {

    static final String CAMEL_CONTEXT_TAG = "camelContext";

    @Override
    public Meter.Id map(Meter.Id id) {
        boolean logship = id.getName().startsWith("logship.");
        List<Tag> tags = new ArrayList<>();
        boolean changed = false;
        for (Tag tag : id.getTagsAsIterable()) {
            if (logship && tag.getKey().equals(CAMEL_CONTEXT_TAG)) {
                changed = true;
                continue;
            }
            String key = snakeCase(tag.getKey());
            changed |= !key.equals(tag.getKey());
            tags.add(Tag.of(key, tag.getValue()));
        }
        return changed ? id.replaceTags(tags) : id;
    }

    /** {@code routeId} → {@code route_id}; a key without capitals is returned as it is. */
    static String snakeCase(String key) {
        StringBuilder out = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
