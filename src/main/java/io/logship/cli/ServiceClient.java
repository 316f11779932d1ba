package io.logship.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * How {@code check} and {@code status} ask the running service: its health and metrics endpoints,
 * found through the same configuration as {@code run} ({@code camel.management.host|port|path|
 * healthPath}, {@code camel.metrics.path}, with -D and environment variables applied), or at the URL
 * an operator gives with {@code --url}.
 */
public final class ServiceClient {

    private final String base;
    private final String healthPath;
    private final String metricsPath;

    ServiceClient(String base, String healthPath, String metricsPath) {
        this.base = stripSlash(base);
        this.healthPath = slashed(healthPath);
        this.metricsPath = slashed(metricsPath);
    }

    /**
     * @param lookup a configuration key's value, or null when it is not set
     * @param url    {@code --url}, or null to take the address from the configuration
     */
    public static ServiceClient of(Function<String, String> lookup, String url) {
        String health = orDefault(lookup.apply("camel.management.healthPath"), "/observe/health");
        String metrics = orDefault(lookup.apply("camel.metrics.path"), "/observe/metrics");
        if (url != null) {
            return new ServiceClient(url, health, metrics);
        }
        String host = connectableHost(orDefault(lookup.apply("camel.management.host"), "0.0.0.0"));
        String port = orDefault(lookup.apply("camel.management.port"), "8080");
        String path = orDefault(lookup.apply("camel.management.path"), "/");
        return new ServiceClient("http://" + host + ":" + port + stripSlash(slashed(path)), health, metrics);
    }

    /** A server bound to every address answers on loopback; an IPv6 literal needs brackets in a URL. */
    static String connectableHost(String host) {
        String h = host.strip();
        if (h.equals("0.0.0.0") || h.isEmpty()) {
            return "127.0.0.1";
        }
        if (h.equals("::") || h.equals("[::]")) {
            return "[::1]";
        }
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    /** The service's base URL, for messages. */
    public String url() {
        return base;
    }

    public String healthUri() {
        return base + healthPath;
    }

    public String metricsUri() {
        return base + metricsPath;
    }

    /**
     * The bodies of /observe/health and /observe/metrics, asked at once and both answered within
     * {@code timeout} in all (a plugin under NRPE or NSClient++ must finish before the agent gives up).
     */
    public String[] fetch(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        CompletableFuture<String> health = get(http, healthUri(), timeout);
        CompletableFuture<String> metrics = get(http, metricsUri(), timeout);
        return new String[] {await(health, deadline), await(metrics, deadline)};
    }

    private static CompletableFuture<String> get(HttpClient http, String uri, Duration timeout) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(uri)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                    // health answers 503 while a check is DOWN; its body is still the answer
                    if (r.statusCode() != 200 && r.statusCode() != 503) {
                        throw new IllegalStateException(uri + " answered HTTP " + r.statusCode());
                    }
                    return r.body();
                });
    }

    private static String await(CompletableFuture<String> answer, long deadline) throws Exception {
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new TimeoutException("no answer within the timeout");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static String slashed(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
