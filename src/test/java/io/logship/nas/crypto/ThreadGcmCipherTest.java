package io.logship.nas.crypto;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.AEADBadTagException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.hierynomus.security.AEADBlockCipher;
import com.hierynomus.security.Cipher.CryptMode;
import com.hierynomus.security.SecurityException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThreadGcmCipherTest {

    private final JdkSecurityProvider provider = new JdkSecurityProvider();

    /** What smbj's sealing does with the cipher it gets for one message. */
    private byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] message) throws SecurityException {
        AEADBlockCipher seal = provider.getAEADBlockCipher("AES/GCM/NoPadding");
        seal.init(CryptMode.ENCRYPT, key, new GCMParameterSpec(128, nonce));
        seal.updateAAD(aad, 0, aad.length);
        return seal.doFinal(message, 0, message.length);
    }

    /** What smbj's opening does: the cipher text with update, the tag with doFinal. */
    private byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) throws SecurityException {
        AEADBlockCipher open = provider.getAEADBlockCipher("AES/GCM/NoPadding");
        open.init(CryptMode.DECRYPT, key, new GCMParameterSpec(128, nonce));
        open.updateAAD(aad, 0, aad.length);
        byte[] head = open.update(sealed, 0, sealed.length - 16);
        byte[] rest = open.doFinal(sealed, sealed.length - 16, 16);
        return ByteBuffer.allocate((head == null ? 0 : head.length) + rest.length)
                .put(head == null ? new byte[0] : head).put(rest).array();
    }

    private static byte[] jdkSeal(byte[] key, byte[] nonce, byte[] aad, byte[] message) throws Exception {
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        c.init(javax.crypto.Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        return c.doFinal(message);
    }

    @Test
    void sealsAndOpensAsAFreshJdkCipherDoesMessageAfterMessageAndKeyAfterKey() throws Exception {
        Random random = new Random(26);
        byte[][] keys = {new byte[16], new byte[16], new byte[32]};
        for (byte[] key : keys) {
            random.nextBytes(key);
        }
        for (int i = 0; i < 200; i++) {
            // sessions of several connections on one thread: the key changes between messages
            byte[] key = keys[i % 3 == 2 ? 2 : (i / 7) % 2];
            byte[] nonce = new byte[12];
            ByteBuffer.wrap(nonce).putLong(i);
            byte[] aad = new byte[32];
            random.nextBytes(aad);
            byte[] message = new byte[random.nextInt(i % 10 == 0 ? 70_000 : 300)];
            random.nextBytes(message);
            byte[] sealed = seal(key, nonce, aad, message);
            assertArrayEquals(jdkSeal(key, nonce, aad, message), sealed);
            assertArrayEquals(message, open(key, nonce, aad, sealed));
        }
    }

    @Test
    void aTamperedMessageFailsAndTheNextOneOpens() throws Exception {
        byte[] key = new byte[16];
        byte[] nonce = new byte[12];
        byte[] aad = new byte[32];
        byte[] message = "a sealed SMB message".getBytes();
        byte[] sealed = seal(key, nonce, aad, message);
        sealed[3] ^= 1;
        SecurityException e = assertThrows(SecurityException.class, () -> open(key, nonce, aad, sealed));
        assertInstanceOf(AEADBadTagException.class, e.getCause());
        sealed[3] ^= 1;
        assertArrayEquals(message, open(key, nonce, aad, sealed));
    }

    @Test
    void oneThreadKeepsOneJdkCipherPerDirectionAndAnotherThreadItsOwn() throws Exception {
        // what smbj gets for every sealed message
        assertInstanceOf(ThreadGcmCipher.class, provider.getAEADBlockCipher("AES/GCM/NoPadding"));
        byte[] key = new byte[16];
        ThreadGcmCipher first = begin(CryptMode.ENCRYPT, key, 1);
        javax.crypto.Cipher sealing = first.jdkCipher();
        first.doFinal(new byte[0], 0, 0);
        ThreadGcmCipher second = begin(CryptMode.ENCRYPT, key, 2);
        assertSame(sealing, second.jdkCipher());
        second.doFinal(new byte[0], 0, 0);
        ThreadGcmCipher opening = begin(CryptMode.DECRYPT, key, 3);
        assertNotSame(sealing, opening.jdkCipher());

        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Callable<javax.crypto.Cipher> elsewhere = () -> begin(CryptMode.ENCRYPT, key, 4).jdkCipher();
            Future<javax.crypto.Cipher> theirs = other.submit(elsewhere);
            assertNotSame(sealing, theirs.get());
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void aMessageBegunInBetweenOnTheSameThreadFailsTheFirstInsteadOfMixingThem() throws Exception {
        byte[] key = new byte[16];
        ThreadGcmCipher first = begin(CryptMode.ENCRYPT, key, 1);
        ThreadGcmCipher second = begin(CryptMode.ENCRYPT, key, 2);
        assertThrows(IllegalStateException.class, () -> first.doFinal(new byte[16], 0, 16));
        // the second is untouched by the first's failure
        byte[] message = new byte[16];
        byte[] nonce = new byte[12];
        ByteBuffer.wrap(nonce).putLong(2);
        assertArrayEquals(jdkSeal(key, nonce, new byte[0], message), second.doFinal(message, 0, 16));
    }

    private static ThreadGcmCipher begin(CryptMode mode, byte[] key, long n) throws SecurityException {
        ThreadGcmCipher cipher = new ThreadGcmCipher();
        byte[] nonce = new byte[12];
        ByteBuffer.wrap(nonce).putLong(n);
        cipher.init(mode, key, new GCMParameterSpec(128, nonce));
        return cipher;
    }
}
