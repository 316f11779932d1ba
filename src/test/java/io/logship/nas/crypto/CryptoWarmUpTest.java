package io.logship.nas.crypto;

import com.hierynomus.security.bc.BCSecurityProvider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CryptoWarmUpTest {

    /** 100 rounds: 2 messages of 64 KiB (rounds 0 and 50) and 98 of 1 KiB come back whole. */
    private static final long OPENED = 2L * 64 * 1024 + 98L * 1024;

    @Test
    void everySealedMessageOpensAgainWithTheJdkProvider() throws Exception {
        assertEquals(OPENED, CryptoWarmUp.run(new JdkSecurityProvider(), 100));
    }

    @Test
    void theSameCallsWorkWithBouncyCastle() throws Exception {
        assertEquals(OPENED, CryptoWarmUp.run(new BCSecurityProvider(), 100));
    }
}
