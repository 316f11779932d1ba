package io.logship.verify;

import io.logship.config.LogshipSettings.VerifyMode;
import io.logship.core.AttemptObserver;
import io.logship.core.SourceChangedException;
import io.logship.core.VerificationFailedException;
import io.logship.nas.BandwidthLimit;
import io.logship.nas.NasClient;
import io.logship.ship.ShipAttempt;
import io.logship.ship.SourceIdentity;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Checks the uploaded temporary copy before it gets its final name: read back and hashed
 * ({@code sha256}) or its size compared ({@code size}). A copy that fails is deleted before the
 * {@code nas:} producer's call ends ({@link io.logship.ship.DiscardTempProcessor}); the local file stays where it is.
 */
public class RemoteVerifyProcessor implements Processor {

    private final NasClient nas;
    private final VerifyMode mode;
    private final AttemptObserver observer;
    private final BandwidthLimit limit;

    /** @param limit the target's cap: the read-back counts against its own, the reading direction's */
    public RemoteVerifyProcessor(NasClient nas, VerifyMode mode, AttemptObserver observer, BandwidthLimit limit) {
        this.nas = nas;
        this.mode = mode;
        this.observer = observer;
        this.limit = limit;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ShipAttempt attempt = exchange.getProperty(ShipAttempt.PROPERTY, ShipAttempt.class);
        observer.reached("after-upload");
        attempt.completeUpload();
        // the same identity the last step checks again before the local file is disposed of
        String difference = attempt.identity().differenceTo(SourceIdentity.of(attempt.localFile()));
        if (difference != null) {
            throw new SourceChangedException(attempt.localFile() + " " + difference + " while it was being shipped;"
                    + " it will be shipped again once it has been stable for logship.source.stableSeconds");
        }
        // on the handle the upload wrote through: no second open; flushed to the NAS's disk in the same round trip
        if (mode == VerifyMode.SHA256) {
            String remote = attempt.remote().flushAndSha256(attempt.localSize(), limit);
            if (!remote.equals(attempt.sha256())) {
                throw new VerificationFailedException("NAS copy of " + attempt.localFile() + " on " + nas.describe()
                        + " has SHA-256 " + remote + " but the local file has " + attempt.sha256()
                        + "; the copy was discarded and the local file kept");
            }
        } else {
            long remote = attempt.remote().flushAndSize();
            if (remote != attempt.localSize()) {
                throw new VerificationFailedException("NAS copy of " + attempt.localFile() + " on " + nas.describe()
                        + " has " + remote + " bytes but the local file has " + attempt.localSize()
                        + "; the copy was discarded and the local file kept");
            }
        }
    }
}
