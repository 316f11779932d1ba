package io.logship;

import io.logship.failure.ShipFailures;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * The onWhen of the onException {@code file-failed} in routes/ship-attempts.camel.yaml, which every
 * target's route shares: asks the exchange's target's {@link ShipFailures} whether the failure is one
 * file's (retried, then quarantined) rather than the NAS's or logship's (the target pauses).
 */
public class FailureOfOneFile implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        ShipFailures failures = PerTarget.beanOf(exchange, "shipFailures", ShipFailures.class);
        return failures != null && failures.ofOneFile(exchange);
    }
}
