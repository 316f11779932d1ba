package io.logship;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import io.logship.config.SettingsException;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The real routes/ and config/application.properties with one mistake each, loaded by Camel Main as validate loads
 * them (nothing started): each mistake Camel accepts silently stops the start with one line naming it, before the
 * Camel context starts (so Camel logs no stack trace first).
 */
class TargetRoutesTest {

    @TempDir
    Path dir;

    @Test
    void theShippedRoutesPass() throws Exception {
        install(Map.of());
        Main main = main(Map.of());
        try {
            main.start();
        } finally {
            main.stop();
        }
    }

    @Test
    void aMisspeltRouteConfigurationIdIsRefused() throws Exception {
        install(Map.of("ship-logs.camel.yaml", y -> y.replace("routeConfigurationId: ship-attempts", "routeConfigurationId: ship-attempt")));
        assertProblems(List.of("routes/ship-logs.camel.yaml: route ship-logs (target main) has routeConfigurationId ship-attempt,"
                + " which no route configuration has (did you mean ship-attempts?): without ship-attempts"
                + " (routes/ship-attempts.camel.yaml) it ships with no retries, no quarantine and no recheck before the local"
                + " file is deleted; set routeConfigurationId: ship-attempts"), Map.of());
    }

    @Test
    void aRouteWithoutRouteConfigurationIdIsRefused() throws Exception {
        install(Map.of("ship-logs.camel.yaml", y -> y.replace("      routeConfigurationId: ship-attempts\n", "")));
        assertProblem("route ship-logs (target main) has no routeConfigurationId: without ship-attempts", Map.of());
    }

    @Test
    void aMissingShipAttemptsIsRefused() throws Exception {
        install(Map.of("ship-attempts.camel.yaml", y -> null));
        assertProblems(List.of("routes/ship-attempts.camel.yaml: no route configuration ship-attempts: without it every target's"
                + " route ships without retries, quarantine or the recheck before the local file is deleted; restore the file"
                + " as logship ships it"), Map.of());
    }

    @Test
    void aRenamedShipAttemptsIsRefused() throws Exception {
        install(Map.of("ship-attempts.camel.yaml", y -> y.replace("    id: ship-attempts", "    id: ship-attempt")));
        assertProblem("no route configuration ship-attempts (the one with the id ship-attempt must have the id ship-attempts)",
                Map.of());
    }

    @Test
    void aMissingQuarantineRouteIsRefused() throws Exception {
        install(Map.of("quarantine.camel.yaml", y -> null));
        assertProblems(List.of("route configuration ship-attempts and route ship-logs send to direct:quarantine, which no route"
                + " consumes: add the route with from: direct:quarantine (routes/quarantine.camel.yaml as logship ships it) or"
                + " correct the endpoint"), Map.of());
    }

    @Test
    void aMisspeltDirectEndpointIsRefused() throws Exception {
        install(Map.of("ship-attempts.camel.yaml", y -> y.replace("uri: direct:quarantine", "uri: direct:quarantin")));
        assertProblem("send to direct:quarantin, which no route consumes (did you mean direct:quarantine?)", Map.of());
    }

    @Test
    void aRouteIdTwiceIsRefused() throws Exception {
        install(Map.of("targets.camel.yaml", y -> y + y.substring(y.indexOf("- templatedRoute:"))));
        assertProblems(List.of("routes/ declares route id ship-logs twice (a templatedRoute of target main and a templatedRoute"
                + " of target main); Camel would keep only the last: give each its own routeId (ship-logs-<target>)"), Map.of());
    }

    @Test
    void aTargetTwiceIsRefused() throws Exception {
        install(Map.of("targets.camel.yaml", y -> y + y.substring(y.indexOf("- templatedRoute:"))
                .replace("routeId: ship-logs", "routeId: ship-logs-again")));
        assertProblems(List.of("routes/ declares target main in 2 templatedRoutes (ship-logs and ship-logs-again), which would"
                + " take the same files: keep one per target (routes/targets.camel.yaml)"), Map.of());
    }

