package io.logship.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.logship.metrics.NasProbe;
import io.logship.nas.NasClient;
import io.logship.nas.Sha256;
import io.logship.nas.SmbConfigFactory;
import io.logship.sandbox.SambaSandbox;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file server drops logship's session or tree connect while the server itself is fine: an
 * administrator closes the share ({@code smbcontrol smbd close-share}, what maintenance or a share
 * re-created under the same name does: every later request on the old tree connect gets
 * STATUS_NETWORK_NAME_DELETED), or it drops connections idle for a minute ({@code deadtime = 1}).
 * logship connects afresh and tries again at once: no pause, at most one warning, nothing quarantined.
 */
class NasSessionIT extends ShipITSupport {

    /**
     * How soon the first file written after the event ships (logship.source.stableSeconds is 1; it takes a
     * second or two here): a bound for a machine under load, not the proof. That the event cost no pause is
     * read from the log: no "Shipping paused" line (a pause would also be over within this bound).
     */
    private static final Duration FIRST_FILE_AFTER = Duration.ofSeconds(20);

    @Test
    void closingTheShareDuringABacklogOfSmallFilesCostsAReconnectNotAPause() throws Exception {
        List<Path> locals = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            locals.add(writeLog(String.format("small-%02d.log", i), ShipPathIT.randomBytes(20_000, i)));
        }
        // the files' day, taken while they exist (around midnight it is not today's)
        Path day = nas.dayDirOf(locals.get(0));
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            await().atMost(SHIP_TIMEOUT).until(() -> locals.stream().filter(Files::notExists).count() >= 5);
            int before = log.size();
            closeShare();
            Path after = writeLog("after-close.log", ShipPathIT.randomBytes(20_000, 99), Instant.now());
            await().atMost(FIRST_FILE_AFTER).until(() -> Files.notExists(after));
            locals.forEach(this::awaitGone);
            List<String> event = log.since(before);
            assertReconnectedWithAtMostOneWarning(event);
        }
        for (int i = 0; i < 60; i++) {
            Path remote = day.resolve(String.format("small-%02d.log", i));
            assertArrayEquals(ShipPathIT.randomBytes(20_000, i), Files.readAllBytes(remote));
            nas.sha256sumCheck(remote);
        }
        assertEquals(List.of(), quarantineContents());
        await().atMost(Duration.ofSeconds(10)).until(() -> nas.tempFiles().isEmpty());
    }

    @Test
    void closingTheShareDuringA300MbUploadShipsItWholeAndTheNextFileAtOnce() throws Exception {
        Path big = source.resolve("big.log");
        String bigSha = writeRandom(big, 300L << 20, 7);
        Path day = nas.dayDirOf(big);
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            // the upload is under way: its temporary copy holds some of the file already
            await().atMost(SHIP_TIMEOUT).until(() -> nas.largestPart() > 32L << 20);
            int before = log.size();
            closeShare();
            Path after = writeLog("after-close.log", ShipPathIT.randomBytes(20_000, 98), Instant.now());
            await().atMost(FIRST_FILE_AFTER).until(() -> Files.notExists(after));
            awaitGone(big);
            List<String> event = log.since(before);
            assertReconnectedWithAtMostOneWarning(event);
            Path remote = day.resolve("big.log");
            assertEquals(bigSha, NasShare.sha256(remote));
            nas.sha256sumCheck(remote);
        }
        assertEquals(List.of(), quarantineContents());
        await().atMost(Duration.ofSeconds(10)).until(() -> nas.tempFiles().isEmpty());
    }

    /** The NAS probe's own session is re-established the same way: the probe after the close finds the share. */
    @Test
    void theProbeConnectsAfreshAfterTheShareWasClosed() throws Exception {
        try (NasClient client = new NasClient(SambaSandbox.HOST, samba.port(), SambaFixture.SHARE, samba.user(),
                samba.password(), "", SmbConfigFactory.create(1 << 20, 5, true, true));
                LogCapture log = LogCapture.attach()) {
            NasProbe probe = new NasProbe(new DefaultCamelContext(), client, nas.nasDir(), 0);
            assertTrue(probe.probe().up(), probe.state().message());
            closeShare();
            NasProbe.State after = probe.probe();
            assertTrue(after.up(), after.message());
            assertEquals(1, log.matching("INFO", "STATUS_NETWORK_NAME_DELETED", "reconnecting").size(), log.lines().toString());
        }
    }

    /**
     * A file server that drops connections idle for a minute ({@code deadtime = 1}): after 80 s without
     * a file, and after the server closed logship's idle connections, the next file ships at once: no pause,
     * no warning.
     */
    @Test
    void aFileAfterTheServerDroppedIdleConnectionsShipsAtOnce() throws Exception {
        SambaSandbox idle = SambaFixture.idleDisconnecting();
        props.put("logship.nas.port", Integer.toString(idle.port()));
        props.put("logship.nas.password", idle.password());
        // no probe: only the shipping lane holds a connection, and it goes idle; one lane, so the next file
        // uses the connection the server closed; the default timeout, so the keepalive (an echo every 30 s)
        // seldom notices the close before the file: the lane sees it itself
        props.put("logship.nas.probeSeconds", "0");
        props.put("logship.nas.parallelFiles", "1");
        props.put("logship.nas.timeoutSeconds", "30");
        NasShare share = new NasShare(idle, nas.nasDir());
        Path first = writeLog("before-idle.log", ShipPathIT.randomBytes(50_000, 1));
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            awaitGone(first);
            assertFalse(sessionsOf(idle).isEmpty(), "logship's connection is open after the first file");
            // the server closes the idle connection after its minute; the file comes after 80 s without one
            await().pollDelay(Duration.ofSeconds(80)).atMost(Duration.ofSeconds(150))
                    .until(() -> sessionsOf(idle).isEmpty());
            int before = log.size();
            Path next = writeLog("after-idle.log", ShipPathIT.randomBytes(50_000, 2), Instant.now());
            await().atMost(FIRST_FILE_AFTER).until(() -> Files.notExists(next));
            List<String> event = log.since(before);
            assertNoPause(event);
            assertEquals(List.of(), event.stream().filter(l -> l.startsWith("WARN") || l.startsWith("ERROR")).toList());
        }
        assertArrayEquals(ShipPathIT.randomBytes(50_000, 2), share.read("after-idle.log"));
    }

    /** The event cost one INFO line per connection that met it, no pause and at most one warning (no error). */
    private static void assertReconnectedWithAtMostOneWarning(List<String> event) {
        assertFalse(event.stream().noneMatch(l -> l.startsWith("INFO") && l.contains("STATUS_NETWORK_NAME_DELETED")
                && l.contains("reconnecting")), "the close was met and named: " + event);
        assertNoPause(event);
        List<String> warnings = event.stream().filter(l -> l.startsWith("WARN") || l.startsWith("ERROR")).toList();
        assertTrue(warnings.size() <= 1 && warnings.stream().noneMatch(l -> l.startsWith("ERROR")), warnings.toString());
        assertEquals(List.of(), event.stream().filter(l -> l.contains("Quarantined")).toList());
    }

    /** Shipping went on through the event: no "Shipping paused" line among its lines. */
    static void assertNoPause(List<String> event) {
        assertEquals(List.of(), event.stream().filter(l -> l.contains("Shipping paused")).toList(), "no pause");
    }

    private void closeShare() throws Exception {
        run(samba.smbcontrol("close-share", SambaFixture.SHARE).toArray(String[]::new));
    }

    /** The sessions smbstatus lists for the sandbox's user. */
    private static List<String> sessionsOf(SambaSandbox sandbox) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(sandbox.smbstatus("-b")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "smbstatus failed: " + out);
        return out.lines().filter(l -> l.trim().split("\\s+").length > 1 && l.trim().split("\\s+")[1].equals(sandbox.user()))
                .toList();
    }

    /**
     * Writes {@code size} random bytes (seeded) to a complete log, 1 MiB at a time, and returns their
     * SHA-256: a large file without holding it in memory.
     */
    static String writeRandom(Path file, long size, long seed) throws IOException {
        Path staging = Files.createDirectories(file.getParent().resolve(".staging")).resolve(file.getFileName());
        MessageDigest md = Sha256.newDigest();
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(staging)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                md.update(chunk, 0, n);
            }
        }
        Files.setLastModifiedTime(staging, FileTime.from(Instant.now().minusSeconds(120)));
        Files.move(staging, file);
        return HexFormat.of().formatHex(md.digest());
    }

}
