package io.logship.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shipping through sessions the server signs (server signing = mandatory, on every fixture share)
 * and encrypts (smb encrypt = required on the "enc" share), with either AES implementation.
 */
class TransportIT extends ShipITSupport {

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "bouncycastle"})
    void shipsToAShareThatRequiresEncryption(String crypto) throws Exception {
        props.put("logship.nas.share", SambaFixture.ENCRYPTED_SHARE);
        props.put("logship.nas.cryptoProvider", crypto);
        byte[] content = ShipPathIT.randomBytes(9 << 20, crypto.length());
        Path local = writeLog("trans-sealed.log", content);
        startApp();
        awaitGone(local);

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
}
