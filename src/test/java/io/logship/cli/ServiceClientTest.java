package io.logship.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

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

    /**
     * health answers after 2.7 s, metrics never: the one 3 s deadline of the exchange gives up at about 3 s.
     * Deadlines of a request each, one request after the other, would give up no sooner than 2.7 + 3 s; the
     * bound between leaves 2.5 s for a machine under load.
     */
    @Test
    void aServiceThatAnswersSlowlyIsGivenUpWithinOneTimeoutForTheWholeExchange() throws Exception {
        // the exchanges are kept, unanswered: one the GC collects would close its connection, and the client
        // would read the end of the stream instead of waiting (a flake seen once in CI)
        List<HttpExchange> held = new CopyOnWriteArrayList<>();
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        ExecutorService handlers = Executors.newCachedThreadPool();
        slow.setExecutor(handlers);
        slow.createContext("/observe/health", exchange -> {
            held.add(exchange);
            later.schedule(() -> answer(exchange, "{\"status\":\"UP\"}"), 2_700, TimeUnit.MILLISECONDS);
        });
        slow.createContext("/observe/metrics", held::add);
        slow.start();
        try {
            ServiceClient c = ServiceClient.of(Map.of("camel.management.host", "127.0.0.1",
                    "camel.management.port", Integer.toString(slow.getAddress().getPort()))::get, null);
            long t0 = System.nanoTime();
            Exception e = assertThrows(Exception.class, () -> c.fetch(Duration.ofSeconds(3)));
            long tookMillis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("service client: gave up after %d ms on a 3 s timeout%n", tookMillis);
            assertTrue(e instanceof TimeoutException || e instanceof java.net.http.HttpTimeoutException, e.toString());
            // both requests share one deadline: not one timeout each
            assertTrue(tookMillis < 5_500, tookMillis + " ms");
        } finally {
            slow.stop(0);
            later.shutdownNow();
            handlers.shutdownNow();
            held.forEach(HttpExchange::close);
        }
    }

    private static void answer(HttpExchange exchange, String body) {
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        } catch (IOException e) {
            // the client gave up and closed its connection
        }
    }
}
