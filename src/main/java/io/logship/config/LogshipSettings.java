package io.logship.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.TimeUtils;

/**
 * The {@code logship.*} keys, read once at start-up and validated together, so that a bad value
 * stops logship with one line per problem instead of failing later on the first file.
 */
public record LogshipSettings(
        Path sourceDir,
        int stableSeconds,
        AfterShip afterShip,
        Path archiveDir,
        String nasHost,
        int nasPort,
        String nasShare,
        String nasDir,
        String nasUsername,
        String nasPassword,
        String nasDomain,
        int nasBufferSize,
        int nasWritesInFlight,
        int nasParallelFiles,
        int nasTimeoutSeconds,
        VerifyMode verify,
        Duration retryInitialDelay,
        Duration retryMaxDelay,
        double retryMultiplier,
        int retryMaxAttempts,
        Path deadletterDir,
        List<String> includes,
        List<String> excludes,
        int nasProbeSeconds,
        int backlogScanSeconds,
        int backlogMaxAgeSeconds,
        int diskWarnFreePercent,
        int diskCritFreePercent,
        CryptoProvider nasCrypto,
        boolean nasEncrypt,
        IntegrityMode integrityMode,
        int integrityCheckSeconds,
        Path integrityManifest,
        Path ledgerDir,
        int ledgerRetentionDays,
        long archiveMaxBytes,
        int archiveMaxAgeDays,
        String doneFileName,
        String nasLayout,
        int maxFilesPerPoll,
        int pollMillis,
        ZoneId nasTimeZone,
        int emptyFileMinAgeSeconds,
        boolean inUseCheck,
        int disposeRetrySeconds) {

    /** What happens to the local file once its NAS copy is verified. */
    public enum AfterShip { DELETE, ARCHIVE }

    /** What a difference from the seal does: stop shipping, or only report. */
    public enum IntegrityMode { ENFORCE, WARN }

    /** Whose AES signs and seals SMB 3 messages. */
    public enum CryptoProvider { JDK, BOUNCYCASTLE }

    /** How the NAS copy is checked before the local copy is given up. */
    public enum VerifyMode { SHA256, SIZE }

    @Override
    public String toString() {
        // never print the password, whatever logs this record
        return "LogshipSettings[source=" + sourceDir + ", nas=//" + nasHost + ":" + nasPort + "/" + nasShare
                + "/" + nasDir + ", user=" + nasUsername + ", verify=" + verify + ", afterShip=" + afterShip + "]";
    }

    public static LogshipSettings from(PropertiesComponent properties) {
        return from(key -> properties.resolveProperty(key).orElse(null));
    }

    /** Reads and validates every key; throws one {@link SettingsException} listing all problems. */
    public static LogshipSettings from(Function<String, String> lookup) {
        Reader r = new Reader(lookup);
        Path source = r.directory("logship.source.dir", true);
        int stable = r.integer("logship.source.stableSeconds", 0, 86_400);
        AfterShip afterShip = r.choice("logship.source.afterShip", AfterShip.class);
        Path archive = afterShip == AfterShip.ARCHIVE ? r.directory("logship.archive.dir", false) : null;
        String host = r.required("logship.nas.host");
        int port = r.integer("logship.nas.port", 1, 65_535);
        String share = r.required("logship.nas.share");
        String dir = trimSlashes(r.optional("logship.nas.dir"));
        String user = r.optional("logship.nas.username");
        String password = r.password("logship.nas.password", "logship.nas.passwordFile");
        String domain = r.optional("logship.nas.domain");
        int buffer = r.integer("logship.nas.bufferSize", 65_536, 8 * 1024 * 1024);
        int inFlight = r.integer("logship.nas.writesInFlight", 1, 16);
        int parallel = r.integer("logship.nas.parallelFiles", 1, 16);
        int timeout = r.integer("logship.nas.timeoutSeconds", 1, 3_600);
        VerifyMode verify = r.choice("logship.verify", VerifyMode.class);
        Duration initialDelay = r.duration("logship.retry.initialDelay");
        Duration maxDelay = r.duration("logship.retry.maxDelay");
        double multiplier = r.decimal("logship.retry.multiplier", 1.0, 10.0);
        // Camel's name (routes/ship-attempts.camel.yaml reads it): retries after the first attempt
        int maxAttempts = r.integer("logship.retry.maximumRedeliveries", 0, 999) + 1;
        if (!r.optional("logship.retry.maxAttempts").isEmpty()) {
            r.problems.add("logship.retry.maxAttempts is now logship.retry.maximumRedeliveries, the tries after the"
                    + " first one: replace it with logship.retry.maximumRedeliveries = (maxAttempts - 1)");
        }
        Path deadletter = r.writableDirectory("logship.deadletter.dir");
        List<String> includes = patterns(r.required("logship.source.include"));
        List<String> excludes = patterns(r.optional("logship.source.exclude"));
        int probe = r.integer("logship.nas.probeSeconds", 0, 3_600);
        int scan = r.integer("logship.backlog.scanSeconds", 1, 3_600);
        int maxAge = r.integer("logship.backlog.maxAgeSeconds", 1, 30 * 86_400);
        int warn = r.integer("logship.disk.warnFreePercent", 0, 100);
        int crit = r.integer("logship.disk.critFreePercent", 0, 100);
        CryptoProvider crypto = r.choice("logship.nas.cryptoProvider", CryptoProvider.class);
        boolean encrypt = r.bool("logship.nas.encrypt");
        IntegrityMode integrity = r.choice("logship.integrity.mode", IntegrityMode.class);
        int integritySeconds = r.integer("logship.integrity.checkSeconds", 0, 86_400);
        String manifest = r.required("logship.integrity.manifest");
        Path ledger = r.writableDirectory("logship.ledger.dir");
        int ledgerDays = r.integer("logship.ledger.retentionDays", 1, 36_500);
        long archiveMaxBytes = afterShip == AfterShip.ARCHIVE ? r.longInteger("logship.archive.maxBytes", 1L << 20, Long.MAX_VALUE) : 0;
        int archiveMaxAgeDays = afterShip == AfterShip.ARCHIVE ? r.integer("logship.archive.maxAgeDays", 1, 36_500) : 0;
        String doneFileName = r.optional("logship.source.doneFileName");
        String layout = r.optional("logship.nas.layout");
        int maxFilesPerPoll = r.integer("logship.source.maxFilesPerPoll", 1, 100_000);
        int pollMillis = r.integer("logship.source.pollMillis", 10, 3_600_000);
        ZoneId timeZone = r.zone("logship.nas.timeZone");
        int emptyMinAge = r.integer("logship.source.emptyFileMinAgeSeconds", 0, 30 * 86_400);
        boolean inUseCheck = r.bool("logship.source.inUseCheck");
        if (emptyMinAge > 0 && emptyMinAge < stable) {
            r.problems.add("logship.source.emptyFileMinAgeSeconds=" + emptyMinAge + " is below logship.source.stableSeconds="
                    + stable + ": make it longer (an empty file is never taken before stableSeconds anyway), or 0");
        }
        int disposeRetrySeconds = r.integer("logship.source.disposeRetrySeconds", 1, 86_400);
        if (crit > warn) {
            r.problems.add("logship.disk.critFreePercent=" + crit + " is above logship.disk.warnFreePercent=" + warn
                    + ": the critical level must be the lower one");
        }
        if (initialDelay != null && maxDelay != null && maxDelay.compareTo(initialDelay) < 0) {
            r.problems.add("logship.retry.maxDelay is shorter than logship.retry.initialDelay: make it at least as long");
        }
        if (share != null && (share.contains("/") || share.contains("\\"))) {
            r.problems.add("logship.nas.share=" + share + " must be a share name only: put folders inside the share in logship.nas.dir");
        }
        if (archive != null) {
            List<String> held = new ArrayList<>();
            held("logship.source.dir", source, archive, held);
            held("logship.deadletter.dir", deadletter, archive, held);
            held("logship.ledger.dir", ledger, archive, held);
            if (!held.isEmpty()) {
                r.problems.add("logship.archive.dir=" + archive + " is or contains " + String.join(", ", held)
                        + PRUNED);
            }
        }
        if (!r.problems.isEmpty()) {
            throw new SettingsException(r.problems);
        }
        return new LogshipSettings(source, stable, afterShip, archive, host, port, share, dir, user, password,
                domain, buffer, inFlight, parallel, timeout, verify, initialDelay, maxDelay, multiplier, maxAttempts, deadletter,
                includes, excludes, probe, scan, maxAge, warn, crit, crypto, encrypt, integrity, integritySeconds,
                Path.of(manifest), ledger, ledgerDays, archiveMaxBytes, archiveMaxAgeDays,
                doneFileName, layout, maxFilesPerPoll, pollMillis, timeZone, emptyMinAge, inUseCheck,
                disposeRetrySeconds);
    }

    /** The target the plain {@code logship.*} keys describe when {@code logship.targets} is not set. */
    public static final String MAIN = "main";

    /**
     * The name of a target's route or health check: {@code base} for the main target, so a single-target
     * installation keeps its plain names, and {@code base-NAME} for the others.
     */
    public static String perTarget(String base, String target) {
        return MAIN.equals(target) ? base : base + "-" + target;
    }

    /**
     * {@link #targets(Function, Collection)} on Camel's properties; the stray-key check sees the keys of
     * the configuration file and the system properties (environment variables cannot be listed).
     */
    public static Map<String, LogshipSettings> targets(PropertiesComponent properties) {
        Set<String> keys = new HashSet<>(properties.loadPropertiesAsMap().keySet());
        keys.addAll(System.getProperties().stringPropertyNames());
        return targets(key -> properties.resolveProperty(key).orElse(null), keys);
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
    public static Map<String, LogshipSettings> targets(Function<String, String> lookup, Collection<String> keys) {
        List<String> names = patterns(lookup.apply("logship.targets"));
        if (names.isEmpty()) {
            names = List.of(MAIN);
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
                targets.put(name, from(overlay));
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
                sameFolder(problems, a, b, "source.dir", x.sourceDir(), y.sourceDir());
                sameFolder(problems, a, b, "deadletter.dir", x.deadletterDir(), y.deadletterDir());
                // archive folders only of targets in archive mode (null otherwise)
                sameFolder(problems, a, b, "archive.dir", x.archiveDir(), y.archiveDir());
            }
        }
        for (Map.Entry<String, LogshipSettings> x : all) {
            for (Map.Entry<String, LogshipSettings> y : all) {
                List<String> held = new ArrayList<>();
                if (x != y) {
                    held("logship.source.dir", y.getValue().sourceDir(), x.getValue().archiveDir(), held);
                    held("logship.deadletter.dir", y.getValue().deadletterDir(), x.getValue().archiveDir(), held);
                }
                if (!held.isEmpty()) {
                    problems.add(keyOf(lookup, x.getKey(), "archive.dir") + "=" + x.getValue().archiveDir() + " is or contains "
                            + String.join(", ", held.stream().map(h -> rename(lookup, y.getKey(), h)).toList())
                            + " of target " + y.getKey() + PRUNED);
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

    private static final String PRUNED = ": the archive pruner deletes every file in it; give the archive a folder of its own";

    /** Adds {@code key=folder} to {@code held} when the archive pruner's walk of {@code archive} would reach it. */
    private static void held(String key, Path folder, Path archive, List<String> held) {
        if (folder != null && archive != null && real(folder).startsWith(real(archive))) {
            held.add(key + "=" + folder);
        }
    }

    // a symbolic link must not hide that two keys name one folder
    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static void sameFolder(Set<String> problems, String a, String b, String key, Path x, Path y) {
        if (x != null && y != null && x.toAbsolutePath().normalize().equals(y.toAbsolutePath().normalize())) {
            problems.add("targets " + a + " and " + b + " both use logship." + key + "=" + x + ": give each target"
                    + " its own folder (logship.target." + b + "." + key + ")");
        }
    }

    private static List<String> patterns(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String p : value.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return out;
    }

    private static String trimSlashes(String value) {
        if (value == null) {
            return "";
        }
        String v = value.replace('\\', '/');
        while (v.startsWith("/")) {
            v = v.substring(1);
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    /** Collects problems instead of stopping at the first, so one run names them all. */
    private static final class Reader {
        private final Function<String, String> lookup;
        private final List<String> problems = new ArrayList<>();

        Reader(Function<String, String> lookup) {
            this.lookup = lookup;
        }

        String optional(String key) {
            String v = lookup.apply(key);
            return v == null ? "" : v.trim();
        }

        String required(String key) {
            String v = optional(key);
            if (v.isEmpty()) {
                problems.add(key + " is not set: give it a value in config/application.properties, -D" + key
                        + "=... or the environment variable " + envName(key));
                return null;
            }
            return v;
        }

        /**
         * The password from its key (an environment variable, in practice) or from a file only its owner
         * may read; never both.
         */
        String password(String key, String fileKey) {
            String direct = optional(key);
            String file = optional(fileKey);
            if (file.isEmpty()) {
                return direct;
            }
            if (!direct.isEmpty()) {
                problems.add(key + " and " + fileKey + " are both set: keep only one");
                return direct;
            }
            Path p = Path.of(file);
            try {
                String open = SecretFileAccess.tooOpen(p);
                if (open != null) {
                    problems.add(fileKey + "=" + file + " " + open);
                    return "";
                }
                String content = Files.readString(p, StandardCharsets.UTF_8);
                // a trailing newline, as editors and echo leave it, is not part of the password
                return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                        : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
            } catch (java.io.IOException e) {
                problems.add(fileKey + "=" + file + " cannot be read (" + e.getClass().getSimpleName() + "): give"
                        + " logship's user read access, or set " + key + " instead");
                return "";
            }
        }

        boolean bool(String key) {
            String v = required(key);
            if (v == null || v.equalsIgnoreCase("true")) {
                return true;
            }
            if (!v.equalsIgnoreCase("false")) {
                problems.add(key + "=" + v + " is not true or false");
            }
            return false;
        }

        int integer(String key, int min, int max) {
            return number(key, min, max, Integer::valueOf, "a whole number");
        }

        long longInteger(String key, long min, long max) {
            return number(key, min, max, Long::valueOf, "a whole number");
        }

        double decimal(String key, double min, double max) {
            return number(key, min, max, Double::valueOf, "a number");
        }

        private <N extends Number & Comparable<N>> N number(String key, N min, N max, Function<String, N> parse,
                String kind) {
            String v = required(key);
            if (v == null) {
                return min;
            }
            try {
                N n = parse.apply(v);
                if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
                    problems.add(key + "=" + v + " is out of range: use " + kind + " from " + min + " to " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                problems.add(key + "=" + v + " is not " + kind + ": use " + kind + " from " + min + " to " + max);
                return min;
            }
        }

        /** A duration such as 500ms, 1s, 5m or 1h30m (a plain number is milliseconds). */
        Duration duration(String key) {
            String v = required(key);
            if (v == null) {
                return null;
            }
            try {
                long ms = TimeUtils.toMilliSeconds(v);
                if (ms <= 0) {
                    problems.add(key + "=" + v + " must be longer than zero, e.g. 1s or 5m");
                    return null;
                }
                return Duration.ofMillis(ms);
            } catch (RuntimeException e) {
                problems.add(key + "=" + v + " is not a duration: use e.g. 500ms, 1s, 5m or 1h30m");
                return null;
            }
        }

        /** A folder logship must write to: created if missing, and tried with a probe file. */
        Path writableDirectory(String key) {
            Path p = directory(key, false);
            if (p == null || (Files.exists(p) && !Files.isDirectory(p))) {
                return p;
            }
            try {
                Files.createDirectories(p);
                Path probe = Files.createTempFile(p, ".logship-probe", ".tmp");
                Files.delete(probe);
            } catch (java.io.IOException | RuntimeException e) {
                problems.add(key + "=" + p + " is not a writable directory (" + e.getClass().getSimpleName() + ": "
                        + e.getMessage() + "): create it and give logship's user write access");
            }
            return p;
        }

        /** A time zone ID such as Europe/Zurich or UTC; empty: the system's zone. */
        ZoneId zone(String key) {
            String v = optional(key);
            if (v.isEmpty()) {
                return ZoneId.systemDefault();
            }
            try {
                return ZoneId.of(v);
            } catch (DateTimeException e) {
                problems.add(key + "=" + v + " is not a time zone (" + e.getMessage() + "): use a region such as"
                        + " Europe/Zurich, or UTC, or leave it empty for the system's zone");
                return ZoneId.systemDefault();
            }
        }

        <E extends Enum<E>> E choice(String key, Class<E> type) {
            String v = required(key);
            if (v == null) {
                return type.getEnumConstants()[0];
            }
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                List<String> allowed = new ArrayList<>();
                for (E c : type.getEnumConstants()) {
                    allowed.add(c.name().toLowerCase(Locale.ROOT));
                }
                problems.add(key + "=" + v + " is not one of " + String.join(", ", allowed));
                return type.getEnumConstants()[0];
            }
        }

        Path directory(String key, boolean mustExist) {
            String v = required(key);
            if (v == null) {
                return null;
            }
            Path p = Path.of(v).toAbsolutePath().normalize();
            if (mustExist && !Files.isDirectory(p)) {
                problems.add(key + "=" + v + " is not an existing directory (" + p + "): create it or correct the key");
            } else if (Files.exists(p) && !Files.isDirectory(p)) {
                problems.add(key + "=" + v + " is a file, not a directory (" + p + ")");
            }
            return p;
        }
    }

    /** The environment variable Camel reads for a key: upper case, dots and dashes as underscores. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
