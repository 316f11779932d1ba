package io.logship.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The chain of a failure and its causes, outermost first, each once. Every classification of a
 * failure (which failure class, which NAS reason, which Kerberos cause, the one line an operator
 * reads) walks it. A chain whose cause points back into it (an {@code initCause} or a
 * {@code getCause} override of some library's making) ends there instead of looping: a worker
 * that classifies a failure never hangs on it.
 */
public final class Causes {

    private Causes() {
    }

    /** {@code failure}, its cause, that one's cause and so on; empty for null. */
    public static List<Throwable> of(Throwable failure) {
        List<Throwable> chain = new ArrayList<>(4);
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** The innermost cause of {@code failure}: the last of {@link #of}. */
    public static Throwable root(Throwable failure) {
        List<Throwable> chain = of(failure);
        return chain.isEmpty() ? null : chain.get(chain.size() - 1);
    }
}
