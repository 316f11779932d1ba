package io.logship.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NAS-side failures against the real Samba: files stay queued, the cause is logged in one line,
 * nothing is quarantined, and the backlog drains by itself once the NAS is back.
 */
class NasFailureIT extends ShipITSupport {

    @Test
    void smbdStoppedInTheMiddleOfABacklogEverythingArrivesWhenItIsBack() throws Exception {
        List<Path> locals = new ArrayList<>();
        // the day folder of each file's last-modified date, which may be yesterday's just after midnight
        List<Path> days = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            locals.add(writeLog(String.format("backlog-%02d.log", i), ShipPathIT.randomBytes(200_000, i)));
            days.add(nas.dayDirOf(locals.get(i)));
        }
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            ServiceSupport consumer = (ServiceSupport) app.context().getRoute("ship-logs").getConsumer();
            await().atMost(SHIP_TIMEOUT).until(() -> locals.stream().filter(Files::notExists).count() >= 5);
            samba.stop();
            try {
                for (int i = 20; i < 30; i++) {
                    locals.add(writeLog(String.format("backlog-%02d.log", i), ShipPathIT.randomBytes(200_000, i)));
                    days.add(nas.dayDirOf(locals.get(i)));
                }
                await().atMost(SHIP_TIMEOUT).until(() -> !log.matching("Shipping paused (nas_unreachable)").isEmpty());
                // the route policy pause has suspended the file consumer
                await().atMost(SHIP_TIMEOUT).until(consumer::isSuspended);
                // while smbd is down, nothing more leaves the source folder and nothing is quarantined
                long waiting = locals.stream().filter(Files::exists).count();
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .until(() -> locals.stream().filter(Files::exists).count() == waiting);
                assertTrue(waiting >= 10, "files waiting while smbd is down: " + waiting);
            } finally {
                samba.start();
            }
            locals.forEach(this::awaitGone);
            assertFalse(consumer.isSuspended(), "the NAS probe found the share again and the consumer resumed");
            assertEquals(List.of(), log.matching("Quarantined"));
            assertFalse(log.matching("reachable again").isEmpty(), log.lines().toString());
        }
        for (int i = 0; i < 30; i++) {
            Path remote = days.get(i).resolve(String.format("backlog-%02d.log", i));
            assertArrayEquals(ShipPathIT.randomBytes(200_000, i), Files.readAllBytes(remote));
            nas.sha256sumCheck(remote);
        }
        assertEquals(List.of(), quarantineContents());
        await().atMost(Duration.ofSeconds(10)).until(() -> nas.tempFiles().isEmpty());
    }

    @Test
    void aConnectionCutInTheMiddleOfALargeWriteIsRetriedToAWholeCopy() throws Exception {
        byte[] content = ShipPathIT.randomBytes(48 << 20, 5);
        try (CuttingProxy proxy = new CuttingProxy(samba.port(), 16 << 20); LogCapture log = LogCapture.attach()) {
            props.put("logship.nas.port", Integer.toString(proxy.port()));
            Path local = writeLog("big-cut.log", content);
            Path day = nas.dayDirOf(local);
            startApp();
            awaitGone(local);
            assertTrue(proxy.hasCut(), "the proxy cut the connection mid-write");
            assertFalse(log.matching("Shipping paused (nas_unreachable)").isEmpty(), log.lines().toString());
            Path remote = day.resolve("big-cut.log");
            assertEquals(NasShare.sha256(content), NasShare.sha256(remote));
            nas.sha256sumCheck(remote);
        }
        assertEquals(List.of(), quarantineContents());
        await().atMost(Duration.ofSeconds(10)).until(() -> nas.tempFiles().isEmpty());
    }

    @Test
    void aWrongPasswordKeepsFilesQueuedAndSaysSoInOneLine() throws Exception {
        props.put("logship.nas.password", "not-the-password");
        Path local = writeLog("trans-auth.log", "x\n".getBytes(StandardCharsets.UTF_8));
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            String line = pausedLine(log, "auth_failed");
            assertTrue(line.contains("refused the login: wrong user name or password (STATUS_LOGON_FAILURE)"), line);
            assertFalse(line.contains("not-the-password"), line);
            assertTrue(Files.exists(local));
            assertEquals(List.of(), quarantineContents());
        }
    }

    @Test
    void aReadOnlyShareIsAccessDeniedAndFilesStay() throws Exception {
        props.put("logship.nas.share", SambaFixture.READ_ONLY_SHARE);
        Path local = writeLog("trans-ro.log", "x\n".getBytes(StandardCharsets.UTF_8));
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            assertTrue(pausedLine(log, "access_denied").contains("denied access (STATUS_ACCESS_DENIED)"));
            assertTrue(Files.exists(local));
            assertEquals(List.of(), quarantineContents());
        }
    }

    @Test
    void aFullShareKeepsFilesQueuedUntilThereIsRoom() throws Exception {
        // a real full file system: a 2 MiB tmpfs mounted over the share's folder
        Path small = samba.sharePath(SambaFixture.SMALL_SHARE);
        run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", small.toString());
        try (LogCapture log = LogCapture.attach()) {
            props.put("logship.nas.share", SambaFixture.SMALL_SHARE);
            byte[] content = ShipPathIT.randomBytes(3 << 20, 9);
            Path local = writeLog("trans-full.log", content);
            startApp();
            assertTrue(pausedLine(log, "share_full").contains("is full (STATUS_DISK_FULL)"));
            assertTrue(Files.exists(local));
            assertEquals(List.of(), quarantineContents());

            run("mount", "-o", "remount,size=16m", small.toString());
            awaitGone(local);
            try (var s = Files.walk(small)) {
                List<Path> shipped = s.filter(p -> p.getFileName().toString().equals("trans-full.log")).toList();
                assertEquals(1, shipped.size(), shipped.toString());
                assertArrayEquals(content, Files.readAllBytes(shipped.get(0)));
            }
        } finally {
            app.close();
            app = null;
            // the smbd processes that served logship's connections work in the share's folder and end a
            // moment after the connections close: the mount is busy until then
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> new ProcessBuilder("umount", small.toString()).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0);
        }
    }
}
