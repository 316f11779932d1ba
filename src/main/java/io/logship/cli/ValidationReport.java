package io.logship.cli;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What {@code validate} checked, named: the configuration file and each route file Camel loaded, with
 * what it declares (routes, route configurations, route templates, routes made from a template), so an
 * operator sees that every file they edited was read, and as what. Called once Camel has built every
 * route from these files, so each parses.
 */
public final class ValidationReport {

    /** The kinds of a route file's top-level entries, as an operator reads them. */
    private static final Map<String, String> KINDS = Map.of("route", "route", "routeTemplate", "route template",
            "templatedRoute", "templated route", "routeConfiguration", "route configuration", "beans", "beans",
            "rest", "rest service");

    private ValidationReport() {
    }

    /** One line for the configuration, one per route file, then the summary. */
    public static List<String> lines(CamelContext context, String configFile, Collection<String> targets) throws Exception {
        String patterns = context.getPropertiesComponent().resolveProperty("camel.main.routesIncludePattern").orElse("");
        Map<String, List<String>> byFile = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (String pattern : patterns.split(",")) {
            if (pattern.isBlank()) {
                continue;
            }
            for (Resource file : PluginHelper.getPackageScanResourceResolver(context).findResources(pattern.strip())) {
                byFile.put(file.getLocation().replaceFirst("^file:", ""), declared(file, counts));
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(configFile + ": every logship key known and valid (with the -D options and LOGSHIP_* variables),"
                + " target" + (targets.size() == 1 ? " " : "s ") + String.join(", ", targets));
        byFile.forEach((file, declared) -> lines.add(file + ": " + String.join(", ", declared)));
        List<String> summary = new ArrayList<>();
        counts.forEach((kind, n) -> summary.add(n + " " + kind + (n == 1 ? "" : "s")));
        lines.add("valid: " + configFile + " and " + byFile.size() + " route file" + (byFile.size() == 1 ? "" : "s")
                + " (" + String.join(", ", summary) + ")");
        return lines;
    }

    /** "route template ship-logs", "templated route ship-logs (template ship-logs, target main)", ... */
    private static List<String> declared(Resource file, Map<String, Integer> counts) throws Exception {
        String text;
        try (InputStream in = file.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> declared = new ArrayList<>();
        Object root = new Load(LoadSettings.builder().build()).loadFromString(text);
        if (root instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> item && item.size() == 1) {
                    Map.Entry<?, ?> e = item.entrySet().iterator().next();
                    String kind = KINDS.getOrDefault(String.valueOf(e.getKey()), String.valueOf(e.getKey()));
                    counts.merge(kind, 1, Integer::sum);
                    declared.add(kind + describe(e.getValue()));
                }
            }
        }
        return declared.isEmpty() ? List.of("nothing") : declared;
    }

    private static String describe(Object body) {
        if (!(body instanceof Map<?, ?> fields)) {
            return "";
        }
        Object id = fields.get("id") != null ? fields.get("id") : fields.get("routeId");
        StringBuilder s = new StringBuilder(id == null ? "" : " " + id);
        Object template = fields.get("routeTemplateRef");
        if (template != null) {
            s.append(" (template ").append(template);
            if (fields.get("parameters") instanceof List<?> parameters) {
                for (Object p : parameters) {
                    if (p instanceof Map<?, ?> param) {
                        s.append(", ").append(param.get("name")).append(' ').append(param.get("value"));
                    }
                }
            }
            s.append(')');
        }
        return s.toString();
    }
}
