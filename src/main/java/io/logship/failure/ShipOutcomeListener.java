package io.logship.failure;

import java.time.Duration;

/** Counts what became of each attempt (the metrics); an interface so that {@code failure} does not import {@code metrics}. */
public interface ShipOutcomeListener {

    void shipped(long bytes, Duration took);

    void failed(FailureClass cause);

    void quarantined();
}
