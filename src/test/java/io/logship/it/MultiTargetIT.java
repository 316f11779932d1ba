package io.logship.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.logship.audit.AuditLedger;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two targets in one logship: two source folders going to two shares, each with its own route, metrics and health. */
class MultiTargetIT extends ShipITSupport {

    @TempDir
    Path webSource;

    @TempDir
    Path webQuarantine;

    @Test
    void twoSourcesGoToTwoSharesWithTheirOwnMetricsAndHealth() throws Exception {
        NasShare webNas = new NasShare(samba, SambaFixture.ENCRYPTED_SHARE, nas.nasDir());
        props.put("logship.targets", "main,web");
        addTargetRoute("web");
        props.put("logship.target.web.source.dir", webSource.toString());
        props.put("logship.target.web.deadletter.dir", webQuarantine.toString());
        props.put("logship.target.web.nas.share", SambaFixture.ENCRYPTED_SHARE);
        // a key given only for web: main keeps the default sha256
        props.put("logship.target.web.verify", "size");
        Path erp1 = writeLog("erp-1.log", "posting 1\n".getBytes(StandardCharsets.UTF_8));
        Path erp2 = writeLog("erp-2.log", "posting 2\n".getBytes(StandardCharsets.UTF_8));
        Path web = Files.writeString(webSource.resolve("access.log"), "GET /\n");
        Files.setLastModifiedTime(web, FileTime.from(Instant.now().minusSeconds(120)));

        List<String> warnings;
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            awaitGone(erp1);
            awaitGone(erp2);
            awaitGone(web);
            // but the one of an installation not sealed yet, which these tests are
            warnings = log.matching("WARN").stream().filter(l -> !l.contains("Integrity: unsealed")).toList();
        }
        // two targets start without a warning (a gauge once registered per target warned at every start)
        assertEquals(List.of(), warnings);

        assertEquals(List.of("erp-1.log", "erp-1.log.sha256", "erp-2.log", "erp-2.log.sha256"), names(nas));
        assertEquals(List.of("access.log", "access.log.sha256"), names(webNas), "web's file went to web's share only");
        assertNotNull(app.context().getRoute("ship-logs"));
        assertNotNull(app.context().getRoute("ship-logs-web"));
        // each file's ledger line names how its copy was verified
        AuditLedger ledger = new AuditLedger(work.resolve("ledger"), 400);
        for (String erp : List.of("erp-1.log", "erp-2.log")) {
            assertEquals(List.of("sha256"), ledger.find(erp).stream().map(AuditLedger.Entry::verify).toList(), erp);
        }
        assertEquals(List.of("size"), ledger.find("access.log").stream().map(AuditLedger.Entry::verify).toList());

        String scrape = app.context().getRegistry().findSingleByType(PrometheusMeterRegistry.class).scrape();
        assertTrue(scrape.contains("logship_files_shipped_total{target=\"main\"} 2.0"), scrape);
        assertTrue(scrape.contains("logship_files_shipped_total{target=\"web\"} 1.0"), scrape);
        assertTrue(scrape.contains("logship_nas_up{target=\"web\"}"), scrape);

        await().atMost(SHIP_TIMEOUT).untilAsserted(() -> {
            Map<String, HealthCheck.State> health = HealthCheckHelper.invoke(app.context()).stream()
                    .collect(Collectors.toMap(r -> r.getCheck().getId(), HealthCheck.Result::getState));
            for (String id : List.of("nas", "nas-web", "backlog", "backlog-web", "quarantine", "quarantine-web",
                    "source-disk", "source-disk-web")) {
                assertEquals(HealthCheck.State.UP, health.get(id), id + " in " + health);
            }
        });
    }

    @Test
    void aFolderTwoTargetsShareStopsStartUpWithOneLineNamingIt() throws Exception {
        props.put("logship.targets", "main,web");
        addTargetRoute("web");
        props.put("logship.target.web.nas.share", SambaFixture.ENCRYPTED_SHARE);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, this::startApp);
        String message = io.logship.config.OneLine.describe(e);
        assertTrue(message.contains("targets main and web both use logship.source.dir=" + source
                + ": give each target its own folder (logship.target.web.source.dir)"), message);
    }

    private static List<String> names(NasShare share) throws Exception {
        return share.allFiles().stream().map(f -> Path.of(f).getFileName().toString()).sorted().toList();
    }
}
