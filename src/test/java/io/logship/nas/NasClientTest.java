package io.logship.nas;

import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicInteger;

import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.protocol.transport.TransportException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NasClientTest {

    private final NasClient nas = new NasClient("127.0.0.1", 1, "logs", "u", "p", "",
            SmbConfigFactory.create(65536, 5, true, false));

    private static final NasException LOST = new NasException("//127.0.0.1:1/logs", "write x",
            new SMBApiException(NtStatus.STATUS_NETWORK_NAME_DELETED.getValue(), null, null));

    @Test
    void workThatLostItsSessionRunsOnceMoreAtOnce() {
        AtomicInteger runs = new AtomicInteger();
        String done = nas.retryOnLostSession(() -> {
            if (runs.incrementAndGet() == 1) {
                throw LOST;
            }
            return "shipped";
        });
        assertEquals("shipped", done);
        assertEquals(2, runs.get());
    }

    @Test
    void aSecondLossAndEveryOtherFailureLeave() {
        AtomicInteger runs = new AtomicInteger();
        // lost again on the fresh connection: the caller's NAS-side failure
        assertSame(LOST, assertThrows(NasException.class, () -> nas.retryOnLostSession(() -> {
            runs.incrementAndGet();
            throw LOST;
        })));
        assertEquals(2, runs.get());
        // not a lost session: no second run
        runs.set(0);
        NasException refused = new NasException("//127.0.0.1:1/logs", "connect as u",
                new TransportException(new ConnectException("Connection refused")));
        assertSame(refused, assertThrows(NasException.class, () -> nas.retryOnLostSession(() -> {
            runs.incrementAndGet();
            throw refused;
        })));
        assertEquals(1, runs.get());
    }

    @Test
    void aLossWrappedByAStepOfTheAttemptCountsToo() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        nas.retryOnLostSession(() -> {
            if (runs.incrementAndGet() == 1) {
                throw new Exception("upload failed", LOST);
            }
            return null;
        });
        assertEquals(2, runs.get());
    }
}
