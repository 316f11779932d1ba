package io.logship.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;

import io.logship.config.OneLine;
import io.logship.failure.FailureClass;
import io.logship.nas.NasException;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void theChainRunsFromTheFailureToItsInnermostCause() {
        IOException inner = new IOException("inner");
        RuntimeException middle = new RuntimeException("middle", inner);
        IllegalStateException outer = new IllegalStateException("outer", middle);

        assertEquals(List.of(outer, middle, inner), Causes.of(outer));
        assertSame(inner, Causes.root(outer));
        assertEquals(List.of(), Causes.of(null));
        assertNull(Causes.root(null));
    }

    /**
     * A cause that points back into the chain (a library's initCause) ends it: each failure once. Every
     * classification walks this chain on a worker thread; before, only a failure that was its own cause
     * ended the walk, and a loop of two kept the worker (and its file) for ever.
     */
    @Test
    void aChainThatLoopsBackEndsAndEveryClassificationOfItReturns() {
        IOException a = new IOException("a");
        SocketException b = new SocketException("Connection reset");
        b.initCause(a);
        a.initCause(b);
        RuntimeException outer = new RuntimeException("outer", a);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertEquals(List.of(outer, a, b), Causes.of(outer));
            assertSame(b, Causes.root(outer));
            assertEquals(FailureClass.NAS_UNREACHABLE, FailureClass.of(outer));
            assertEquals(NasException.Reason.NAS_UNREACHABLE, NasException.classify(outer));
            assertEquals("Connection reset", OneLine.describe(outer));
        });
    }
}
