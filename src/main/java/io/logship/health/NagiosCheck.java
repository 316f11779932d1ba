package io.logship.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns logship's own /observe/health and /observe/metrics into one Nagios plugin line with
 * perfdata and the plugin API's exit code (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
 */
public final class NagiosCheck {

    /** Thresholds: files waiting, age of the oldest (seconds), free disk (percent, lower is worse). */
    public record Thresholds(long warnFiles, long critFiles, long warnAgeSeconds, long critAgeSeconds,
            double warnDiskPercent, double critDiskPercent) {
    }

    /** The plugin's answer. */
    public record Result(int exitCode, String line) {
    }

    private static final String[] STATES = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

    /**
     * The longest line in bytes: NRPE 2 and NSClient++ pass a plugin's first 1024 bytes (with the
     * terminating NUL), so a longer line would lose its perfdata or be cut mid-character.
     */
    static final int MAX_LINE_BYTES = 1023;

    /**
     * How an UP check's message begins when it carries a warning (Camel's health checks have no such
     * state, and its health JSON shows the message but not the details): the rest is the cause.
     */
    public static final String WARNING_PREFIX = "warning: ";

    private NagiosCheck() {
    }

    public static Result unknown(String why) {
        return new Result(3, fit("LOGSHIP UNKNOWN - " + why, ""));
    }

    public static Result evaluate(String healthJson, String metricsText, Thresholds t) {
        JsonNode health;
        try {
            health = new ObjectMapper().readTree(healthJson);
        } catch (Exception e) {
            return unknown("the health answer is not JSON: " + e.getMessage());
        }
        Map<String, Double> m = parseMetrics(metricsText);
        if (!m.containsKey("logship_backlog_files")) {
            return unknown("the metrics answer has no logship_backlog_files: is this logship?");
        }
        int state = 0;
        List<String> causes = new ArrayList<>();
        for (JsonNode check : health.path("checks")) {
            if ("DOWN".equals(check.path("status").asText())) {
                String name = check.path("name").asText();
                // Camel's health JSON escapes '/' as "\/" once more than JSON needs
                String message = check.path("message").asText(name + " is DOWN").replace("\\/", "/");
                // a non-empty quarantine needs an operator, but nothing is lost: a warning
                state = Math.max(state, name.startsWith("quarantine") ? 1 : 2);
                causes.add(message);
            } else if (check.path("message").asText().startsWith(WARNING_PREFIX)) {
                // UP, but something an operator should see (a fresh installation not sealed yet)
                state = Math.max(state, 1);
                causes.add(check.path("message").asText().substring(WARNING_PREFIX.length()).replace("\\/", "/"));
            }
        }
        long files = Math.round(m.getOrDefault("logship_backlog_files", 0.0));
        long age = Math.round(m.getOrDefault("logship_backlog_oldest_age_seconds", 0.0));
        double free = 100.0 * m.getOrDefault("logship_source_disk_free_ratio", 1.0);
        state = Math.max(state, level(files, t.warnFiles(), t.critFiles()));
        state = Math.max(state, level(age, t.warnAgeSeconds(), t.critAgeSeconds()));
        int diskLevel = free <= t.critDiskPercent() ? 2 : free <= t.warnDiskPercent() ? 1 : 0;
        if (diskLevel > 0 && causes.stream().noneMatch(c -> c.startsWith("source disk"))) {
            causes.add(String.format(Locale.ROOT, "source disk %.0f%% free", free));
        }
        state = Math.max(state, diskLevel);
        causes.add(files + " files waiting" + (files > 0 ? ", oldest " + duration(age) : ""));
        String perf = String.format(Locale.ROOT,
                "backlog_files=%d;%d;%d;0 oldest_age=%ds;%d;%d;0 disk_free=%.0f%%;%.0f;%.0f;0;100 quarantined=%d;;1;0",
                files, t.warnFiles(), t.critFiles(), age, t.warnAgeSeconds(), t.critAgeSeconds(), free,
                t.warnDiskPercent(), t.critDiskPercent(), Math.round(m.getOrDefault("logship_quarantined_files", 0.0)));
        return new Result(state, fit("LOGSHIP " + STATES[state] + " - " + String.join("; ", causes), " | " + perf));
    }

    /**
     * The text and the perfdata in at most {@link #MAX_LINE_BYTES} UTF-8 bytes: the perfdata (what
     * graphs read) whole, the text cut at a character boundary with "…" when it does not fit.
     */
    static String fit(String text, String perf) {
        int room = MAX_LINE_BYTES - utf8(perf);
        if (utf8(text) <= room) {
            return text + perf;
        }
        String ellipsis = "\u2026";
        int budget = room - utf8(ellipsis);
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = utf8(new String(Character.toChars(cp)));
            if (used + n > budget) {
                break;
            }
            out.appendCodePoint(cp);
            used += n;
            i += Character.charCount(cp);
        }
        return out + ellipsis + perf;
    }

    private static int utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static int level(long value, long warn, long crit) {
        return value >= crit ? 2 : value >= warn ? 1 : 0;
    }

    static String duration(long seconds) {
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 7200) {
            return (seconds / 60) + "m";
        }
        return (seconds / 3600) + "h" + ((seconds % 3600) / 60) + "m";
    }

    /**
     * The samples of the Prometheus text format by metric name, over all label sets (one per target):
     * ages and timestamps by their largest value, everything else summed; the source disk's free
     * share as {@code logship_source_disk_free_ratio}, the lowest of any target's volume.
     */
    public static Map<String, Double> parseMetrics(String text) {
        Map<String, Double> out = new HashMap<>();
        Map<String, Double> free = new HashMap<>();
        Map<String, Double> size = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            // name{labels} value [timestamp], or name value [timestamp]
            String trimmed = line.trim();
            int brace = trimmed.indexOf('{');
            int end = brace < 0 ? trimmed.indexOf(' ') : trimmed.indexOf('}', brace) + 1;
            if (end <= 0) {
                continue;
            }
            String name = trimmed.substring(0, brace < 0 ? end : brace);
            String labels = brace < 0 ? "" : trimmed.substring(brace, end);
            double value;
            try {
                value = Double.parseDouble(trimmed.substring(end).trim().split("\\s+")[0]);
            } catch (NumberFormatException e) {
                continue; // not a sample logship reads
            }
            boolean largest = name.endsWith("_age_seconds") || name.endsWith("_timestamp_seconds");
            out.merge(name, value, largest ? Math::max : Double::sum);
            if (name.equals("logship_source_disk_free_bytes")) {
                free.put(labels, value);
            } else if (name.equals("logship_source_disk_size_bytes")) {
                size.put(labels, value);
            }
        }
        size.forEach((labels, total) -> {
            if (total > 0 && free.containsKey(labels)) {
                out.merge("logship_source_disk_free_ratio", free.get(labels) / total, Math::min);
            }
        });
        return out;
    }
}
