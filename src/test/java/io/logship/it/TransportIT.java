package io.logship.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.logship.sandbox.SambaSandbox;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shipping through sessions the server signs (server signing = mandatory, on every fixture share)
 * and encrypts (smb encrypt = required on the "enc" share), with either AES implementation; a JFR
 * recording of the ship shows whose AES sealed it.
 */
class TransportIT extends ShipITSupport {

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "bouncycastle"})
    void shipsToAShareThatRequiresEncryption(String crypto) throws Exception {
        props.put("logship.nas.share", SambaFixture.ENCRYPTED_SHARE);
        props.put("logship.nas.cryptoProvider", crypto);
        byte[] content = ShipPathIT.randomBytes(9 << 20, crypto.length());
        Path local = writeLog("trans-sealed.log", content);
        Path recorded = work.resolve("transport-" + crypto + ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            startApp();
            awaitGone(local);
            recording.stop();
            recording.dump(recorded);
        }
        // BouncyCastle's AES and GCM run in Java and show in the samples of a 9 MiB ship; the JDK's never use them
        long bouncyCastleAes = RecordingFile.readAllEvents(recorded).stream()
                .filter(e -> e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                        .map(f -> f.getMethod().getType().getName())
                        .anyMatch(type -> type.startsWith("org.bouncycastle.crypto.engines.AES")
                                || type.startsWith("org.bouncycastle.crypto.modes.GCM")
                                || type.startsWith("org.bouncycastle.crypto.modes.gcm.")))
                .count();
        System.out.println("transport (" + crypto + "): " + bouncyCastleAes + " samples in BouncyCastle's AES-GCM");
        if (crypto.equals("bouncycastle")) {
            assertTrue(bouncyCastleAes > 0, "BouncyCastle sealed nothing");
        } else {
            assertEquals(0, bouncyCastleAes, "samples in BouncyCastle's AES-GCM with the JDK's crypto");
        }

        Path share = samba.sharePath(SambaFixture.ENCRYPTED_SHARE).resolve(nas.nasDir());
        Path remote;
        try (var s = Files.walk(share)) {
            remote = s.filter(p -> p.getFileName().toString().equals("trans-sealed.log")).findFirst().orElseThrow();
        }
        assertEquals(NasShare.sha256(content), NasShare.sha256(remote));
        nas.sha256sumCheck(remote);

        // smbstatus shows how the server sees logship's live sessions
        Process p = new ProcessBuilder("smbstatus", "-b", "-s", samba.workDir().resolve("smb.conf").toString())
                .redirectErrorStream(true).start();
        String status = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(status.contains("SMB3_11"), status);
        assertTrue(status.contains("AES-128-GCM"), "sealed with AES-GCM: " + status);
        System.out.println("transport (" + crypto + "): " + status.lines().filter(l -> l.contains("SMB3")).findFirst().orElse(""));
    }

    @Test
    void aNasLimitedToSmb202IsRefusedWhileEncryptionIsRequiredAndFilesStay() throws Exception {
        try (SambaSandbox old = SambaSandbox.builder(work.resolve("smb2-only")).user("logship", "smb2-only-pw")
                .global("server max protocol", "SMB2_02").share("logs").start();
                LogCapture log = LogCapture.attach()) {
            props.put("logship.nas.port", Integer.toString(old.port()));
            props.put("logship.nas.password", "smb2-only-pw");
            Path local = writeLog("trans-plain.log", "x\n".getBytes(StandardCharsets.UTF_8));
            startApp();
            await().atMost(SHIP_TIMEOUT).until(() -> !log.matching("Shipping paused (share_unavailable)").isEmpty());
            String line = log.matching("Shipping paused (share_unavailable)").get(0);
            assertTrue(line.contains("NAS //127.0.0.1:" + old.port() + "/logs cannot encrypt (negotiated SMB_2_0_2) while"
                    + " trying to connect with logship.nas.encrypt=true, which needs SMB 3"), line);
            assertTrue(Files.exists(local));
            try (var files = Files.walk(old.sharePath("logs"))) {
                assertEquals(0, files.filter(Files::isRegularFile).count(), "nothing was written unencrypted");
            }
        }
    }
}
