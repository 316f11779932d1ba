package io.logship;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * routes/ship-attempt.camel.yaml is the unit Camel's redelivery repeats: a failure in any of its steps
 * makes the retry start again at its first step (prepare: a new temporary name, the file opened afresh),
 * never at the step that failed with a half-read file.
 */
class ShipAttemptRouteTest {

    @Test
    void aRedeliveredAttemptStartsAgainAtItsFirstStep() throws Exception {
        List<String> steps = new CopyOnWriteArrayList<>();
        try (CamelContext context = new DefaultCamelContext()) {
            for (String step : List.of("prepare", "upload", "verifyRemote", "publish")) {
                context.getRegistry().bind(step, new PerTarget(step));
                context.getRegistry().bind(step + "-t", (Processor) e -> {
                    steps.add(step);
                    if (step.equals("verifyRemote") && steps.stream().filter("verifyRemote"::equals).count() == 1) {
                        throw new IOException("the first read-back fails");
                    }
                });
            }
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(context, "file:routes/ship-attempt.camel.yaml"));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // as ship-logs calls it, with a retry of the calling step
                    from("direct:file").errorHandler(defaultErrorHandler().maximumRedeliveries(1).redeliveryDelay(0))
                            .setProperty(PerTarget.TARGET, constant("t"))
                            .to("direct:ship-attempt");
                }
            });
            context.start();
            context.createProducerTemplate().sendBody("direct:file", "a log");
        }
        assertEquals(List.of("prepare", "upload", "verifyRemote", "prepare", "upload", "verifyRemote", "publish"), steps);
    }
}
