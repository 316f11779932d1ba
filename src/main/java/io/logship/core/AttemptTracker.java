package io.logship.core;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.Exchange;

/**
 * What the ship path tells the failure handling, and asks it: whether shipping is paused, how many
 * tries a file has had, whether a failure is the NAS's, that a file was shipped. An interface so that
 * the ship path does not import {@code failure}, which classifies the ship path's exceptions.
 */
public interface AttemptTracker {

    /** Called first in every attempt: throws while shipping is paused or stopped. */
    void checkNotPaused() throws ShippingPausedException;

    /** How many attempts this file has had in this exchange, this one included: Camel's redelivery counts them. */
    static int attempts(Exchange exchange) {
        return exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) + 1;
    }

    /**
     * The exception an attempt that threw {@code failure} ends with: a {@link NasUnavailableException}
     * when the failure is the NAS's (for a status that may concern this file's path alone, a probe of
     * the share decides), which pauses the target; {@code failure} itself otherwise.
     */
    Exception failed(Exchange exchange, Exception failure);

    /** After a file is on the NAS, verified. */
    void succeeded(Path file, long bytes, Duration took);
}
