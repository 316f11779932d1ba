package io.logship.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The per-target overlay: {@code logship.target.NAME.X} over {@code logship.X}, and the checks across targets. */
final class TargetOverlay {

    private TargetOverlay() {
    }

    /** Keys shared by all targets: a target cannot override them. */
    // logship.retry.: routes/ship-attempts.camel.yaml, which every target's route shares, reads them
    // logship.service.: read by the process, before any target exists
    private static final List<String> SHARED = List.of("logship.ledger.", "logship.integrity.", "logship.log.", "logship.retry.",
            "logship.service.", "logship.targets", "logship.target.");

    static boolean shared(String key) {
        return SHARED.stream().anyMatch(key::startsWith);
    }

    /**
     * Every target of {@code logship.targets}, in order, with its settings. For target NAME a key
     * {@code logship.target.NAME.X} overrides {@code logship.X}; a key not given there is taken from
     * {@code logship.X}. Throws one {@link SettingsException} naming every problem of every target.
     *
     * @param keys the keys set and where, each checked against the keys logship knows ({@link KeyCheck})
     * @param configFiles the configuration files read, whose folders no target may watch
     */
    static Map<String, LogshipSettings> targets(Function<String, String> lookup, Collection<KeyCheck.SetKey> keys,
            Map<String, String> environment, List<Path> configFiles) {
        List<String> names = names(lookup);
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
        problems.addAll(new KeyCheck(KnownKeys.shipped(), names).check(keys, environment));
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
                targets.put(name, LogshipSettings.from(overlay,
                        key -> KeyCheck.origin(keys, environment, fromTarget.getOrDefault(key, key))));
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
                if (x != y && FolderChecks.same(x.getValue().deadletterDir(), y.getValue().sourceDir())) {
                    problems.add(keyOf(lookup, x.getKey(), "deadletter.dir") + "=" + x.getValue().deadletterDir() + " of target "
                            + x.getKey() + " is " + keyOf(lookup, y.getKey(), "source.dir") + " of target " + y.getKey()
                            + FolderChecks.SHIPPED_AGAIN);
                }
                if (!held.isEmpty()) {
                    problems.add(keyOf(lookup, x.getKey(), "archive.dir") + "=" + x.getValue().archiveDir() + " is or contains "
                            + String.join(", ", held.stream().map(h -> rename(lookup, y.getKey(), h)).toList())
                            + " of target " + y.getKey() + FolderChecks.PRUNED);
                }
            }
        }
        for (Map.Entry<String, LogshipSettings> x : all) {
            for (Path file : configFiles) {
                Path folder = file.toAbsolutePath().normalize().getParent();
                if (FolderChecks.same(x.getValue().sourceDir(), folder)) {
                    problems.add(keyOf(lookup, x.getKey(), "source.dir") + "=" + x.getValue().sourceDir() + " holds the"
                            + " configuration file " + file + ": logship would ship it and the files beside it (the"
                            + " password file); give the source its own folder");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(new ArrayList<>(problems));
        }
        return targets;
    }

    /** The names of {@code logship.targets}; {@code main} when it is empty. */
    static List<String> names(Function<String, String> lookup) {
        List<String> names = SettingsReader.patterns(lookup.apply("logship.targets"));
        return names.isEmpty() ? List.of(LogshipSettings.MAIN) : names;
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
