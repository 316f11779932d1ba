package io.logship.failure;

import java.time.Duration;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    private final ShipFailures.RetryPolicy policy =
            new ShipFailures.RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0, 5);

    @RepeatedTest(20)
    void delaysGrowByTheMultiplierWithTwentyPercentJitter() {
        for (int failures = 1; failures <= 8; failures++) {
            long base = 1000L << (failures - 1);
            long d = policy.delayAfter(failures).toMillis();
            assertTrue(d >= base * 0.8 - 1 && d <= base * 1.2 + 1, failures + " failures: " + d + " ms");
        }
    }

    @Test
    void delaysAreCappedAtMaxDelay() {
        for (int failures = 10; failures < 200; failures++) {
            long d = policy.delayAfter(failures).toMillis();
            assertTrue(d <= Duration.ofMinutes(5).toMillis() && d >= Duration.ofMinutes(4).toMillis(), d + " ms");
        }
    }

    @Test
    void waitsAreSaidInSecondsOrMinutes() {
        assertEquals("1 s", ShipFailures.human(Duration.ofMillis(200)));
        assertEquals("45 s", ShipFailures.human(Duration.ofSeconds(45)));
        assertEquals("4 min 48 s", ShipFailures.human(Duration.ofSeconds(288)));
    }
}
