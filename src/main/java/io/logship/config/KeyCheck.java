package io.logship.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.IOHelper;
import org.apache.camel.util.StringHelper;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Refuses a {@code logship.*} key logship does not know, wherever it was set: the configuration file (with
 * its line), a {@code -D} option or a {@code LOGSHIP_*} environment variable. A misspelt key would
 * otherwise leave its default in force without a word ({@code logship.source.afterShp = archive} deleting
 * what should have been archived). One line per key, naming where it came from and the nearest known key.
 * Also the per-target form {@code logship.target.NAME.KEY}: NAME must be in {@code logship.targets} and
 * KEY one that a target may override. A key whose first part is logship in another case
 * ({@code Logship.source.afterShip}) is ignored by everything: it is refused too. {@code camel.*} keys are
 * Camel Main's, which refuses an unknown key of a group it binds ({@code camel.main.nmae}) but ignores a
 * group it does not know ({@code camel.managment.port}): such a group is refused here. The problems of how
 * a line of the file is written ({@link ConfigFile}) come first, with the key's other problems.
 */
final class KeyCheck {

    /**
     * A key that is set, and where: "config/application.properties line 12", "-D option", ...; with the
     * problems of how the file's line is written (ConfigFile.Entry), each to follow the key and where.
     */
    record SetKey(String key, String origin, List<String> problems) {
        SetKey(String key, String origin) {
            this(key, origin, List.of());
        }
    }

    private static final String PREFIX = "logship.";
    private static final String TARGET = "logship.target.";
    private static final String ENV_PREFIX = "LOGSHIP_";
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();
    private static final String CAMEL = "camel.";
    /**
     * The groups of camel.GROUP.* keys Camel Main 4.18 binds, ignoring case (BaseMainSupport's prefixes;
     * camel-main-configuration-metadata.json lists most); a key of another group is read by nothing.
     */
    static final List<String> CAMEL_GROUPS = List.of("main", "component", "dataformat", "language", "beans", "context",
            "management", "metrics", "health", "rest", "server", "ssl", "debug", "trace", "threadpool", "routeController",
            "routeTemplate", "startupcondition", "vault", "resilience4j", "faulttolerance", "lra", "opentelemetry",
            "opentelemetry2", "telemetryDev", "mdc", "devConsole", "variable", "globalOptions");

    private final KnownKeys known;
    private final List<String> targets;
    private final List<String> problems = new ArrayList<>();
    /** Every variable name that sets a key, made at the first LOGSHIP_* variable. */
    private Map<String, String> environmentNames;

    KeyCheck(KnownKeys known, List<String> targets) {
        this.known = known;
        this.targets = targets;
    }

