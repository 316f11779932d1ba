package io.logship;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.logship.component.nas.NasProducer;
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
        Processor step = byTarget.computeIfAbsent(target, t -> exchange.getContext().getRegistry()
                .lookupByNameAndType(name + "-" + t, Processor.class));
        if (step == null) {
            throw new IllegalStateException("no bean " + name + "-" + target + ": " + target + " is not in logship.targets");
        }
        step.process(exchange);
    }
}
