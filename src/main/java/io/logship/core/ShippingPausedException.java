package io.logship.core;

/** Shipping waits out a NAS-side failure; the file was not tried and stays queued. */
public class ShippingPausedException extends Exception {

    public ShippingPausedException(String message) {
        super(message, null, false, false);
    }
}
