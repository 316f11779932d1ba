package io.logship.config;

import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.filter.AbstractFilter;
import org.apache.logging.log4j.message.Message;

/**
 * Drops every log event that could carry the NAS password, whoever logs it and at whatever level:
 * at DEBUG Camel itself prints resolved property values and endpoint parameters. It is installed on
 * the whole log configuration before Camel starts, and it also knows the password's value once
 * logship has read it.
 */
public final class SecretLogFilter extends AbstractFilter {

    private static final List<String> MARKERS = List.of("logship.nas.password", "password=RAW(", "LOGSHIP_NAS_PASSWORD=");
    private static volatile String secret;

    private SecretLogFilter() {
        super(Filter.Result.DENY, Filter.Result.NEUTRAL);
    }

    /** Installs the filter once on the current log4j2 configuration. */
    public static synchronized void install() {
        if (!(LogManager.getContext(false) instanceof LoggerContext ctx)) {
            return;
        }
        if (ctx.getConfiguration().getFilter() instanceof SecretLogFilter) {
            return;
        }
        SecretLogFilter filter = new SecretLogFilter();
        filter.start();
        ctx.getConfiguration().addFilter(filter);
        ctx.updateLoggers();
    }

    /** The password's value, once known, is filtered wherever it appears. */
    public static void secret(String value) {
        secret = value == null || value.length() < 4 ? null : value;
    }

    // a configuration-wide filter is asked before the event exists, with the message and its parameters

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String msg, Object... params) {
        if (leaks(msg)) {
            return onMatch;
        }
        if (params != null) {
            for (Object p : params) {
                if (p instanceof Throwable t ? leaks(t) : p != null && leaks(String.valueOf(p))) {
                    return onMatch;
                }
            }
        }
        return onMismatch;
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, Message msg, Throwable t) {
        return msg != null && leaks(msg.getFormattedMessage()) || leaks(t) ? onMatch : onMismatch;
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, Object msg, Throwable t) {
        return msg != null && leaks(String.valueOf(msg)) || leaks(t) ? onMatch : onMismatch;
    }

    @Override
    public Result filter(LogEvent event) {
        return leaks(event.getMessage().getFormattedMessage()) || leaks(event.getThrown()) ? onMatch : onMismatch;
    }

    private static boolean leaks(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (leaks(c.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static boolean leaks(String text) {
        if (text == null) {
            return false;
        }
        String s = secret;
        if (s != null && text.contains(s)) {
            return true;
        }
        for (String marker : MARKERS) {
            if (text.contains(marker)) {
                return true;
            }
        }
        return false;
    }
}
