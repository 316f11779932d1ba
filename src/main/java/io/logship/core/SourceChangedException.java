package io.logship.core;

/** The local file changed while it was being shipped: it is not complete yet and is shipped again later. */
public class SourceChangedException extends Exception {

    public SourceChangedException(String message) {
        super(message);
    }
}
