package io.logship.core;

/**
 * Named stages of an attempt (upload-midway, after-upload, after-verify, after-rename,
 * after-sidecar) where a crash test holds logship still to kill it there. The service's own is
 * {@link #NONE}, which does nothing; the crash tests' ({@code io.logship.sandbox.Failpoint}) is
 * named by the system property {@value #PROPERTY} and never part of a normal run.
 */
public interface AttemptObserver {

    /** The system property naming the class of the observer to use (tests only). */
    String PROPERTY = "logship.attemptObserver";

    AttemptObserver NONE = new AttemptObserver() {
    };

    /** Whether {@link #reached} would hold at {@code stage}; lets a stream skip its per-read check. */
    default boolean holds(String stage) {
        return false;
    }

    /** The attempt is at {@code stage}. */
    default void reached(String stage) {
    }

    /** The observer named by {@value #PROPERTY}, or {@link #NONE}. */
    static AttemptObserver configured() {
        String type = System.getProperty(PROPERTY, "");
        if (type.isBlank()) {
            return NONE;
        }
        try {
            return (AttemptObserver) Class.forName(type.strip()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(PROPERTY + "=" + type + " is not an AttemptObserver: " + e, e);
        }
    }
}
