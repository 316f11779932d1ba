package io.logship.nas.crypto;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
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
 * Gets the JIT to compile the JDK's AES-GCM (sealing), AES-CMAC (signing) and SHA-256 into their
 * processor-instruction forms while Camel starts, so that the first file after a start ships at full
 * speed; the routes start once it is done, or after {@link #START_WAIT} at most.
 *
 * <p>Measured on JDK 17 (docs/performance.md, "The first GiB after start"): the JDK computes AES-GCM
 * in plain Java (25 to 80 MB/s sealing plus opening, here) until C2 compiles the methods that call the
 * AES-NI and carry-less-multiply intrinsics. With smbj's 1 MiB messages that takes well over a GiB of
 * traffic: a logship restarted after an outage would drain its backlog at a crawl exactly when it
 * matters. 40 000 small messages through the same calls smbj makes (init, AAD, update, doFinal, both
 * ways) get there in about a second of CPU. Running them on a thread beside the first upload, as
 * logship did before, left that upload on the slow code for as long as the warm-up took, and the two
 * shared the CPU: the first GiB took 1.4 times as long as the next. Only the algorithms a session
 * uses are warmed: an encrypted session seals and never signs, a signed one the reverse.
 */
public final class CryptoWarmUp extends ServiceSupport {

    /** What the sessions of this logship do with the JDK's cryptography. */
    public enum Use {
        /** SMB 3 encryption: every message sealed and opened with AES-GCM. */
        SEAL,
        /** SMB 3 signing: every message signed with AES-CMAC. */
        SIGN
    }

    private static final Logger LOG = LoggerFactory.getLogger(CryptoWarmUp.class);
    static final int ROUNDS = 40_000;
    /** The longest the routes wait for the warm-up; on a slow machine the rest runs beside them. */
    static final Duration START_WAIT = Duration.ofSeconds(5);
    private static final int SMALL = 1024;
    /** Every so often a message the size of a small log's write, so the compiled code has seen both. */
    private static final int LARGER = 64 * 1024;
    private static final int LARGER_EVERY = 50;

    private final SecurityProvider provider;
    private final Set<Use> uses;
    private final CountDownLatch done = new CountDownLatch(1);
    private Thread thread;

    public CryptoWarmUp(SecurityProvider provider, Set<Use> uses) {
        this.provider = provider;
        this.uses = uses.isEmpty() ? EnumSet.noneOf(Use.class) : EnumSet.copyOf(uses);
    }

    /** Starts the warm-up at once, before the context starts; {@link #start()} then waits for it. */
    public synchronized void begin() {
        if (thread == null) {
            thread = new Thread(this::runQuietly, "crypto-warm-up");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Whether the warm-up has run to its end (or given up). */
    public boolean ended() {
        return done.getCount() == 0;
    }

    @Override
    protected void doStart() throws InterruptedException {
        begin();
        if (!done.await(START_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.debug("Cryptography still warming up after {} s; the routes start beside it", START_WAIT.toSeconds());
        }
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
            run(provider, uses, ROUNDS);
            LOG.debug("Cryptography ({}) warmed up in {} ms", uses,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (SecurityException | NoSuchAlgorithmException | RuntimeException e) {
            // only speed is at stake: the real sessions report any real problem with the cryptography
            LOG.debug("Cryptography warm-up stopped: {}", e.toString());
        } finally {
            done.countDown();
        }
    }

    /**
     * Runs {@code rounds} SHA-256 rounds and, as {@code uses} says, as many seal-and-open and CMAC
     * rounds; returns the number of bytes that came back out of the opened messages.
     */
    static long run(SecurityProvider provider, Set<Use> uses, int rounds) throws SecurityException, NoSuchAlgorithmException {
        boolean seal = uses.contains(Use.SEAL);
        boolean sign = uses.contains(Use.SIGN);
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
            if (seal) {
                opened += sealAndOpen(provider, key, aad, nonce, i, message);
            }
            if (sign) {
                Mac cmac = provider.getMac("AesCmac");
                cmac.init(key);
                cmac.update(message, 0, message.length);
                ignored += cmac.doFinal()[0];
            }
            sha256.update(message);
            ignored += sha256.digest()[0];
        }
        // keeps the JIT from dropping work whose result nobody reads
        return ignored == Long.MIN_VALUE ? -1 : opened;
    }

    private static int sealAndOpen(SecurityProvider provider, byte[] key, byte[] aad, byte[] nonce, int i, byte[] message)
            throws SecurityException {
        // a fresh nonce per sealing: the JDK refuses to reuse one under the same key
        ByteBuffer.wrap(nonce).putInt(0, i);
        // as smbj 0.14's PacketEncryptor seals (the whole message in one doFinal) and opens (the cipher text
        // with update, the tag with doFinal): a warm-up through other calls leaves the compiled code with
        // paths it never saw, and the first real messages throw it away again (JIT deoptimisation)
        AEADBlockCipher seal = provider.getAEADBlockCipher("AES/GCM/NoPadding");
        seal.init(Cipher.CryptMode.ENCRYPT, key, new GCMParameterSpec(128, nonce));
        seal.updateAAD(aad, 0, aad.length);
        byte[] sealed = seal.doFinal(message, 0, message.length);
        AEADBlockCipher open = provider.getAEADBlockCipher("AES/GCM/NoPadding");
        open.init(Cipher.CryptMode.DECRYPT, key, new GCMParameterSpec(128, nonce));
        open.updateAAD(aad, 0, aad.length);
        byte[] head = open.update(sealed, 0, sealed.length - 16);
        byte[] rest = open.doFinal(sealed, sealed.length - 16, 16);
        return (head == null ? 0 : head.length) + rest.length;
    }
}
