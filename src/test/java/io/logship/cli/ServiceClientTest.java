package io.logship.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** check and status find the service where run binds it, and give up within their timeout. */
class ServiceClientTest {

    @Test
    void theAddressComesFromTheManagementKeys() {
        ServiceClient c = ServiceClient.of(Map.of("camel.management.host", "127.0.0.1", "camel.management.port", "9933")::get, null);
        assertEquals("http://127.0.0.1:9933/observe/health", c.healthUri());
        assertEquals("http://127.0.0.1:9933/observe/metrics", c.metricsUri());
    }

    @Test
    void aServerOnEveryAddressIsAskedOnLoopbackAndPathsAreHonoured() {
        ServiceClient c = ServiceClient.of(Map.of("camel.management.host", "0.0.0.0", "camel.management.port", "9811",
                "camel.management.path", "/mgmt/", "camel.management.healthPath", "/h", "camel.metrics.path", "m")::get, null);
        assertEquals("http://127.0.0.1:9811/mgmt/h", c.healthUri());
        assertEquals("http://127.0.0.1:9811/mgmt/m", c.metricsUri());
        assertEquals("http://[::1]:9811", ServiceClient.of(Map.of("camel.management.host", "::", "camel.management.port", "9811")::get, null).url());
        assertEquals("http://[fe80::1]:1", ServiceClient.of(Map.of("camel.management.host", "fe80::1", "camel.management.port", "1")::get, null).url());
    }

    @Test
    void camelsOwnDefaultsApplyWhenNothingIsSet() {
        assertEquals("http://127.0.0.1:8080/observe/health", ServiceClient.of(k -> null, null).healthUri());
    }

    @Test
    void theUrlOptionWins() {
        ServiceClient c = ServiceClient.of(Map.of("camel.management.port", "9933")::get, "http://10.1.2.3:7000/");
        assertEquals("http://10.1.2.3:7000/observe/health", c.healthUri());
    }

    @Test
    void aServiceThatAcceptsAndNeverAnswersIsGivenUpWithinTheTimeout() throws Exception {
        // the accepted sockets are kept: one the GC collects is closed by its cleaner, and the client then
        // reads the end of the stream instead of waiting (a flake seen once in CI)
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(hung.accept()); // held open, never answered
                    }
                } catch (IOException e) {
                    // the test closed the socket
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ServiceClient c = ServiceClient.of(Map.of("camel.management.host", "127.0.0.1",
                    "camel.management.port", Integer.toString(hung.getLocalPort()))::get, null);
            long t0 = System.nanoTime();
            Exception e = assertThrows(Exception.class, () -> c.fetch(Duration.ofSeconds(2)));
            long tookMillis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e instanceof TimeoutException || e instanceof java.net.http.HttpTimeoutException, e.toString());
            // both requests share one deadline: not one timeout each
            assertTrue(tookMillis < 3_500, tookMillis + " ms");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
