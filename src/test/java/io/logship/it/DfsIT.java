package io.logship.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.logship.metrics.NasProbe;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * logship.nas.dfs: shipping through a DFS namespace root of the real Samba (msdfs root), whose link
 * refers to another share of the same server. CollisionIT's cases run through it too (DfsCollisionIT),
 * and CrashSafetyIT's kill at the rename.
 */
class DfsIT extends ShipITSupport {

    @Test
    void filesLandOnTheShareTheLinkPointsToWholeWithTheirSidecars() throws Exception {
        throughDfs();
        List<Path> locals = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // small ones and one of several write requests
            locals.add(writeLog("dfs-" + i + ".log", ShipPathIT.randomBytes(i == 5 ? 5 << 20 : 10_000 + i, i)));
        }
        // the files' day, taken while they exist (around midnight it is not today's)
        Path day = nas.dayDirOf(locals.get(0));
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            locals.forEach(this::awaitGone);
            assertEquals(List.of(), log.matching("Shipping paused"));
            // the NAS probe writes and deletes its file through the link too
            NasProbe probe = app.context().getRegistry().findSingleByType(NasProbe.class);
            NasProbe.State state = probe.probe();
            assertTrue(state.up(), state.message());
        }
        for (int i = 0; i < 6; i++) {
            Path remote = day.resolve("dfs-" + i + ".log");
            assertArrayEquals(ShipPathIT.randomBytes(i == 5 ? 5 << 20 : 10_000 + i, i), Files.readAllBytes(remote));
            nas.sha256sumCheck(remote);
        }
        assertEquals(12, nas.allFiles().size(), nas.allFiles().toString());
        assertEquals(List.of(), nas.tempFiles());
        assertEquals(List.of(), quarantineContents());
    }

    @Test
    void aLinkToAServerThatDoesNotAnswerPausesShippingAndNamesThatServer() throws Exception {
        throughDfs(SambaFixture.DFS_GONE_LINK);
        Path local = writeLog("dfs-gone.log", "x\n".getBytes(StandardCharsets.UTF_8));
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            ServiceSupport consumer = (ServiceSupport) app.context().getRoute("ship-logs").getConsumer();
            String line = pausedLine(log, "nas_unreachable");
            assertTrue(line.contains("NAS //127.0.0.1:" + samba.port() + "/" + SambaFixture.DFS_SHARE + " unreachable (DFS target \\\\"
                    + SambaFixture.DFS_GONE_TARGET + ": Connection refused) while trying to "), line);
            await().atMost(SHIP_TIMEOUT).until(consumer::isSuspended);
            assertTrue(Files.exists(local));
            assertEquals(List.of(), quarantineContents());
        }
    }

    @Test
    void aNamespacePathWithoutDfsSaysToTurnItOn() throws Exception {
        throughDfs();
        props.put("logship.nas.dfs", "false");
        Path local = writeLog("dfs-off.log", "x\n".getBytes(StandardCharsets.UTF_8));
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            String line = pausedLine(log, "share_unavailable");
            assertTrue(line.contains("NAS //127.0.0.1:" + samba.port() + "/" + SambaFixture.DFS_SHARE
                    + " serves this path through DFS: set logship.nas.dfs=true (STATUS_PATH_NOT_COVERED) while trying to "), line);
            // the files wait for the operator, never quarantined
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> Files.exists(local));
            assertEquals(List.of(), quarantineContents());
        }
    }
}
