package io.logship.metrics;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import io.logship.nas.NasClient;
import io.logship.nas.SmbConfigFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NasProbeTest {

    @Test
    void aBurstOfFailuresCostsOneProbeAndALaterOneProbesAfresh() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        NasClient nas = new NasClient("127.0.0.1", closedPort, "logs", "u", "p", "",
                SmbConfigFactory.create(65536, 2, true, false));
        NasProbe probe = new NasProbe(new DefaultCamelContext(), nas, "logs", 0);
        try {
            assertFalse(probe.shareWritableNow());
            NasProbe.State answer = probe.state();
            assertTrue(answer.message().contains("unreachable"), answer.message());
            // a second failure within the second is answered from the first probe
            assertFalse(probe.shareWritableNow());
            assertSame(answer, probe.state());
            await().atMost(Duration.ofSeconds(10)).until(() -> !probe.shareWritableNow() && probe.state() != answer);
        } finally {
            nas.close();
        }
    }
}
