package io.logship.core;

/** The NAS copy does not match the local file; the local file is kept and the copy discarded. */
public class VerificationFailedException extends Exception {

    public VerificationFailedException(String message) {
        super(message);
    }
}
