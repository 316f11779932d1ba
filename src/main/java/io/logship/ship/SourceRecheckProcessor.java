package io.logship.ship;

import java.nio.file.NoSuchFileException;

import io.logship.core.SourceChangedException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The last step before the file consumer deletes or archives the local file (routes/ship-attempts.camel.yaml):
 * the path must still be the file that was shipped, with the shipped length. A writer that appended,
 * rewrote it or renamed another file onto its name since the attempt began fails the exchange, so the
 * consumer rolls back and keeps the file; it ships again once stable, under a distinct name.
 */
public class SourceRecheckProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        ShipAttempt attempt = exchange.getProperty(ShipAttempt.PROPERTY, ShipAttempt.class);
        if (attempt == null || attempt.publishedAs == null) {
            return; // a failed attempt: the consumer keeps the file anyway
        }
        String difference;
        try {
            difference = attempt.identity.differenceTo(SourceIdentity.of(attempt.localFile));
        } catch (NoSuchFileException e) {
            return; // removed by someone else: there is nothing left to keep
        }
        if (difference != null) {
            // logged in one line by the route's onException step, not counted as a failed attempt
            throw new SourceChangedException(attempt.localFile + " " + difference + " after its copy "
                    + attempt.publishedAs + " was verified: the local file is kept and shipped again once it has"
                    + " been stable for logship.source.stableSeconds");
        }
    }
}
