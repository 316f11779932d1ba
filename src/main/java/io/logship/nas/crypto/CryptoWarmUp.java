package io.logship.nas.crypto;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;

import javax.crypto.spec.GCMParameterSpec;

import com.hierynomus.security.AEADBlockCipher;
import com.hierynomus.security.Cipher;
import com.hierynomus.security.Mac;
import com.hierynomus.security.SecurityException;
import com.hierynomus.security.SecurityProvider;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the JIT to compile the JDK's AES-GCM, AES-CMAC and SHA-256 into their processor-instruction
 * forms right after start, on a background thread, with about a second of CPU.
 *
 * <p>Measured on JDK 17 (docs/performance.md): the JDK computes AES-GCM in plain Java (about
 * 40 MB/s sealing plus opening, here) until C2 compiles the methods that call the AES-NI and
 * carry-less-multiply intrinsics. With smbj's 1 MiB messages that takes some 2 GiB of traffic, 20 s
 * of CPU: a logship restarted after an outage would drain its backlog at a crawl exactly when it
 * matters. 40 000 small messages through the same calls smbj makes (init, AAD, update, doFinal, both
 * ways) get there in under a second.
 */
public final class CryptoWarmUp extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CryptoWarmUp.class);
    static final int ROUNDS = 40_000;
    private static final int SMALL = 1024;
    /** Every so often a message the size of a small log's write, so the compiled code has seen both. */
    private static final int LARGER = 64 * 1024;
    private static final int LARGER_EVERY = 50;

    private final SecurityProvider provider;
    private Thread thread;

    public CryptoWarmUp(SecurityProvider provider) {
        this.provider = provider;
    }

    @Override
    protected void doStart() {
        thread = new Thread(this::runQuietly, "crypto-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    @Override
    protected void doStop() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void runQuietly() {
        long start = System.nanoTime();
        try {
            run(provider, ROUNDS);
            LOG.debug("Cryptography warmed up in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (SecurityException | NoSuchAlgorithmException | RuntimeException e) {
            // only speed is at stake: the real sessions report any real problem with the cryptography
            LOG.debug("Cryptography warm-up stopped: {}", e.toString());
        }
    }

    /**
     * Runs {@code rounds} seal-and-open rounds, and as many CMAC and SHA-256 rounds; returns the
     * number of bytes that came back out of the opened messages.
     */
    static long run(SecurityProvider provider, int rounds) throws SecurityException, NoSuchAlgorithmException {
        byte[] key = new byte[16];
        byte[] aad = new byte[32];
        byte[] small = new byte[SMALL];
        byte[] larger = new byte[LARGER];
        byte[] nonce = new byte[12];
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long opened = 0;
        long ignored = 0;
        for (int i = 0; i < rounds && !Thread.currentThread().isInterrupted(); i++) {
            byte[] message = i % LARGER_EVERY == 0 ? larger : small;
            // a fresh nonce per sealing: the JDK refuses to reuse one under the same key
            ByteBuffer.wrap(nonce).putInt(0, i);
            AEADBlockCipher seal = provider.getAEADBlockCipher("AES/GCM/NoPadding");
            seal.init(Cipher.CryptMode.ENCRYPT, key, new GCMParameterSpec(128, nonce));
            seal.updateAAD(aad, 0, aad.length);
            byte[] body = seal.update(message, 0, message.length);
            byte[] tag = seal.doFinal(new byte[0], 0, 0);
            AEADBlockCipher open = provider.getAEADBlockCipher("AES/GCM/NoPadding");
            open.init(Cipher.CryptMode.DECRYPT, key, new GCMParameterSpec(128, nonce));
            open.updateAAD(aad, 0, aad.length);
            byte[] head = open.update(body, 0, body.length);
            byte[] rest = open.doFinal(tag, 0, tag.length);
            opened += (head == null ? 0 : head.length) + rest.length;

            Mac cmac = provider.getMac("AesCmac");
            cmac.init(key);
            cmac.update(message, 0, message.length);
            ignored += cmac.doFinal()[0];

            sha256.update(message);
            ignored += sha256.digest()[0];
        }
        // keeps the JIT from dropping work whose result nobody reads
        return ignored == Long.MIN_VALUE ? -1 : opened;
    }
}
