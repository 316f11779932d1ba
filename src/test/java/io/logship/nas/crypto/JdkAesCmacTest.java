package io.logship.nas.crypto;

import java.util.HexFormat;
import java.util.Random;

import javax.crypto.spec.GCMParameterSpec;

import com.hierynomus.security.AEADBlockCipher;
import com.hierynomus.security.Cipher;
import com.hierynomus.security.Mac;
import com.hierynomus.security.bc.BCSecurityProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class JdkAesCmacTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] RFC_KEY = HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c");
    private static final String RFC_MESSAGE = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

    /** The four examples of RFC 4493, section 4. */
    @ParameterizedTest
    @CsvSource({
        "0, bb1d6929e95937287fa37d129b756746",
        "16, 070a16b46b4d4144f79bdd9dd04a287c",
        "40, dfa66747de9ae63030ca32611497c827",
        "64, 51f0bebf7e3b9d92fc49741779363cfe"})
    void matchesRfc4493(int length, String tag) throws Exception {
        JdkAesCmac mac = new JdkAesCmac();
        mac.init(RFC_KEY);
        mac.update(HEX.parseHex(RFC_MESSAGE.substring(0, 2 * length)));
        assertEquals(tag, HEX.formatHex(mac.doFinal()));
        // the same Mac, reused, in single bytes
        for (byte b : HEX.parseHex(RFC_MESSAGE.substring(0, 2 * length))) {
            mac.update(b);
        }
        assertEquals(tag, HEX.formatHex(mac.doFinal()));
    }

    @Test
    void equalsBouncyCastleOnRandomMessagesFedInRandomPieces() throws Exception {
        Random random = new Random(4493);
        for (int round = 0; round < 300; round++) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            byte[] message = new byte[random.nextInt(round < 200 ? 200 : 300_000)];
            random.nextBytes(message);
            Mac bc = new BCSecurityProvider().getMac("AesCmac");
            Mac jdk = new JdkSecurityProvider().getMac("AesCmac");
            bc.init(key);
            jdk.init(key);
            bc.update(message, 0, message.length);
            int offset = 0;
            while (offset < message.length) {
                int n = Math.min(message.length - offset, random.nextInt(70_000) + (random.nextBoolean() ? 0 : 1));
                jdk.update(message, offset, n);
                offset += n;
            }
            assertArrayEquals(bc.doFinal(), jdk.doFinal(), "round " + round + ", " + message.length + " bytes");
        }
    }

    @Test
    void gcmSealsLikeBouncyCastle() throws Exception {
        Random random = new Random(5084);
        for (int round = 0; round < 50; round++) {
            byte[] key = new byte[16];
            byte[] nonce = new byte[12];
            byte[] aad = new byte[32];
            byte[] message = new byte[random.nextInt(100_000)];
            random.nextBytes(key);
            random.nextBytes(nonce);
            random.nextBytes(aad);
            random.nextBytes(message);
            GCMParameterSpec spec = new GCMParameterSpec(128, nonce);
            byte[] jdkSealed = seal(new JdkSecurityProvider().getAEADBlockCipher("AES/GCM/NoPadding"), key, spec, aad, message);
            byte[] bcSealed = seal(new BCSecurityProvider().getAEADBlockCipher("AES/GCM/NoPadding"), key, spec, aad, message);
            assertArrayEquals(bcSealed, jdkSealed);
            AEADBlockCipher open = new JdkSecurityProvider().getAEADBlockCipher("AES/GCM/NoPadding");
            open.init(Cipher.CryptMode.DECRYPT, key, spec);
            open.updateAAD(aad, 0, aad.length);
            assertArrayEquals(message, open.doFinal(bcSealed, 0, bcSealed.length));
        }
    }

    private static byte[] seal(AEADBlockCipher c, byte[] key, GCMParameterSpec spec, byte[] aad, byte[] message)
            throws Exception {
        c.init(Cipher.CryptMode.ENCRYPT, key, spec);
        c.updateAAD(aad, 0, aad.length);
        return c.doFinal(message, 0, message.length);
    }
}
