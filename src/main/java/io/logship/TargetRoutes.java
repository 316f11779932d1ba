package io.logship;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.logship.config.LogshipSettings;
import io.logship.config.SettingsException;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteDefinitionHelper;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Checks the routes Camel Main loaded from {@code routes/}, before the context starts (run and validate alike), for
 * the mistakes Camel itself accepts without a word and that would lose logship's guarantees:
 * <ul>
 * <li>every target of {@code logship.targets} has exactly one route (a {@code templatedRoute} of the {@code ship-logs}
 * template, routes/targets.camel.yaml), and every such route names a target: a target without a route never ships,
 * two routes of one target take the same files;</li>
 * <li>no two routes share an id: Camel keeps the last one silently;</li>
 * <li>every target's route applies the route configuration {@code ship-attempts} (routes/ship-attempts.camel.yaml), which
 * exists: Camel ignores a {@code routeConfigurationId} that matches nothing, and the route would ship without retries,
 * quarantine or the recheck before the local file is deleted;</li>
 * <li>every {@code direct:} endpoint a route or route configuration sends to has a route consuming it (direct:quarantine,
 * routes/quarantine.camel.yaml): Camel finds out only when the first file is sent there;</li>
 * <li>each target's {@code logship.nas.layout} parses as a simple expression;</li>
 * <li>before Camel Main looks for them, the folder of the route files exists ({@code camel.main.routesIncludePattern}):
 * run from another folder, Camel fails with the folder's name alone.</li>
 * </ul>
 * A Camel Main listener: {@link #afterConfigure} runs once every route file is in the model and before the context
 * starts, so its {@link SettingsException} reaches logship's one-line report without the stack trace Camel logs for a
 * failure while the context starts.
 */
public class TargetRoutes extends MainListenerSupport implements ModelLifecycleStrategy {

    /** The route template's id in routes/ship-logs.camel.yaml. */
    public static final String TEMPLATE = "ship-logs";

    /** The route configuration of routes/ship-attempts.camel.yaml: retries, quarantine, the recheck before disposal. */
    public static final String ATTEMPTS = "ship-attempts";

    private static final String ATTEMPTS_FILE = "routes/ship-attempts.camel.yaml";
    private static final String DIRECT = "direct:";
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    /** Every route definition added to the model, by id, in order: a second one of an id replaces the first unseen. */
    private final Map<String, List<RouteDefinition>> added = new LinkedHashMap<>();

    /** The route of a target: ship-logs for the main target, ship-logs-NAME for the others. */
    public static String routeId(String target) {
        return LogshipSettings.perTarget(TEMPLATE, target);
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        // before Camel Main looks for the route files: a missing folder fails there as "NoSuchFileException: routes"
        String pattern = main.getCamelContext().getPropertiesComponent().resolveProperty(ROUTES_KEY)
                .orElse(main.configure().getRoutesIncludePattern());
        List<String> problems = routeFiles(pattern, () -> LogshipSettings.origin(main.getCamelContext().getPropertiesComponent(),
                ROUTES_KEY));
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        model(main.getCamelContext()).addModelLifecycleStrategy(this);
    }

    /** The key of the route files Camel Main loads (config/application.properties: file:routes/*.camel.yaml). */
    static final String ROUTES_KEY = "camel.main.routesIncludePattern";

    /**
     * One line per {@code file:} pattern of {@link #ROUTES_KEY} whose folder (the part before the first wildcard), or
     * whose file when it has none, does not exist: logship run outside its installation folder.
     *
     * @param origin where the key was set, for the line (" (config/application.properties line 10)")
     */
    static List<String> routeFiles(String pattern, java.util.function.Supplier<String> origin) {
        List<String> problems = new ArrayList<>();
        for (String p : pattern == null ? new String[0] : pattern.split(",")) {
            String location = p.strip();
            if (!location.startsWith("file:")) {
                continue;
            }
            String path = location.substring("file:".length());
            int wildcard = path.replaceAll("[?{\\[]", "*").indexOf('*');
            // a Windows path may use backslashes (each written \\ in the file)
            int slash = Math.max(path.lastIndexOf('/', wildcard), path.lastIndexOf('\\', wildcard));
            String missing = wildcard < 0 ? path : path.substring(0, Math.max(0, slash));
            Path folder = Path.of(missing.isEmpty() ? "." : missing);
            if (wildcard < 0 ? Files.isRegularFile(folder) : Files.isDirectory(folder)) {
                continue;
            }
            problems.add(ROUTES_KEY + "=" + pattern + origin.get() + ": the " + (wildcard < 0 ? "file " : "folder ") + missing
                    + " does not exist" + (folder.isAbsolute() ? "" : " in the working directory " + Path.of("").toAbsolutePath())
                    + ": run logship in its installation folder (where routes/ is), or set " + ROUTES_KEY + " to the"
                    + " route files (file:/opt/logship/routes/*.camel.yaml)");
        }
        return problems;
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        model(context).removeModelLifecycleStrategy(this);
        List<String> targets = LogshipSettings.targetNames(
                key -> context.getPropertiesComponent().resolveProperty(key).orElse(null));
        List<String> problems = problems(context, targets);
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
    }

    @Override
    public void onAddRouteDefinition(RouteDefinition route) {
        if (route != null && route.getRouteId() != null) {
            added.computeIfAbsent(route.getRouteId(), id -> new ArrayList<>()).add(route);
        }
    }

    @Override
    public void onRemoveRouteDefinition(RouteDefinition route) {
        // a replaced route stays in added: that is what the duplicate check looks for
    }

    @Override
    public void onAddRouteTemplateDefinition(RouteTemplateDefinition template) {
        // templates are checked through the routes made of them
    }

    @Override
    public void onRemoveRouteTemplateDefinition(RouteTemplateDefinition template) {
        // as above
    }

    /** One line per problem of the routes in the model; none when logship may start. */
    List<String> problems(CamelContext context, Collection<String> targets) {
        Model model = model(context);
        List<String> problems = new ArrayList<>();
        duplicateIds(problems);
        Map<String, List<RouteDefinition>> byTarget = new TreeMap<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            target(route).ifPresent(t -> byTarget.computeIfAbsent(t, k -> new ArrayList<>()).add(route));
        }
        targetsAndRoutes(targets, byTarget, problems);
        byTarget.forEach((target, routes) -> {
            if (routes.size() > 1) {
                problems.add("routes/ declares target " + target + " in " + routes.size() + " templatedRoutes ("
                        + String.join(" and ", routes.stream().map(RouteDefinition::getRouteId).toList())
                        + "), which would take the same files: keep one per target (routes/targets.camel.yaml)");
            }
        });
        attempts(context, model, byTarget.values().stream().flatMap(List::stream).toList(), problems);
        directEndpoints(context, model, problems);
        layouts(context, byTarget.keySet(), problems);
        return problems;
    }

    private void duplicateIds(List<String> problems) {
        added.forEach((id, routes) -> {
            if (routes.size() > 1) {
                problems.add("routes/ declares route id " + id + " " + (routes.size() == 2 ? "twice" : routes.size() + " times")
                        + " (" + String.join(" and ", routes.stream().map(TargetRoutes::describe).toList())
                        + "); Camel would keep only the last: give each its own routeId (" + routeId("<target>") + ")");
            }
        });
    }

    private static void targetsAndRoutes(Collection<String> targets, Map<String, List<RouteDefinition>> byTarget,
            List<String> problems) {
        TreeSet<String> missing = new TreeSet<>(targets);
        missing.removeAll(byTarget.keySet());
        TreeSet<String> unknown = new TreeSet<>(byTarget.keySet());
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
            problems.add(problem.toString());
        }
    }

    /** Every target's route applies ship-attempts, by Camel's own matching of routeConfigurationId, and it exists. */
    private static void attempts(CamelContext context, Model model, List<RouteDefinition> shipRoutes, List<String> problems) {
        List<RouteConfigurationDefinition> configurations = model.getRouteConfigurationDefinitions();
        List<String> configurationIds = configurations.stream().map(RouteConfigurationDefinition::getId)
                .filter(id -> id != null).toList();
        if (model.getRouteConfigurationDefinition(ATTEMPTS) == null) {
            problems.add(ATTEMPTS_FILE + ": no route configuration " + ATTEMPTS + nearest(ATTEMPTS, configurationIds)
                    .map(near -> " (the one with the id " + near + " must have the id " + ATTEMPTS + ")").orElse("")
                    + ": without it every target's route ships without retries, quarantine or the recheck before the local"
                    + " file is deleted; restore the file as logship ships it");
            return;
        }
        RouteTemplateDefinition template = model.getRouteTemplateDefinition(TEMPLATE);
        String where = template != null && template.getResource() != null ? file(template.getResource().getLocation()) + ": " : "";
        for (RouteDefinition route : shipRoutes) {
            String ids = route.getRouteConfigurationId();
            List<String> unknown = new ArrayList<>();
            boolean applied = false;
            for (String id : splitIds(context, route)) {
                List<RouteConfigurationDefinition> matched = configurations.stream()
                        .filter(RouteDefinitionHelper.routesByIdOrPattern(route, id)).toList();
                applied |= matched.stream().anyMatch(c -> ATTEMPTS.equals(c.getId()));
                if (matched.isEmpty()) {
                    unknown.add(id);
                }
            }
            if (!applied) {
                String said = ids == null || ids.isBlank() ? "has no routeConfigurationId"
                        : "has routeConfigurationId " + ids + (unknown.isEmpty() ? ""
                                : ", which no route configuration has" + didYouMean(unknown.get(0), configurationIds));
                problems.add(where + "route " + route.getRouteId() + " (target " + target(route).orElse("?") + ") " + said
                        + ": without " + ATTEMPTS + " (" + ATTEMPTS_FILE + ") it ships with no retries, no quarantine and no"
                        + " recheck before the local file is deleted; set routeConfigurationId: " + ATTEMPTS);
            }
        }
    }

    /** The ids of a route's routeConfigurationId, its placeholders resolved (a template's parameters too), as Camel splits them. */
    private static List<String> splitIds(CamelContext context, RouteDefinition route) {
        String ids = route.getRouteConfigurationId();
        if (ids == null || ids.isBlank()) {
            return List.of();
        }
        List<String> split = new ArrayList<>();
        for (String id : resolve(context, route, ids).split(",")) {
            if (!id.isBlank()) {
                split.add(id.strip());
            }
        }
        return split;
    }

    /** Every direct: endpoint sent to by a route or a route configuration has a route that consumes it. */
    private static void directEndpoints(CamelContext context, Model model, List<String> problems) {
        Set<String> consumed = new TreeSet<>();
        Map<String, Set<String>> senders = new TreeMap<>();
        // the route configurations first: a route that applies one holds copies of its steps
        for (RouteConfigurationDefinition configuration : model.getRouteConfigurationDefinitions()) {
            String name = "route configuration " + configuration.getId();
            configuration.getOnExceptions().forEach(d -> sends(context, null, d.getOutputs(), name, senders));
            configuration.getOnCompletions().forEach(d -> sends(context, null, d.getOutputs(), name, senders));
            configuration.getIntercepts().forEach(d -> sends(context, null, d.getOutputs(), name, senders));
            configuration.getInterceptFroms().forEach(d -> sends(context, null, d.getOutputs(), name, senders));
            configuration.getInterceptSendTos().forEach(d -> sends(context, null, d.getOutputs(), name, senders));
        }
        for (RouteDefinition route : model.getRouteDefinitions()) {
            String from = route.getInput() == null ? null : route.getInput().getEndpointUri();
            if (from != null && from.startsWith(DIRECT)) {
                consumed.add(directName(resolve(context, route, from)));
            }
            sends(context, route, route.getOutputs(), "route " + route.getRouteId(), senders);
        }
        senders.forEach((endpoint, from) -> {
            if (!consumed.contains(endpoint)) {
                String quarantine = endpoint.equals("quarantine") ? " (routes/quarantine.camel.yaml as logship ships it)" : "";
                problems.add(String.join(" and ", from) + " send" + (from.size() == 1 ? "s" : "") + " to " + DIRECT + endpoint
                        + ", which no route consumes" + nearest(endpoint, consumed).map(c -> " (did you mean " + DIRECT + c + "?)").orElse("")
                        + ": add the route with from: " + DIRECT + endpoint + quarantine + " or correct the endpoint");
            }
        });
    }

    private static void sends(CamelContext context, RouteDefinition route, List<ProcessorDefinition<?>> outputs, String sender,
            Map<String, Set<String>> senders) {
        for (SendDefinition<?> send : ProcessorDefinitionHelper.filterTypeInOutputs(outputs, SendDefinition.class)) {
            String uri = send.getEndpointUri();
            if (uri != null && uri.startsWith(DIRECT)) {
                senders.computeIfAbsent(directName(resolve(context, route, uri)), k -> new LinkedHashSet<>()).add(sender);
            }
        }
    }

    /** {@code direct:name?options} to {@code name}. */
    private static String directName(String uri) {
        String name = uri.substring(DIRECT.length());
        int query = name.indexOf('?');
        return query < 0 ? name : name.substring(0, query);
    }

    /** Each target's layout, as its nas: step parses it when the route starts (a failure there comes with Camel's stack trace). */
    private static void layouts(CamelContext context, Collection<String> targets, List<String> problems) {
        for (String target : targets) {
            Optional<String> layout = context.getPropertiesComponent().resolveProperty("logship.target." + target + ".nas.layout");
            if (layout.isEmpty() || layout.get().isBlank()) {
                continue;
            }
            try {
                context.resolveLanguage("simple").createExpression(layout.get());
            } catch (RuntimeException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                problems.add("logship.nas.layout=" + layout.get() + (targets.size() > 1 ? " (target " + target + ")" : "")
                        + " is not a layout Camel can evaluate: " + why + " (logship.nas.layout in docs/configuration.md)");
            }
        }
    }

    /** The uri or id with its placeholders resolved, the template's parameters as local properties; as written if it cannot be. */
    private static String resolve(CamelContext context, RouteDefinition route, String text) {
        if (!text.contains("{{")) {
            return text;
        }
        var properties = context.getPropertiesComponent();
        try {
            if (route != null && route.getTemplateParameters() != null) {
                java.util.Properties local = new java.util.Properties();
                local.putAll(route.getTemplateParameters());
                properties.setLocalProperties(local);
            }
            return context.resolvePropertyPlaceholders(text);
        } catch (RuntimeException e) {
            return text;
        } finally {
            properties.setLocalProperties(null);
        }
    }

    /** The target a route ships: the parameter target of a templatedRoute of ship-logs. */
    private static Optional<String> target(RouteDefinition route) {
        Object target = route.getTemplateParameters() == null ? null : route.getTemplateParameters().get("target");
        return route.isCreatedFromTemplate() && target != null ? Optional.of(String.valueOf(target)) : Optional.empty();
    }

    private static String describe(RouteDefinition route) {
        Optional<String> target = target(route);
        if (route.isCreatedFromTemplate()) {
            return "a templatedRoute" + target.map(t -> " of target " + t).orElse("");
        }
        return "a route" + (route.getResource() == null ? "" : " in " + file(route.getResource().getLocation()))
                + (route.getLineNumber() > 0 ? " line " + route.getLineNumber() : "");
    }

    /** {@code file:/opt/logship/routes/x.camel.yaml} as an operator reads it: {@code routes/x.camel.yaml}. */
    private static String file(String location) {
        String path = location.replaceFirst("^file:", "");
        int routes = path.lastIndexOf("routes/");
        return routes < 0 ? path : path.substring(routes);
    }

    /** " (did you mean X?)" for the nearest candidate at most two edits away, else "". */
    private static String didYouMean(String wrong, Collection<String> candidates) {
        return nearest(wrong, candidates).map(c -> " (did you mean " + c + "?)").orElse("");
    }

    private static Optional<String> nearest(String wrong, Collection<String> candidates) {
        return candidates.stream().filter(c -> !c.equals(wrong))
                .map(c -> Map.entry(c, DISTANCE.apply(wrong, c)))
                .filter(e -> e.getValue() <= 2)
                .min(Comparator.comparing(Map.Entry<String, Integer>::getValue))
                .map(Map.Entry::getKey);
    }

    private static Model model(CamelContext context) {
        return context.getCamelContextExtension().getContextPlugin(Model.class);
    }
}
