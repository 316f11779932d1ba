package io.logship.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.util.TimeUtils;

/**
 * Parses and validates the values of {@code logship.*} keys, one key at a time. Collects problems
 * instead of stopping at the first, so one run names them all.
 */
final class SettingsReader {

    private final Function<String, String> lookup;
    /** Where a key's value was set, as a problem line names it (" (config/application.properties line 40)"), or "". */
    private final Function<String, String> origin;
    final List<String> problems = new ArrayList<>();

    SettingsReader(Function<String, String> lookup) {
        this(lookup, key -> "");
    }

    SettingsReader(Function<String, String> lookup, Function<String, String> origin) {
        this.lookup = lookup;
        this.origin = origin;
    }

    /** {@code key=value} and where it was set, to start a problem line. */
    private String named(String key, String value) {
        return key + "=" + value + origin.apply(key);
    }

    String optional(String key) {
        String v = lookup.apply(key);
        return v == null ? "" : v.trim();
    }

    String required(String key) {
        String v = optional(key);
        if (v.isEmpty()) {
            problems.add(key + " is not set: give it a value in config/application.properties, -D" + key
                    + "=... or the environment variable " + LogshipSettings.envName(key));
            return null;
        }
        return v;
    }

    /**
     * A server's name or address as SMB needs it: no UNC path or URL, no port, no quotes or spaces
     * (an IPv6 address, with its colons, is one).
     */
    String host(String key) {
        String v = required(key);
        if (v == null) {
            return null;
        }
        if (v.contains("\\") || v.contains("/")) {
            problems.add(key + "=" + v + " is a path or URL: give the server's name only (nas01), the share in"
                    + " logship.nas.share and the folders in logship.nas.dir");
            return null;
        }
        if (!v.matches("[\\p{L}\\p{N}.:\\[\\]_-]+")) {
            problems.add(key + "=" + v + " is not a server name: give its name or address only, without quotes,"
                    + " spaces or other signs (nas01, nas01.corp.example, 10.0.0.5)");
            return null;
        }
        if (v.indexOf(':') >= 0 && v.indexOf(':') == v.lastIndexOf(':')) {
            problems.add(key + "=" + v + " holds a port: give the name alone and the port in logship.nas.port");
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
        Path p = secretFile(fileKey, key);
        if (p == null) {
            return "";
        }
        try {
            return SecretFileAccess.read(p);
        } catch (SecretFileAccess.UnusableSecret e) {
            problems.add(fileKey + "=" + file + " " + e.getMessage());
            return "";
        } catch (java.io.IOException e) {
            problems.add(fileKey + "=" + file + " cannot be read (" + e.getClass().getSimpleName() + "): give"
                    + " logship's user read access, or set " + key + " instead");
            return "";
        }
    }

    /**
     * A file that holds a secret (a password, a keytab): it must exist and be readable by logship's
     * account only. Null when the key is empty or the file is refused (the problem is recorded).
     *
     * @param otherwise the key to set instead, for the problem line; null when there is none
     */
    Path secretFile(String key, String otherwise) {
        String file = optional(key);
        if (file.isEmpty()) {
            return null;
        }
        Path p = Path.of(file);
        try {
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new java.nio.file.AccessDeniedException(file);
            }
            String open = SecretFileAccess.tooOpen(p, optional(SecretFileAccess.SERVICE_ACCOUNT));
            if (open != null) {
                problems.add(key + "=" + file + " " + open);
                return null;
            }
            return p;
        } catch (java.io.IOException e) {
            problems.add(key + "=" + file + " cannot be read (" + (Files.exists(p) ? e.getClass().getSimpleName()
                    : "no such file") + "): give logship's user read access" + (otherwise == null ? ""
                    : ", or set " + otherwise + " instead"));
            return null;
        }
    }

    /** A file logship reads (not a secret), or null when the key is empty; a missing one is a problem. */
    Path readableFile(String key) {
        String file = optional(key);
        if (file.isEmpty()) {
            return null;
        }
        Path p = Path.of(file);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            problems.add(key + "=" + file + " is not a readable file: correct the path or give logship's user read access");
            return null;
        }
        return p;
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