    /** The keys set in Camel's configuration file(s), the program's overrides and the system properties. */
    static List<SetKey> keysSet(PropertiesComponent properties) {
        List<SetKey> set = new ArrayList<>();
        for (String file : ConfigFile.files(properties)) {
            set.addAll(fileKeys(Path.of(file), file));
        }
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent camel
                && camel.getOverrideProperties() != null) {
            // validate's own, and the keys a test starts the service with
            camel.getOverrideProperties().stringPropertyNames().stream().sorted()
                    .forEach(k -> set.add(new SetKey(k, "set by the program")));
        }
        Properties system = System.getProperties();
        system.stringPropertyNames().stream().sorted().forEach(k -> set.add(new SetKey(k, "-D" + k)));
        return set;
    }

    /**
     * The keys of a properties file, each with its line and the problems of how its line is written
     * ({@link ConfigFile}); none when it cannot be read (Camel reports that). Throws one line when the file
     * is no UTF-8 properties file.
     */
    static List<SetKey> fileKeys(Path file, String shownAs) {
        List<SetKey> keys = new ArrayList<>();
        for (ConfigFile.Entry e : ConfigFile.entries(file, shownAs)) {
            keys.add(new SetKey(e.key(), shownAs + " line " + e.line(), e.problems()));
        }
        return keys;
    }

    /** One line per unknown key, in the order given, then per unknown {@code LOGSHIP_*} variable. */
    List<String> check(Collection<SetKey> keys, Map<String, String> environment) {
        for (SetKey k : keys) {
            k.problems().forEach(p -> problems.add(named(k.key(), k.origin()) + p));
            if (k.key().startsWith(PREFIX)) {
                key(k.key(), k.origin());
            } else if (k.key().regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                // Logship.source.afterShip: nothing reads it
                String lower = PREFIX + k.key().substring(PREFIX.length());
                String suggestion = known.documented(lower) || lower.startsWith(TARGET) ? lower
                        : nearest(k.key(), known.documented());
                problems.add(named(k.key(), k.origin()) + " is not a logship key" + didYouMean(suggestion));
            } else if (k.key().regionMatches(true, 0, CAMEL, 0, CAMEL.length())) {
                camelKey(k.key(), k.origin());
            } else if (misspeltPrefix(k.key())) {
                String suggestion = nearest(PREFIX + k.key().substring(k.key().indexOf('.') + 1), known.documented());
                problems.add(named(k.key(), k.origin()) + " is not a logship key" + didYouMean(suggestion));
            }
        }
        environment.keySet().stream().filter(e -> e.startsWith(ENV_PREFIX)).sorted().forEach(this::environment);
        return problems;
    }

    /** camel.GROUP.x or camel.GROUP[0].x, whose GROUP Camel Main binds; Camel itself checks the rest. */
    private void camelKey(String key, String origin) {
        String rest = key.substring(CAMEL.length());
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != '.' && rest.charAt(end) != '[') {
            end++;
        }
        if (end == rest.length()) {
            return;
        }
        String group = rest.substring(0, end);
        if (CAMEL_GROUPS.stream().anyMatch(group::equalsIgnoreCase)) {
            if (!key.startsWith(CAMEL)) {
                // Camel reads the keys that start with camel. in lower case only
                problems.add(named(key, origin) + " is read by nothing: did you mean " + CAMEL + rest + "?");
            }
            return;
        }
        String near = nearest(group, CAMEL_GROUPS);
        if (near != null && DISTANCE.apply(group.toLowerCase(Locale.ROOT), near.toLowerCase(Locale.ROOT))
                > Math.max(2, group.length() / 4)) {
            near = null;
        }
        problems.add(named(key, origin) + " is read by nothing: Camel knows no group camel." + group
                + (near == null ? " (docs/configuration.md lists the camel.* keys logship uses); correct or remove it"
                        : ": did you mean " + CAMEL + near + rest.substring(end) + "?"));
    }

    /** "logshp.nas.host": a first part one or two letters away from logship. */
    private static boolean misspeltPrefix(String key) {
        int dot = key.indexOf('.');
        String first = dot < 0 ? "" : key.substring(0, dot).toLowerCase(Locale.ROOT);
        return first.length() >= 5 && !first.equals("logship") && DISTANCE.apply(first, "logship") <= 2;
    }

    private void key(String key, String origin) {
        if (known.documented(key) || KnownKeys.RETIRED.contains(key)) {
            return;
        }
        if (KnownKeys.INTERNAL.containsKey(key)) {
            if (origin != null && origin.matches(".* line \\d+")) {
                problems.add(named(key, origin) + " " + KnownKeys.INTERNAL.get(key) + " and is read only as a -D option"
                        + " or an environment variable, not from here: remove it");
            }
            return;
        }
        if (KnownKeys.COMPUTED.containsKey(key)) {
            problems.add(named(key, origin) + " is computed by logship from " + KnownKeys.COMPUTED.get(key)
                    + ": set that instead");
            return;
        }
        if (key.startsWith(TARGET)) {
            targetKey(key, origin);
            return;
        }
        problems.add(named(key, origin) + " is not a logship key" + didYouMean(nearest(key, known.documented())));
    }

    private void targetKey(String key, String origin) {
        String rest = key.substring(TARGET.length());
        int dot = rest.indexOf('.');
        String name = dot < 0 ? rest : rest.substring(0, dot);
        String plain = dot < 0 ? "" : PREFIX + rest.substring(dot + 1);
        if (!targets.contains(name)) {
            String near = nearest(name, targets);
            problems.add(named(key, origin) + " is set but " + name + " is not in logship.targets=" + String.join(",", targets)
                    + ": add the target or remove the key" + (near == null || plain.isEmpty() ? ""
                    : "; did you mean " + TARGET + near + "." + rest.substring(dot + 1) + "?"));
        } else if (plain.isEmpty()) {
            problems.add(named(key, origin) + " cannot be set per target: name a key after the target");
        } else if (TargetOverlay.shared(plain) && known.documented(plain)) {
            problems.add(named(key, origin) + " cannot be set per target: " + plain + " is shared by all targets; set it there");
        } else if (!known.documented(plain)) {
            String near = nearest(plain, known.documented().stream().filter(k -> !TargetOverlay.shared(k)).toList());
            problems.add(named(key, origin) + " is not a logship key" + didYouMean(near == null ? null
                    : TARGET + name + "." + near.substring(PREFIX.length())));
        }
    }

    /**
     * A {@code LOGSHIP_*} variable is the key whose name Camel maps to it (upper case, '.' and '-' as '_',
     * camelCase optionally split: LOGSHIP_SOURCE_AFTERSHIP or LOGSHIP_SOURCE_AFTER_SHIP).
     */
    private void environment(String variable) {
        if (KnownKeys.ENVIRONMENT_ONLY.contains(variable)) {
            return;
        }
        if (environmentNames == null) {
            environmentNames = environmentNames();
        }
        Map<String, String> names = environmentNames;
        String key = names.get(variable);
        String origin = "environment variable";
        if (key != null) {
            key(key, origin + " " + variable);
            return;
        }
        if (variable.startsWith("LOGSHIP_TARGET_")) {
            // LOGSHIP_TARGET_<name>_<key>: the longest key that ends it leaves the target's name
            String middle = variable.substring("LOGSHIP_TARGET".length());
            String name = known.documented().stream().flatMap(k -> forms(k).stream())
                    .map(form -> form.substring(ENV_PREFIX.length() - 1))
                    .filter(suffix -> middle.length() > suffix.length() + 1 && middle.endsWith(suffix))
                    .max(Comparator.comparingInt(String::length))
                    .map(suffix -> middle.substring(1, middle.length() - suffix.length()).toLowerCase(Locale.ROOT))
                    .orElse(null);
            if (name != null) {
                problems.add(variable + " (" + origin + ") is set but " + name + " is not in logship.targets="
                        + String.join(",", targets) + ": add the target or remove the variable");
                return;
            }
        }
        String near = nearest(variable, names.keySet());
        problems.add(variable + " (" + origin + ") is not the variable of any logship key"
                + (near == null ? didYouMean(null) : ": did you mean " + near + " (" + names.get(near) + ")?"));
    }

    /** Every variable name that sets a key: the plain keys, and each key of each target. */
    private Map<String, String> environmentNames() {
        Map<String, String> names = new TreeMap<>();
        List<String> keys = new ArrayList<>(known.documented());
        keys.addAll(KnownKeys.INTERNAL.keySet());
        keys.addAll(KnownKeys.RETIRED);
        for (String k : keys) {
            forms(k).forEach(f -> names.putIfAbsent(f, k));
        }
        for (String t : targets) {
            for (String k : known.documented()) {
                String targetKey = TARGET + t + "." + k.substring(PREFIX.length());
                forms(targetKey).forEach(f -> names.putIfAbsent(f, targetKey));
            }
        }
        return names;
    }

    /** The environment variables Camel looks up for a key (IOHelper.lookupEnvironmentVariable). */
    static List<String> forms(String key) {
        String plain = IOHelper.normalizeEnvironmentVariable(key);
        String dashed = IOHelper.normalizeEnvironmentVariable(StringHelper.camelCaseToDash(key));
        return plain.equals(dashed) ? List.of(plain) : List.of(plain, dashed);
    }

    /**
     * Where the value read for {@code key} was set, by Camel's precedence (the program, a -D option, an environment
     * variable, the file's last line of the key), as a problem line names it: " (config/application.properties line
     * 40)"; "" when unknown.
     */
    static String origin(Collection<SetKey> keys, Map<String, String> environment, String key) {
        String file = null;
        String over = null;
        for (SetKey k : keys) {
            if (k.key().equals(key) && k.origin() != null) {
                if (k.origin().matches(".* line \\d+")) {
                    file = k.origin();
                } else if (over == null) {
                    over = k.origin();
                }
            }
        }
        String variable = forms(key).stream().filter(environment::containsKey).findFirst().orElse(null);
        String origin = over != null ? over : variable != null ? "environment variable " + variable : file;
        return origin == null ? "" : " (" + origin + ")";
    }

    private static String named(String key, String origin) {
        return origin == null ? key : key + " (" + origin + ")";
    }

    private static String didYouMean(String suggestion) {
        return suggestion == null ? ": no known key is close (docs/configuration.md lists them all); correct or remove it"
                : ": did you mean " + suggestion + "?";
    }

    /** The candidate closest to {@code key}, ignoring case; null when none is close. */
    static String nearest(String key, Collection<String> candidates) {
        String lower = key.toLowerCase(Locale.ROOT);
        return candidates.stream()
                .map(c -> Map.entry(c, DISTANCE.apply(lower, c.toLowerCase(Locale.ROOT))))
                .filter(e -> e.getValue() <= Math.max(3, key.length() / 4))
                .min(Comparator.comparing((Map.Entry<String, Integer> e) -> e.getValue()).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).orElse(null);
    }

    /** Keys without where they were set, each once, sorted: for a caller that has only names (tests). */
    static List<SetKey> unsourced(Collection<String> keys) {
        Map<String, SetKey> set = new LinkedHashMap<>();
        keys.stream().sorted().forEach(k -> set.put(k, new SetKey(k, null)));
        return new ArrayList<>(set.values());
    }
}
