package io.logship.ship;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.logship.nas.NasClient;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends every call of the {@code nas:} producer, failed or not (so every redelivery too): closes the local file and the NAS handle and, if the
 * attempt did not publish its copy, deletes the temporary copy it may have left on the NAS. A copy it
 * cannot delete now (the NAS is down) is deleted after the next attempt that succeeds, or swept at
 * the next start.
 */
public class DiscardTempProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DiscardTempProcessor.class);

    private final NasClient nas;
    private final Set<String> leftovers = ConcurrentHashMap.newKeySet();

    public DiscardTempProcessor(NasClient nas) {
        this.nas = nas;
    }

    @Override
    public void process(Exchange exchange) {
        ShipAttempt attempt = exchange.getProperty(ShipAttempt.PROPERTY, ShipAttempt.class);
        if (attempt == null) {
            return;
        }
        try {
            attempt.stream.close();
        } catch (IOException e) {
            LOG.debug("Closing {} failed", attempt.localFile, e);
        }
        if (attempt.remote != null) {
            attempt.remote.close();
        }
        if (attempt.outcome == null) {
            leftovers.add(attempt.tempPath);
        }
        if (!attempt.sidecarWritten) {
            // the sidecar's temporary copy, if the attempt got that far
            leftovers.add(attempt.sidecarTempPath());
        }
        // not while the NAS does not answer this lane: each delete would wait logship.nas.timeoutSeconds
        // before the failure is reported; they wait for the next success
        if (!leftovers.isEmpty() && nas.answering()) {
            // after a success the NAS is known to answer: a good moment for earlier leftovers too
            for (String temp : leftovers) {
                try {
                    nas.delete(temp);
                    leftovers.remove(temp);
                } catch (RuntimeException e) {
                    LOG.debug("Temporary copy {} not deleted yet; tried again later", temp, e);
                }
            }
        }
    }
}
