package io.logship.core;

/** A shipped file could not be disposed of yet: the consumer keeps it (and its done marker) and logship retries. */
public class DisposePendingException extends Exception {

    public DisposePendingException(String message) {
        super(message);
    }
}