    @Test
    void aTargetWithoutRouteIsRefusedBeforeTheContextStarts() throws Exception {
        install(Map.of());
        Files.createDirectories(dir.resolve("web/source"));
        Files.createDirectories(dir.resolve("web/quarantine"));
        assertProblems(List.of("logship.targets=main,web: no route ships target web (add a templatedRoute of ship-logs with"
                + " parameter target to routes/targets.camel.yaml)"), Map.of("logship.targets", "main,web",
                "logship.target.web.source.dir", dir.resolve("web/source").toString(),
                "logship.target.web.deadletter.dir", dir.resolve("web/quarantine").toString()));
    }

    @Test
    void aLayoutCamelCannotParseIsRefusedBeforeTheContextStarts() throws Exception {
        install(Map.of());
        assertProblems(List.of("logship.nas.layout=${hostnme} is not a layout Camel can evaluate: Unknown function: hostnme at"
                + " location 0 (logship.nas.layout in docs/configuration.md)"), Map.of("logship.nas.layout", "${hostnme}"));
    }

    private void assertProblem(String fragment, Map<String, String> properties) throws Exception {
        List<String> problems = problems(properties);
        assertEquals(1, problems.size(), problems.toString());
        assertFalse(!problems.get(0).contains(fragment), problems.get(0));
    }

    private void assertProblems(List<String> expected, Map<String, String> properties) throws Exception {
        assertEquals(expected, problems(properties));
    }

    /** What the start refuses with; the Camel context never started. */
    private List<String> problems(Map<String, String> properties) throws Exception {
        Main main = main(properties);
        try {
            SettingsException e = assertThrows(SettingsException.class, main::start);
            assertFalse(main.getCamelContext() != null && main.getCamelContext().getStatus() == ServiceStatus.Started);
            assertFalse(main.getCamelContext() != null && main.getCamelContext().getStatus() == ServiceStatus.Starting);
            return e.problems();
        } finally {
            main.stop();
        }
    }

    /** Camel Main as validate makes it, on the copy of routes/ in dir. */
    private Main main(Map<String, String> properties) throws IOException {
        for (String sub : List.of("source", "quarantine", "ledger")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Main main = LogshipMain.create();
        main.addOverrideProperty("camel.main.routesIncludePattern", "file:" + dir.resolve("routes") + "/*.camel.yaml");
        main.addOverrideProperty("camel.main.autoStartup", "false");
        main.addOverrideProperty("camel.management.enabled", "false");
        main.addOverrideProperty("logship.nas.host", "127.0.0.1");
        main.addOverrideProperty("logship.nas.probeSeconds", "0");
        main.addOverrideProperty("logship.source.dir", dir.resolve("source").toString());
        main.addOverrideProperty("logship.deadletter.dir", dir.resolve("quarantine").toString());
        main.addOverrideProperty("logship.ledger.dir", dir.resolve("ledger").toString());
        main.addOverrideProperty("logship.integrity.manifest", dir.resolve("ledger/logship.seal").toString());
        properties.forEach(main::addOverrideProperty);
        return main;
    }

    /** Copies routes/ into dir, each named file edited (null: deleted). */
    private void install(Map<String, java.util.function.UnaryOperator<String>> edits) throws IOException {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Path copy = routes.resolve(f.getFileName());
                Files.copy(f, copy, StandardCopyOption.REPLACE_EXISTING);
                var edit = edits.get(f.getFileName().toString());
                if (edit != null) {
                    String yaml = Files.readString(copy);
                    String edited = edit.apply(yaml);
                    if (edited == null) {
                        Files.delete(copy);
                    } else {
                        assertFalse(edited.equals(yaml), "the edit of " + f.getFileName() + " applies");
                        Files.writeString(copy, edited);
                    }
                }
            }
        }
    }
}
