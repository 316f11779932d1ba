package io.logship.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code logship.*} keys logship knows. They come from one place: config/application.properties,
 * the reference that comments every key, which the build copies into the jar ({@value #REFERENCE});
 * docs/configuration.md documents the same keys (ConfigurationDocsTest). A key added there is known
 * without a change here. Besides those, a few keys are read that no operator sets in the file
 * ({@link #INTERNAL}), and one key is retired ({@link #RETIRED}).
 */
public final class KnownKeys {

    /** Where the build puts its copy of config/application.properties (pom.xml, resources). */
    static final String REFERENCE = "/io/logship/config/application.properties";

    /** A key of the reference, set ({@code key = value}) or commented out ({@code #key = value}). */
    public static final Pattern KEY_LINE = Pattern.compile("^#?\\s*((?:camel|logship)\\.[\\w.]+)\\s*=", Pattern.MULTILINE);

    /**
     * Keys read from {@code -D} options (or their environment variables) only, never from the file:
     * what each is for. Internal keys are recognised by this list alone.
     */
    static final Map<String, String> INTERNAL = Map.of(
            // read before the file is: which file to read (io.logship.LogshipMain)
            "logship.config", "names the configuration file",
            // the crash tests' hooks (io.logship.core.AttemptObserver, io.logship.sandbox.Failpoint)
            "logship.attemptObserver", "a test hook",
            "logship.failpoint", "a test hook",
            "logship.failpoint.release", "a test hook");

    /** Environment variables that are no key: read by log4j2.xml and bench/benchmark.sh. */
    static final Set<String> ENVIRONMENT_ONLY = Set.of("LOGSHIP_LOG_LEVEL", "LOGSHIP_OPTS");

    /**
     * Keys logship computes at start from a documented one, for routes/ to read; an operator sets the
     * documented one (io.logship.LogshipConfiguration, routes/ship-attempts.camel.yaml).
     */
    static final Map<String, String> COMPUTED = Map.of(
            "logship.retry.initialDelayMillis", "logship.retry.initialDelay",
            "logship.retry.maxDelayMillis", "logship.retry.maxDelay");

    /** Keys that are gone: {@link LogshipSettings} names what replaced them. */
    static final Set<String> RETIRED = Set.of("logship.retry.maxAttempts");

    private static volatile KnownKeys shipped;

    private final Set<String> documented;

    private KnownKeys(Set<String> documented) {
        this.documented = Collections.unmodifiableSet(documented);
    }

    /** The keys of the reference this jar was built with. */
    public static KnownKeys shipped() {
        KnownKeys k = shipped;
        if (k == null) {
            try (InputStream in = KnownKeys.class.getResourceAsStream(REFERENCE)) {
                if (in == null) {
                    throw new IllegalStateException(REFERENCE + " is missing from logship's jar: build it with Maven"
                            + " (pom.xml copies config/application.properties there)");
                }
                k = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            shipped = k;
        }
        return k;
    }

    /** The {@code logship.*} keys of a properties file in the reference's form. */
    static KnownKeys parse(String reference) {
        return new KnownKeys(keys(reference, "logship."));
    }

    /** The keys of {@code text} (set or commented out) that start with {@code prefix}. */
    public static Set<String> keys(String text, String prefix) {
        Set<String> keys = new TreeSet<>();
        Matcher m = KEY_LINE.matcher(text);
        while (m.find()) {
            if (m.group(1).startsWith(prefix)) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    /** The {@code logship.*} keys the reference documents. */
    public Set<String> documented() {
        return documented;
    }

    boolean documented(String key) {
        return documented.contains(key);
    }

    /** Documented, read only from -D, computed for the routes, or retired: a key logship's code may name. */
    public boolean named(String key) {
        return documented(key) || INTERNAL.containsKey(key) || COMPUTED.containsKey(key) || RETIRED.contains(key);
    }
}
