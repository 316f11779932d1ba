package io.logship;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import io.logship.config.LogshipSettings;
import io.logship.config.SettingsException;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/**
 * Checks, before any route starts, that every target of {@code logship.targets} has its route in
 * {@code routes/} (a {@code templatedRoute} of the {@code ship-logs} template, routes/targets.camel.yaml)
 * and that every such route names a target: a target without a route would silently never ship.
 */
public class TargetRoutes implements StartupListener {

    /** The route template's id in routes/ship-logs.camel.yaml. */
    public static final String TEMPLATE = "ship-logs";

    private final Collection<String> targets;

    TargetRoutes(Collection<String> targets) {
        this.targets = List.copyOf(targets);
    }

    /** The route of a target: ship-logs for the main target, ship-logs-NAME for the others. */
    public static String routeId(String target) {
        return LogshipSettings.perTarget(TEMPLATE, target);
    }

    @Override
    public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        TreeSet<String> declared = new TreeSet<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            Object target = route.getTemplateParameters() == null ? null : route.getTemplateParameters().get("target");
            if (route.isCreatedFromTemplate() && target != null) {
                declared.add(String.valueOf(target));
            }
        }
        TreeSet<String> missing = new TreeSet<>(targets);
        missing.removeAll(declared);
        TreeSet<String> unknown = new TreeSet<>(declared);
        unknown.removeAll(targets);
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            StringBuilder problem = new StringBuilder("logship.targets=" + String.join(",", targets));
            if (!missing.isEmpty()) {
                problem.append(": no route ships target ").append(String.join(", ", missing))
                        .append(" (add a templatedRoute of ").append(TEMPLATE).append(" with parameter target to routes/targets.camel.yaml)");
            }
            if (!unknown.isEmpty()) {
                problem.append(missing.isEmpty() ? ":" : ";").append(" routes/ declares target ")
                        .append(String.join(", ", unknown)).append(", which is not in logship.targets");
            }
            throw new SettingsException(List.of(problem.toString()));
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // checked in onCamelContextStarting, before any route consumes
    }
}
