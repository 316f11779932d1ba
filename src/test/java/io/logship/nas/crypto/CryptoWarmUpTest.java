package io.logship.nas.crypto;

import java.util.EnumSet;
import java.util.Set;

import com.hierynomus.security.bc.BCSecurityProvider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CryptoWarmUpTest {

    /** 100 rounds: 2 messages of 64 KiB (rounds 0 and 50) and 98 of 1 KiB come back whole. */
    private static final long OPENED = 2L * 64 * 1024 + 98L * 1024;

    @Test
    void everySealedMessageOpensAgainWithTheJdkProvider() throws Exception {
        assertEquals(OPENED, CryptoWarmUp.run(new JdkSecurityProvider(), EnumSet.allOf(CryptoWarmUp.Use.class), 100));
    }

    @Test
    void theSameCallsWorkWithBouncyCastle() throws Exception {
        assertEquals(OPENED, CryptoWarmUp.run(new BCSecurityProvider(), EnumSet.allOf(CryptoWarmUp.Use.class), 100));
    }

    @Test
    void aSigningOnlyWarmUpSealsNothingAndTheRoutesWaitForItToEnd() throws Exception {
        assertEquals(0, CryptoWarmUp.run(new JdkSecurityProvider(), Set.of(CryptoWarmUp.Use.SIGN), 100));
        CryptoWarmUp warmUp = new CryptoWarmUp(new JdkSecurityProvider(), Set.of(CryptoWarmUp.Use.SEAL));
        warmUp.begin();
        long start = System.nanoTime();
        warmUp.start();
        // start() returns when the warm-up has ended, or after its bound
        assertTrue(warmUp.ended() || System.nanoTime() - start >= CryptoWarmUp.START_WAIT.toNanos());
        warmUp.stop();
    }
}
