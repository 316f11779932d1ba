package io.logship;

import java.util.List;
import java.util.Map;

import io.logship.config.LogshipSettings;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.TemplatedRouteDefinition;

/**
 * Creates one route per target of {@code logship.targets} from the {@code ship-logs} route template
 * in routes/ship-logs.camel.yaml, with that target's values as the template's parameters. Camel Main
 * adds templated routes after every template is loaded, so the template may live in any route file.
 */
public class TargetRoutes extends RouteBuilder {

    /** The route template's id in routes/ship-logs.camel.yaml. */
    public static final String TEMPLATE = "ship-logs";

    private final List<Map<String, Object>> targets;

    TargetRoutes(List<Map<String, Object>> targets) {
        this.targets = targets;
    }

    /** The route of a target: ship-logs for the main target, ship-logs-NAME for the others. */
    public static String routeId(String target) {
        return LogshipSettings.perTarget(TEMPLATE, target);
    }

    @Override
    public void configure() {
        for (Map<String, Object> target : targets) {
            TemplatedRouteDefinition route = templatedRoute(TEMPLATE).routeId((String) target.get("routeId"));
            target.forEach((key, value) -> {
                if (!key.equals("routeId")) {
                    route.parameter(key, String.valueOf(value));
                }
            });
        }
    }
}
