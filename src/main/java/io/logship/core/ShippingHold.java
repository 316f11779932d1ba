package io.logship.core;

/**
 * Something other than a failure that stops shipping: the integrity check while routes or
 * configuration differ from their seal. An interface so that {@code failure} does not import
 * {@code integrity}, which reports through {@code health}.
 */
public interface ShippingHold {

    /** True while no file may be shipped. */
    boolean blocksShipping();
}