    /** As {@link #integer(String, int, int)}, with {@code kind} naming what else the key takes ("auto or a whole number"). */
    int integer(String key, int min, int max, String kind) {
        return number(key, min, max, Integer::valueOf, kind);
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

    /**
     * A duration as Camel writes one, with its units in lower case and the largest first: 500ms, 30s, 5m, 1h30m,
     * 1d; or one number with day, hour, min, minute, sec(s) or msec(s). Camel's own reader (TimeUtils) reads
     * other spellings oddly: 5M, 300S and 1H as zero, 300mS as five hours, 5m30 as 5m, 500ms1s as 500ms.
     */
    private static final Pattern DURATION = Pattern.compile("(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?"
            + "|\\d+(day|hour|min|minute|secs?|msecs?)");
    /** Numbers each followed by letters: a duration whose units may be wrong. */
    private static final Pattern UNITS = Pattern.compile("(\\d+)([a-zA-Z]+)");

    /** A duration such as 500ms, 1s, 5m or 1h30m, with its unit: a plain number is refused. */
    Duration duration(String key) {
        String v = required(key);
        if (v == null) {
            return null;
        }
        if (v.matches("\\d+")) {
            // Camel's reading of a plain number is milliseconds: maxDelay = 300 meant as seconds would retry
            // every 300 ms
            problems.add(named(key, v) + " has no unit: write " + v + "s (seconds), " + v + "ms or e.g. 5m");
            return null;
        }
        if (!DURATION.matcher(v).matches()) {
            problems.add(named(key, v) + durationFix(v));
            return null;
        }
        try {
            long ms = TimeUtils.toMilliSeconds(v);
            if (ms <= 0) {
                problems.add(named(key, v) + " must be longer than zero, e.g. 1s or 5m");
                return null;
            }
            return Duration.ofMillis(ms);
        } catch (RuntimeException e) {
            problems.add(named(key, v) + " is not a duration: use e.g. 500ms, 1s, 5m or 1h30m");
            return null;
        }
    }

    /** What is wrong with a duration {@link #DURATION} refuses, and what to write. */
    private static String durationFix(String v) {
        String units = " (units in lower case: ms, s, m for minutes, h, d; e.g. 300ms, 300s, 5m or 1h30m)";
        Matcher m = UNITS.matcher(v);
        int end = 0;
        String unknown = null;
        while (m.lookingAt()) {
            String unit = m.group(2);
            if (unknown == null && !unit.matches("ms|s|m|h|d")) {
                unknown = unit;
            }
            end = m.end();
            m.region(end, v.length());
        }
        if (end < v.length() || end == 0) {
            return " is not a duration: use e.g. 500ms, 1s, 5m or 1h30m";
        }
        if (unknown == null) {
            return " is not a duration: give each unit once, the largest first, e.g. 1h30m or 2m30s";
        }
        String lower = v.toLowerCase(Locale.ROOT);
        return " has the unknown unit " + unknown + ": write "
                + (DURATION.matcher(lower).matches() ? lower : "the number and a unit") + units;
    }

    /** A date function of a layout: {@code ${date:COMMAND:PATTERN}} or {@code ${date-with-timezone:COMMAND:ZONE:PATTERN}}. */
    private static final Pattern DATE_FUNCTION = Pattern.compile("\\$\\{date(-with-timezone)?:([^}]*)}");

    /**
     * The NAS layout, its date patterns checked for a letter that names no date folder. Camel formats them with
     * java.text.SimpleDateFormat (LanguageHelper.applyDateOffsets): Y is the week-based year, D the day of the
     * year, m the minute; a layout without date functions is taken as it is.
     */
    String layout(String key) {
        String v = optional(key);
        Matcher function = DATE_FUNCTION.matcher(v);
        boolean hour = false;
        while (function.find()) {
            // the pattern follows the command (and the zone); it may hold no ':' of its own
            String[] parts = function.group(2).split(":", function.group(1) == null ? 2 : 3);
            String pattern = parts.length == (function.group(1) == null ? 2 : 3) ? parts[parts.length - 1] : "";
            boolean quoted = false;
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '\'') {
                    quoted = !quoted;
                } else if (!quoted && "HhkK".indexOf(c) >= 0) {
                    hour = true;
                } else if (!quoted && (c == 'Y' || c == 'D' || (c == 'm' && !hour))) {
                    int n = 1;
                    while (i + n < pattern.length() && pattern.charAt(i + n) == c) {
                        n++;
                    }
                    String letters = String.valueOf(c).repeat(n);
                    problems.add(named(key, v) + ": " + switch (c) {
                        case 'Y' -> "write " + "y".repeat(n) + " (calendar year); " + letters + " is the"
                                + " week-based year: the last days of December would go to next year's folder (or the"
                                + " first days of January to last year's)";
                        case 'D' -> "write dd (day of the month); " + letters + " is the day of the year (1 to 366)";
                        default -> "write MM (month); " + letters + " is the minute, and no hour (HH) comes before it";
                    });
                    i += n - 1;
                }
            }
        }
        return v;
    }

    /** {@code off}, one rate or a timetable ({@link BandwidthTimetable}); a bad one names the bad part. */
    BandwidthTimetable bandwidth(String key) {
        String v = required(key);
        if (v == null) {
            return BandwidthTimetable.OFF;
        }
        try {
            return BandwidthTimetable.parse(v);
        } catch (IllegalArgumentException e) {
            problems.add(key + "=" + v + ": " + e.getMessage());
            return BandwidthTimetable.OFF;
        }
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
        return parseChoice(key, v, type);
    }

    /**
     * A choice whose key a configuration written before it existed lacks: absent or empty, {@code absent}
     * (today's behaviour), so an upgrade with the old file keeps working.
     */
    <E extends Enum<E>> E choice(String key, Class<E> type, E absent) {
        String v = optional(key);
        return v.isEmpty() ? absent : parseChoice(key, v, type);
    }

    /** A true/false key a configuration written before it existed lacks: absent or empty, {@code absent}. */
    boolean bool(String key, boolean absent) {
        return optional(key).isEmpty() ? absent : bool(key);
    }

    private <E extends Enum<E>> E parseChoice(String key, String v, Class<E> type) {
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

    /** A comma-separated list, blanks dropped. */
    static List<String> patterns(String value) {
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

    /** A folder inside the share: backslashes as slashes, no leading or trailing slash. */
    static String trimSlashes(String value) {
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
}
