package io.logship.nas.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.hierynomus.security.AEADBlockCipher;
import com.hierynomus.security.Cipher.CryptMode;
import com.hierynomus.security.SecurityException;

/**
 * AES-GCM for smbj's sealed messages on one JDK cipher per thread and direction, initialised afresh
 * for each message. smbj asks its security provider for a new cipher for every message it seals or
 * opens; smbj's own JCE one then looks the algorithm up among the providers ({@code Cipher.getInstance})
 * and expands the AES key again each time. A profile of 1000 small files spent about a tenth of
 * logship's CPU there. The JDK's AES keeps the expanded key of the last key it was given
 * ({@code com.sun.crypto.provider.AESCrypt.init} compares it, JDK 17 and 25), so a cipher kept per
 * thread expands a session's key once; the thread that seals a session's messages and the packet
 * reader that opens them each keep their own.
 *
 * <p>An instance is used as smbj uses it: init, AAD, update, doFinal, on one thread, before that thread
 * seals or opens the next message in the same direction. A second instance begun on the same thread
 * and direction in between takes the cipher over, and the first then fails instead of mixing messages.
 * Sealing the same nonce under the same key twice is refused by the JDK for one cipher
 * ("Cannot reuse iv"): smbj's nonces come from {@code System.nanoTime()}, so on one thread they differ.
 */
final class ThreadGcmCipher implements AEADBlockCipher {

    static final String ALGORITHM = "AES/GCM/NoPadding";

    /** This thread's cipher for one direction and the instance that began its current message. */
    private static final class Slot {
        javax.crypto.Cipher cipher;
        ThreadGcmCipher user;
    }

    private static final ThreadLocal<Slot[]> SLOTS = ThreadLocal.withInitial(() -> new Slot[] {new Slot(), new Slot()});

    private Slot slot;

    @Override
    public void init(CryptMode mode, byte[] key, GCMParameterSpec spec) throws SecurityException {
        Slot mine = SLOTS.get()[mode == CryptMode.ENCRYPT ? 0 : 1];
        try {
            if (mine.cipher == null) {
                mine.cipher = javax.crypto.Cipher.getInstance(ALGORITHM);
            }
            mine.user = this;
            slot = mine;
            mine.cipher.init(mode == CryptMode.ENCRYPT ? javax.crypto.Cipher.ENCRYPT_MODE : javax.crypto.Cipher.DECRYPT_MODE,
                    new SecretKeySpec(key, "AES"), spec);
        } catch (GeneralSecurityException e) {
            throw new SecurityException(e);
        }
    }

    private javax.crypto.Cipher cipher() {
        if (slot == null || slot.user != this) {
            throw new IllegalStateException("AES-GCM used before its init, or after another message began on this thread");
        }
        return slot.cipher;
    }

    @Override
    public void updateAAD(byte[] aad, int offset, int length) {
        cipher().updateAAD(aad, offset, length);
    }

    @Override
    public byte[] update(byte[] in, int offset, int length) {
        return cipher().update(in, offset, length);
    }

    @Override
    public byte[] doFinal(byte[] in, int offset, int length) throws SecurityException {
        javax.crypto.Cipher cipher = cipher();
        try {
            return cipher.doFinal(in, offset, length);
        } catch (GeneralSecurityException e) {
            throw new SecurityException(e);
        } finally {
            // the JDK's cipher is ready for its next init whether or not this message's tag was right
            slot.user = null;
        }
    }

    @Override
    public void reset() {
        // the next init starts afresh
    }

    /** The JDK cipher this instance works on: the tests' view of which one a thread keeps. */
    javax.crypto.Cipher jdkCipher() {
        return cipher();
    }
}
