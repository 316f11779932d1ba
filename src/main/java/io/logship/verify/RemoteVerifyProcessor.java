package io.logship.verify;

import java.nio.file.Files;

import io.logship.config.LogshipSettings.VerifyMode;
import io.logship.failure.Failpoint;
import io.logship.nas.NasClient;
import io.logship.ship.ShipAttempt;
import io.logship.ship.SourceChangedException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Checks the uploaded temporary copy before it gets its final name: read back and hashed
 * ({@code sha256}) or its size compared ({@code size}). A copy that fails is deleted; the local
 * file stays where it is.
 */
public class RemoteVerifyProcessor implements Processor {

    private final NasClient nas;
    private final VerifyMode mode;
    private final int bufferSize;

    public RemoteVerifyProcessor(NasClient nas, VerifyMode mode, int bufferSize) {
        this.nas = nas;
        this.mode = mode;
        this.bufferSize = bufferSize;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ShipAttempt attempt = exchange.getProperty(ShipAttempt.PROPERTY, ShipAttempt.class);
        Failpoint.reach("after-upload");
        attempt.completeUpload();
        if (Files.size(attempt.localFile()) != attempt.localSize()
                || Files.getLastModifiedTime(attempt.localFile()).toMillis() != attempt.localModified()) {
            nas.delete(attempt.tempPath());
            throw new SourceChangedException(attempt.localFile() + " changed while it was being shipped;"
                    + " it will be shipped again once it has been stable for logship.source.stableSeconds");
        }
        String temp = attempt.tempPath();
        if (mode == VerifyMode.SHA256) {
            String remote = nas.sha256(temp, bufferSize);
            if (!remote.equals(attempt.sha256())) {
                nas.delete(temp);
                throw new VerificationFailedException("NAS copy of " + attempt.localFile() + " on " + nas.describe()
                        + " has SHA-256 " + remote + " but the local file has " + attempt.sha256()
                        + "; the copy was discarded and the local file kept");
            }
        } else {
            long remote = nas.size(temp);
            if (remote != attempt.localSize()) {
                nas.delete(temp);
                throw new VerificationFailedException("NAS copy of " + attempt.localFile() + " on " + nas.describe()
                        + " has " + remote + " bytes but the local file has " + attempt.localSize()
                        + "; the copy was discarded and the local file kept");
            }
        }
    }
}
