package io.logship;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.logship.component.nas.NasProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A step of routes/ship-attempts.camel.yaml, which every target's route shares: hands the exchange
 * to the bean {@code <name>-<target>} of the target whose route it came from.
 */
public class PerTarget implements Processor {

    /** The exchange property the route template sets to its target's name, in its first step. */
    public static final String TARGET = NasProducer.TARGET_PROPERTY;

    private final String name;
    private final Map<String, Processor> byTarget = new ConcurrentHashMap<>();

    PerTarget(String name) {
        this.name = name;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String target = exchange.getProperty(TARGET, String.class);
        if (target == null) {
            throw new IllegalStateException("the route " + exchange.getFromRouteId() + " did not set the exchange"
                    + " property " + TARGET + " that routes/ship-logs.camel.yaml sets in its first step");
        }
        Processor step = byTarget.computeIfAbsent(target, t -> bean(exchange.getContext(), name, t, Processor.class));
        if (step == null) {
            throw new IllegalStateException("no bean " + name + "-" + target + ": " + target + " is not in logship.targets");
        }
        step.process(exchange);
    }

    /** The bean {@code <name>-<target>} of the exchange's target; null when the exchange names none or none is bound. */
    static <T> T beanOf(Exchange exchange, String name, Class<T> type) {
        String target = exchange.getProperty(TARGET, String.class);
        return target == null ? null : bean(exchange.getContext(), name, target, type);
    }

    private static <T> T bean(CamelContext context, String name, String target, Class<T> type) {
        return context.getRegistry().lookupByNameAndType(name + "-" + target, type);
    }
}
