package io.logship.ship;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logship.audit.AuditLedger;
import io.logship.core.AttemptObserver;
import io.logship.core.AttemptTracker;
import io.logship.nas.NasClient;
import io.logship.nas.Sha256;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the verified temporary copy its final name with one server-side rename that never
 * overwrites, then writes the {@code sha256sum} sidecar next to it, itself through a temporary name.
 *
 * <p>When the name is taken: identical content counts as already shipped (this is what makes a crash
 * between verification and the local delete harmless); other content is kept, and this copy goes to
 * {@code <name>~<first 12 hex of its SHA-256>}, a name that is the same on every retry of the same content.
 */
public class PublishProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(PublishProcessor.class);
    private static final int DISTINCT_HASH_CHARS = 12;
    /** The comment line of a sidecar written after the fact, from the copy on the NAS. */
    static final String LATE_SIDECAR = "# logship: written later from the copy on the NAS, which had no sidecar\n";
    /** A sidecar logship writes: the sha256sum line, then comment lines (the original name). */
    private static final Pattern SIDECAR = Pattern.compile("[0-9a-f]{64}  ([^\n]+)\n(?:#[^\n]*\n)*");

    private final NasClient nas;
    private final int bufferSize;
    private final AttemptTracker failures;
    private final AttemptObserver observer;
    private final AuditLedger ledger;
    private final String verifyMode;
    private final boolean checksumFile;
    private final boolean distinctOnCollision;

    /**
     * @param checksumFile        write the {@code .sha256} sidecar
     * @param distinctOnCollision ship under {@code <name>~<hash>} when other content holds the name; else fail
     */
    public PublishProcessor(NasClient nas, int bufferSize, AttemptTracker failures, AuditLedger ledger, String verifyMode,
            boolean checksumFile, boolean distinctOnCollision, AttemptObserver observer) {
        this.nas = nas;
        this.bufferSize = bufferSize;
        this.failures = failures;
        this.observer = observer;
        this.ledger = ledger;
        this.verifyMode = verifyMode;
        this.checksumFile = checksumFile;
        this.distinctOnCollision = distinctOnCollision;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ShipAttempt attempt = exchange.getProperty(ShipAttempt.PROPERTY, ShipAttempt.class);
        observer.reached("after-verify");
        String name = attempt.fileName;
        String target = NasLayout.child(attempt.targetDir, name);
        String other = placeOrFindOther(attempt, target);
        if (other != null && checksumFile) {
            sidecarOfEarlierCopy(attempt, target, name, other);
        }
        if (other == null) {
            attempt.outcome = attempt.outcome == null ? ShipAttempt.Outcome.SHIPPED : attempt.outcome;
        } else if (!distinctOnCollision) {
            // a failure of this file: retried, then quarantined; the copy on the NAS is kept
            throw new IllegalStateException(target + " on " + nas.describe() + " already holds other content than "
                    + attempt.localFile + " and the nas: endpoint has onCollision=fail; left for an operator");
        } else {
            name = name + "~" + attempt.sha256.substring(0, DISTINCT_HASH_CHARS);
            String distinct = NasLayout.child(attempt.targetDir, name);
            if (placeOrFindOther(attempt, distinct) != null) {
                throw new IllegalStateException(distinct + " on " + nas.describe() + " holds other content than "
                        + attempt.localFile + " although its name carries the same SHA-256 prefix; left for an operator");
            }
            if (attempt.outcome == null) {
                attempt.outcome = ShipAttempt.Outcome.SHIPPED_UNDER_DISTINCT_NAME;
                LOG.warn("{} on {} already holds different content; {} was shipped as {} instead",
                        target, nas.describe(), attempt.localFile, distinct);
            }
            target = distinct;
        }
        attempt.remote.release();
        observer.reached("after-rename");
        if (checksumFile) {
            writeSidecar(attempt, target, name);
        }
        // also without a sidecar: nothing of it to clean up
        attempt.sidecarWritten = true;
        Duration took = Duration.ofNanos(System.nanoTime() - attempt.startNanos);
        // the local path keeps the original name beside the NAS name (logship.nas.nameEncoding)
        LOG.info("{} {} to {}/{} ({} bytes, sha256 {}, {} ms)",
                attempt.outcome == ShipAttempt.Outcome.ALREADY_SHIPPED ? "Already on the NAS:" : "Shipped",
                attempt.localFile, nas.describe(), target, attempt.localSize(), attempt.sha256, took.toMillis());
        // on disk before the file consumer deletes the local copy
        ledger.append(new AuditLedger.Entry(AuditLedger.now(), attempt.localFile.toString(), attempt.localSize(),
                attempt.sha256, nas.describe() + "/" + target, verifyMode, attempt.outcome.name().toLowerCase(java.util.Locale.ROOT),
                AttemptTracker.attempts(exchange), took.toMillis()));
        failures.succeeded(attempt.localFile, attempt.localSize(), took);
        attempt.publishedPath = target;
        attempt.publishedAs = nas.describe() + "/" + target;
        observer.reached("after-sidecar");
    }

    /**
     * Renames the temporary copy to {@code target}; if the name is taken by identical content, drops
     * the temporary copy and marks the attempt already shipped. Returns null then, or the SHA-256 of the
     * other content that holds the name.
     */
    private String placeOrFindOther(ShipAttempt attempt, String target) {
        // on the handle the upload wrote through; the target's folder is created if missing
        if (attempt.remote.renameTo(target)) {
            return null;
        }
        String there = nas.sha256(target, bufferSize);
        if (there.equals(attempt.sha256)) {
            attempt.remote.close();
            nas.delete(attempt.tempPath);
            attempt.outcome = ShipAttempt.Outcome.ALREADY_SHIPPED;
            return null;
        }
        return there;
    }

    /**
     * An earlier attempt of this file that ended between its rename and its sidecar (the NAS or logship
     * stopped there), its local file rewritten before the next one: the earlier content is on the NAS,
     * verified before its rename, without a sidecar. It gets one now, from its content on the NAS ({@code
     * hex}), with a comment line that says so. A sidecar already there, whatever it holds, is left alone.
     * (A file put under that name by other means without a sidecar gets one the same way: it states the
     * content as found, and says so.)
     */
    private void sidecarOfEarlierCopy(ShipAttempt attempt, String target, String name, String hex) {
        String sidecar = target + ".sha256";
        if (nas.readSmall(sidecar, 1) != null) {
            return;
        }
        byte[] line = (Sha256.sidecar(hex, name, attempt.localFile.getFileName().toString()) + LATE_SIDECAR)
                .getBytes(StandardCharsets.UTF_8);
        if (nas.writeSmallAndRename(attempt.sidecarTempPath(), line, sidecar, there -> isSidecarOf(there, name))) {
            LOG.warn("{} on {} holds other content than {} and had no sidecar: wrote {} from that content (sha256 {});"
                    + " an attempt that ended between its rename and its sidecar leaves such a copy", target,
                    nas.describe(), attempt.localFile, sidecar, hex);
        }
    }

    private void writeSidecar(ShipAttempt attempt, String target, String name) {
        String sidecar = target + ".sha256";
        byte[] line = Sha256.sidecar(attempt.sha256, name, attempt.localFile.getFileName().toString())
                .getBytes(StandardCharsets.UTF_8);
        // a freshly placed file has no sidecar of its own yet: only a file found already shipped is checked
        if (attempt.outcome == ShipAttempt.Outcome.ALREADY_SHIPPED
                && Arrays.equals(nas.readSmall(sidecar, line.length + 1), line)) {
            return;
        }
        // through a temporary name, flushed; only logship's own sidecar of this file is replaced (a stale
        // or damaged one beside content just verified), never a file that shipped under that name
        Predicate<byte[]> ours = there -> isSidecarOf(there, name);
        if (nas.writeSmallAndRename(attempt.sidecarTempPath(), line, sidecar, ours)) {
            return;
        }
        String distinct = target + "~" + attempt.sha256.substring(0, DISTINCT_HASH_CHARS) + ".sha256";
        if (!nas.writeSmallAndRename(attempt.sidecarTempPath(), line, distinct, ours)) {
            throw new IllegalStateException(distinct + " on " + nas.describe() + " holds other content than the sidecar of "
                    + target + "; left for an operator");
        }
        LOG.warn("{} on {} is a file of its own, not the sidecar of {}: the sidecar was written as {} ('sha256sum -c' reads it)",
                sidecar, nas.describe(), target, distinct);
    }

    /** True when {@code content} is one {@code sha256sum} line naming {@code name} (and comments): a sidecar logship wrote for it. */
    static boolean isSidecarOf(byte[] content, String name) {
        Matcher m = SIDECAR.matcher(new String(content, StandardCharsets.UTF_8));
        return m.matches() && m.group(1).equals(name);
    }
}
