package io.logship.config;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.impl.DefaultLogEventFactory;
import org.apache.logging.log4j.core.impl.LogEventFactory;
import org.apache.logging.log4j.core.impl.ReusableLogEventFactory;
import org.apache.logging.log4j.core.util.Constants;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * Masks every NAS password in every log event, whoever logs it, at whatever level and through
 * whatever layout: at DEBUG Camel itself prints resolved property values and endpoint parameters.
 * It replaces, as log4j's event factory ({@code log4j2.logEventFactory} in
 * log4j2.component.properties), each known password's value and the value after any
 * {@code password=} key ({@code logship.target.X.nas.password=}, {@code LOGSHIP_NAS_PASSWORD=},
 * {@code password=RAW(...)}, also misspelt: {@code pasword=}, {@code passwd=}, {@code pwd=}) by {@value #MASK}, in the message and in its exception's messages;
 * the rest of the line stays. An event with nothing to mask passes unchanged.
 */
public final class SecretLogMasker implements LogEventFactory {

    public static final String MASK = "******";
    // the key as Camel (also "key with value: v"), Java properties, environment variables and JSON print it,
    // also misspelt (an endpoint option pasword= or passwd= that Camel refuses prints the whole URI, and
    // masks only password=); the value up to a separator
    private static final Pattern KEYED = Pattern.compile(
            "(?i)((?:pas+w(?:o?r|ro)?d|pwd)\"?(?:[ \\t]*[=:]|[ \\t]+with value:?)[ \\t]*\"?)(RAW\\([^)]*\\)|[^\\s,;&\"')}\\]]+)");
    private static final Pattern ENV_KEY = Pattern.compile("LOGSHIP_(TARGET_[A-Z0-9_]+_)?NAS_PASSWORD");
    private static final Pattern KEY = Pattern.compile("logship\\.(target\\.[a-z0-9_]+\\.)?nas\\.password");
    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();

    private final LogEventFactory delegate = Constants.ENABLE_THREADLOCALS ? new ReusableLogEventFactory()
            : new DefaultLogEventFactory();

    /**
     * Learns the passwords set in the environment and system properties, and makes sure the current
     * log configuration masks, also when log4j2.component.properties was not read (another one earlier
     * on the class path).
     */
    public static synchronized void install() {
        // known before Camel reads (and at DEBUG logs) them
        System.getenv().forEach((k, v) -> {
            if (ENV_KEY.matcher(k).matches()) {
                secret(v);
            }
        });
        System.getProperties().forEach((k, v) -> {
            if (KEY.matcher(String.valueOf(k)).matches()) {
                secret(String.valueOf(v));
            }
        });
        if (!(LogManager.getContext(false) instanceof LoggerContext ctx)) {
            return;
        }
        Configuration config = ctx.getConfiguration();
        if (config.getRootLogger().getLogEventFactory() instanceof SecretLogMasker) {
            return;
        }
        SecretLogMasker masker = new SecretLogMasker();
        config.getRootLogger().setLogEventFactory(masker);
        config.getLoggers().values().forEach(l -> l.setLogEventFactory(masker));
        ctx.updateLoggers();
    }

    /** A password's value, once known, is masked wherever it appears; one per target. */
    public static void secret(String value) {
        // a very short value would mask ordinary words
        if (value != null && value.length() >= 4) {
            SECRETS.add(value);
        }
    }

    /** {@code text} with every secret masked; the same string when there is nothing to mask. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : SECRETS) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        // replaceAll gives the same string back when nothing matches
        out = KEYED.matcher(out).replaceAll("$1" + MASK);
        return out;
    }

    @Override
    public LogEvent createEvent(String loggerName, Marker marker, String fqcn, Level level, Message data,
            List<Property> properties, Throwable t) {
        return createEvent(loggerName, marker, fqcn, null, level, data, properties, t);
    }

    @Override
    public LogEvent createEvent(String loggerName, Marker marker, String fqcn, StackTraceElement location, Level level,
            Message data, List<Property> properties, Throwable t) {
        String text = data == null ? null : data.getFormattedMessage();
        String masked = mask(text);
        if (t != null) {
            StringWriter out = new StringWriter();
            t.printStackTrace(new PrintWriter(out));
            String trace = out.toString().stripTrailing();
            String maskedTrace = mask(trace);
            if (!maskedTrace.equals(trace)) {
                // an exception cannot be changed: its masked stack trace goes into the message instead
                return delegate.createEvent(loggerName, marker, fqcn, location, level,
                        new SimpleMessage(masked + System.lineSeparator() + maskedTrace), properties, null);
            }
        }
        return delegate.createEvent(loggerName, marker, fqcn, location, level,
                masked == null || masked.equals(text) ? data : new SimpleMessage(masked), properties, t);
    }
}
