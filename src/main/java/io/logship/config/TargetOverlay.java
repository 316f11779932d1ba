package io.logship.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The per-target overlay: {@code logship.target.NAME.X} over {@code logship.X}, and the checks across targets. */
final class TargetOverlay {

    private TargetOverlay() {
    }

    /** Keys shared by all targets: a target cannot override them. */
    // logship.retry.: routes/ship-attempts.camel.yaml, which every target's route shares, reads them
    private static final List<String> SHARED = List.of("logship.ledger.", "logship.integrity.", "logship.log.", "logship.retry.",
            "logship.targets", "logship.target.");

    private static boolean shared(String key) {
        return SHARED.stream().anyMatch(key::startsWith);
    }

    /**
     * Every target of {@code logship.targets}, in order, with its settings. For target NAME a key
     * {@code logship.target.NAME.X} overrides {@code logship.X}; a key not given there is taken from
     * {@code logship.X}. Throws one {@link SettingsException} naming every problem of every target.
     *
     * @param keys the keys set in the configuration, to find {@code logship.target.*} keys of no target
     */
    static Map<String, LogshipSettings> targets(Function<String, String> lookup, Collection<String> keys) {
        List<String> names = SettingsReader.patterns(lookup.apply("logship.targets"));
        if (names.isEmpty()) {
            names = List.of(LogshipSettings.MAIN);
        }
        Set<String> problems = new LinkedHashSet<>();
        for (String name : names) {
            if (!name.matches("[a-z0-9][a-z0-9_]{0,31}")) {
                problems.add("logship.targets: " + name + " is not a valid target name: use up to 32 lower-case"
                        + " letters, digits or _");
            }
        }
        if (new HashSet<>(names).size() != names.size()) {
            problems.add("logship.targets=" + String.join(",", names) + " names a target twice");
        }
        for (String key : new TreeSet<>(keys)) {
            if (!key.startsWith("logship.target.")) {
                continue;
            }
            String rest = key.substring("logship.target.".length());
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            String plain = dot < 0 ? "" : "logship." + rest.substring(dot + 1);
            if (!names.contains(name)) {
                problems.add(key + " is set but " + name + " is not in logship.targets=" + String.join(",", names)
                        + ": add the target or remove the key");
            } else if (plain.isEmpty() || shared(plain)) {
                problems.add(key + " cannot be set per target: " + (plain.isEmpty() ? "name a key after the target"
                        : plain + " is shared by all targets; set it there"));
            }
        }
        Map<String, LogshipSettings> targets = new LinkedHashMap<>();
        for (String name : names) {
            Map<String, String> fromTarget = new HashMap<>();
            Function<String, String> overlay = key -> {
                if (key.startsWith("logship.") && !shared(key)) {
                    String targetKey = "logship.target." + name + key.substring("logship".length());
                    String v = lookup.apply(targetKey);
                    if (v != null) {
                        fromTarget.put(key, targetKey);
                        return v;
                    }
                }
                return lookup.apply(key);
            };
            try {
                targets.put(name, LogshipSettings.from(overlay));
            } catch (SettingsException e) {
                for (String problem : e.problems()) {
                    String named = problem;
                    for (Map.Entry<String, String> k : fromTarget.entrySet()) {
                        named = named.replaceAll("\\b" + Pattern.quote(k.getKey()) + "\\b(?![.\\w])",
                                Matcher.quoteReplacement(k.getValue()));
                    }
                    // a problem of a key the targets share is reported once
                    problems.add(named);
                }
            }
        }
        List<Map.Entry<String, LogshipSettings>> all = new ArrayList<>(targets.entrySet());
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                String a = all.get(i).getKey();
                String b = all.get(j).getKey();
                LogshipSettings x = all.get(i).getValue();
                LogshipSettings y = all.get(j).getValue();
                FolderChecks.sameFolder(problems, a, b, "source.dir", x.sourceDir(), y.sourceDir());
                FolderChecks.sameFolder(problems, a, b, "deadletter.dir", x.deadletterDir(), y.deadletterDir());
                // archive folders only of targets in archive mode (null otherwise)
                FolderChecks.sameFolder(problems, a, b, "archive.dir", x.archiveDir(), y.archiveDir());
            }
        }
        KerberosChecks.oneConfig(targets, problems);
        for (Map.Entry<String, LogshipSettings> x : all) {
            for (Map.Entry<String, LogshipSettings> y : all) {
                List<String> held = new ArrayList<>();
                if (x != y) {
                    FolderChecks.held("logship.source.dir", y.getValue().sourceDir(), x.getValue().archiveDir(), held);
                    FolderChecks.held("logship.deadletter.dir", y.getValue().deadletterDir(), x.getValue().archiveDir(), held);
                }
                if (!held.isEmpty()) {
                    problems.add(keyOf(lookup, x.getKey(), "archive.dir") + "=" + x.getValue().archiveDir() + " is or contains "
                            + String.join(", ", held.stream().map(h -> rename(lookup, y.getKey(), h)).toList())
                            + " of target " + y.getKey() + FolderChecks.PRUNED);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(new ArrayList<>(problems));
        }
        return targets;
    }

    /** The key a target's setting came from: {@code logship.target.NAME.X} when set, else {@code logship.X}. */
    private static String keyOf(Function<String, String> lookup, String target, String key) {
        String targetKey = "logship.target." + target + "." + key;
        return lookup.apply(targetKey) != null ? targetKey : "logship." + key;
    }

    private static String rename(Function<String, String> lookup, String target, String keyValue) {
        String key = keyValue.substring("logship.".length(), keyValue.indexOf('='));
        return keyOf(lookup, target, key) + keyValue.substring(keyValue.indexOf('='));
    }
}
