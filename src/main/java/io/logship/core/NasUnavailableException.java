package io.logship.core;

/**
 * An attempt failed on the NAS's side, not the file's: the share is unreachable, refuses the login or
 * the writes, is full or missing, or its server fails (a status that may concern one path alone is
 * decided by a probe of the share). The {@code nas:} producer ends such an attempt with this
 * exception, the original as its cause; the route policy {@code pause} of routes/ship-logs.camel.yaml
 * counts it and suspends the target's consumer, and the file is never quarantined for it.
 */
public class NasUnavailableException extends Exception {

    /** {@code message} names the share, the cause and what to fix. */
    public NasUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
