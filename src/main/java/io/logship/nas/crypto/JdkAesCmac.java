package io.logship.nas.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.hierynomus.security.Mac;
import com.hierynomus.security.SecurityException;

/**
 * AES-CMAC (RFC 4493) on the JDK's AES, which runs on the processor's AES instructions. SMB 3
 * signs every message with it; the JDK has no CMAC of its own, and BouncyCastle's pure-Java AES
 * costs about ten seconds of CPU per GiB. CMAC is a CBC-MAC whose last block is first XORed with
 * one of two subkeys: all but the last block go through the JDK's AES/CBC, which keeps its chaining
 * state between calls, and the last is held back until {@link #doFinal()}.
 */
public final class JdkAesCmac implements Mac {

    private static final int BLOCK = 16;
    private static final byte RB = (byte) 0x87;
    private static final byte[] ZERO_IV = new byte[BLOCK];

    private Cipher cbc;
    private SecretKeySpec key;
    private byte[] k1;
    private byte[] k2;
    private final byte[] pending = new byte[BLOCK];
    private int pendingLength;
    private byte[] scratch = new byte[0];

    @Override
    public void init(byte[] keyBytes) throws SecurityException {
        try {
            key = new SecretKeySpec(keyBytes, "AES");
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, key);
            byte[] l = ecb.doFinal(new byte[BLOCK]);
            k1 = shiftAndXor(l);
            k2 = shiftAndXor(k1);
            cbc = Cipher.getInstance("AES/CBC/NoPadding");
            reset();
        } catch (GeneralSecurityException e) {
            throw new SecurityException(e);
        }
    }

    /** RFC 4493 subkey step: shift left one bit; if the top bit was set, XOR the last byte with Rb. */
    private static byte[] shiftAndXor(byte[] in) {
        byte[] out = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            out[i] = (byte) (in[i] << 1 | (i + 1 < BLOCK ? (in[i + 1] & 0xff) >>> 7 : 0));
        }
        if ((in[0] & 0x80) != 0) {
            out[BLOCK - 1] ^= RB;
        }
        return out;
    }

    @Override
    public void update(byte b) {
        update(new byte[] {b}, 0, 1);
    }

    @Override
    public void update(byte[] array) {
        update(array, 0, array.length);
    }

    @Override
    public void update(byte[] array, int offset, int length) {
        if (length == 0) {
            return;
        }
        // fill the held-back block first; it may be sent on only when more data follows it
        int take = Math.min(BLOCK - pendingLength, length);
        if (pendingLength < BLOCK) {
            System.arraycopy(array, offset, pending, pendingLength, take);
            pendingLength += take;
            offset += take;
            length -= take;
        }
        if (length == 0) {
            return;
        }
        chain(pending, 0, BLOCK);
        // keep back the last block (full or not) of what remains
        int whole = ((length - 1) / BLOCK) * BLOCK;
        if (whole > 0) {
            chain(array, offset, whole);
        }
        pendingLength = length - whole;
        System.arraycopy(array, offset + whole, pending, 0, pendingLength);
    }

    private void chain(byte[] in, int offset, int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, 2 * scratch.length)];
        }
        try {
            cbc.update(in, offset, length, scratch, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC refused a whole number of blocks", e);
        }
    }

    @Override
    public byte[] doFinal() {
        byte[] last = new byte[BLOCK];
        if (pendingLength == BLOCK) {
            for (int i = 0; i < BLOCK; i++) {
                last[i] = (byte) (pending[i] ^ k1[i]);
            }
        } else {
            System.arraycopy(pending, 0, last, 0, pendingLength);
            last[pendingLength] = (byte) 0x80;
            for (int i = 0; i < BLOCK; i++) {
                last[i] ^= k2[i];
            }
        }
        try {
            // the CBC state is AES(...) of everything before: one more block gives the tag
            byte[] tag = cbc.doFinal(last);
            reset();
            return tag;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC refused one block", e);
        }
    }

    @Override
    public void reset() {
        pendingLength = 0;
        try {
            cbc.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(ZERO_IV));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC refused its key", e);
        }
    }
}
