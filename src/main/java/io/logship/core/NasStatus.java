package io.logship.core;

/**
 * What the failure handling needs of the NAS probe: it reports what an attempt proved about the NAS
 * and asks whether the share still takes a file. An interface so that {@code failure} does not
 * import {@code metrics}, which counts the failures.
 */
public interface NasStatus {

    /** A success proves the NAS up, a NAS-side failure proves it down; {@code message} says why. */
    void report(boolean up, String message);

    /** Whether the share takes a file now (may probe it). */
    boolean shareWritableNow();

    /** The NAS as last seen, in one line that names the share and, when down, the cause. */
    String lastAnswer();
}
