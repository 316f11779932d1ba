package io.logship.health;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code logship status}: the running service's state in a few lines an operator reads at a glance. */
public final class StatusReport {

    private StatusReport() {
    }

    public static String render(String url, String healthJson, String metricsText) throws Exception {
        JsonNode health = new ObjectMapper().readTree(healthJson);
        Map<String, Double> m = NagiosCheck.parseMetrics(metricsText);
        StringBuilder out = new StringBuilder("logship at " + url + ": " + health.path("status").asText() + "\n");
        for (String kind : new String[] {"nas", "backlog", "quarantine", "dispose", "source-disk", "ledger", "integrity"}) {
            for (JsonNode check : health.path("checks")) {
                // one check of each kind per target: nas for the main target, nas-NAME for the others
                String name = check.path("name").asText();
                if (name.equals(kind) || name.startsWith(kind + "-")) {
                    out.append(String.format(Locale.ROOT, "  %-12s %-4s %s\n", name, check.path("status").asText(),
                            check.path("message").asText("").replace("\\/", "/")));
                }
            }
        }
        double last = m.getOrDefault("logship_last_success_timestamp_seconds", 0.0);
        out.append(String.format(Locale.ROOT, "  %-12s %s\n", "last ship", last == 0 ? "none since start"
                : Instant.ofEpochMilli((long) (last * 1000)) + " (" + Math.round(Instant.now().getEpochSecond() - last) + " s ago)"));
        out.append(String.format(Locale.ROOT, "  %-12s %.0f files, %.0f bytes\n", "shipped", m.getOrDefault("logship_files_shipped_total", 0.0),
                m.getOrDefault("logship_bytes_shipped_total", 0.0)));
        return out.toString();
    }
}
