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

    @Test
    void aFailureOfOneFileIsRetriedAsTheYamlSaysThenQuarantinedAndTheExchangeStaysFailed() throws Exception {
        List<String> steps = new CopyOnWriteArrayList<>();
        try (CamelContext context = new DefaultCamelContext()) {
            java.util.Properties p = new java.util.Properties();
            p.put("logship.retry.maximumRedeliveries", "2");
            p.put("logship.retry.initialDelayMillis", "10");
            p.put("logship.retry.maxDelayMillis", "20");
            p.put("logship.retry.multiplier", "2");
            context.getPropertiesComponent().setInitialProperties(p);
            context.getRegistry().bind("failureOfOneFile", (org.apache.camel.Predicate) e -> true);
            for (String step : List.of("prepare", "upload", "verifyRemote", "publish", "retryFile", "fileFailed", "quarantineFile",
                    "recordFailure", "discardTemp", "recheckSource", "disposeFirst")) {
                context.getRegistry().bind(step, (Processor) e -> {
                    steps.add(step + (step.equals("fileFailed") ? e.getIn().getHeader(org.apache.camel.Exchange.REDELIVERY_COUNTER)
                            + "/" + e.getIn().getHeader(org.apache.camel.Exchange.REDELIVERY_MAX_COUNTER) : ""));
                    if (step.equals("upload")) {
                        throw new IOException("refused");
                    }
                });
            }
            for (String file : List.of("ship-attempts", "ship-attempt", "quarantine")) {
                PluginHelper.getRoutesLoader(context).loadRoutes(
                        ResourceHelper.resolveMandatoryResource(context, "file:routes/" + file + ".camel.yaml"));
            }
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:file").routeConfigurationId("ship-attempts").to("direct:ship-attempt");
                }
            });
            context.start();
            org.apache.camel.Exchange done = context.createProducerTemplate().send("direct:file", e -> { });
            assertEquals(IOException.class, done.getException() == null ? null : done.getException().getClass(),
                    "failed, so the file consumer rolls back and never deletes or archives it");
        }
        // fileFailed sees Camel's count of failed attempts and the YAML's maximumRedeliveries
        assertEquals(List.of("prepare", "upload", "fileFailed1/2", "retryFile", "prepare", "upload", "fileFailed2/2",
                "retryFile", "prepare", "upload", "fileFailed3/2", "quarantineFile", "discardTemp", "recheckSource", "disposeFirst"), steps);
    }
}
