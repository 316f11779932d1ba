package io.logship.config;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoggingSetupTest {

    /**
     * One logging context for the process (log4j2.component.properties): getting a logger does not walk
     * the caller's stack. smbj gets one for every request it sends, so a context per class loader cost
     * about a tenth of logship's CPU with small files.
     */
    @Test
    void loggersComeFromOneContextWithoutLookingUpTheCaller() {
        assertFalse(LogManager.getFactory().isClassLoaderDependent(), "log4j2.contextSelector is not the basic one");
        Logger a = LoggerFactory.getLogger("io.logship.test");
        Logger b = LoggerFactory.getLogger("io.logship.test");
        assertSame(a, b);
    }

    /**
     * Every target's password is masked wherever it appears, by value and after its key, in what
     * logship and Camel (at DEBUG) log and in exceptions; the rest of the line stays.
     */
    @Test
    void everyTargetsPasswordIsMaskedAndTheRestOfTheLineIsKept() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        assertTrue(ctx.getConfiguration().getRootLogger().getLogEventFactory() instanceof SecretLogMasker,
                "log4j2.component.properties names the masker");
        SecretLogMasker.install();
        SecretLogMasker.secret("first-Pa55word");
        SecretLogMasker.secret("second-Pa55word");
        StringWriter out = new StringWriter();
        WriterAppender appender = WriterAppender.newBuilder().setName("secrets-test").setTarget(out)
                .setLayout(PatternLayout.newBuilder().withPattern("%msg%n%throwable").build()).build();
        appender.start();
        ctx.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        Configurator.setLevel("org.apache.camel.test", Level.DEBUG);
        ctx.updateLoggers();
        try {
            Logger logship = LoggerFactory.getLogger("io.logship.test");
            Logger camel = LoggerFactory.getLogger("org.apache.camel.test");
            logship.info("shipped /data/first-Pa55word/trans.log to nas01");
            camel.debug("endpoint smb://svc@nas02/logs?password=RAW(second-Pa55word)&bufferSize=1");
            camel.debug("Property logship.target.x.nas.password=unknown-Value1 resolved");
            camel.debug("endpoint nas://nas02/logs?pasword=unknown-Value4&passwd=unknown-Value5&PWD=unknown-Value6 refused");
            camel.debug("Found an OS environment property: logship.nas.password with value: unknown-Value3 to be used.");
            logship.warn("environment LOGSHIP_TARGET_X_NAS_PASSWORD=unknown-Value2 seen");
            logship.error("upload failed", new IOException("login with second-Pa55word refused",
                    new IllegalStateException("cause names first-Pa55word")));
        } finally {
            ctx.getConfiguration().getRootLogger().removeAppender("secrets-test");
            ctx.updateLoggers();
            appender.stop();
        }
        String text = out.toString();
        for (String secret : List.of("first-Pa55word", "second-Pa55word", "unknown-Value1", "unknown-Value2", "unknown-Value3",
                "unknown-Value4", "unknown-Value5", "unknown-Value6")) {
            assertFalse(text.contains(secret), secret + " is in the output:\n" + text);
        }
        for (String kept : List.of("shipped /data/******/trans.log to nas01",
                "endpoint smb://svc@nas02/logs?password=******&bufferSize=1",
                "endpoint nas://nas02/logs?pasword=******&passwd=******&PWD=****** refused", "Property logship.target.x.nas.password=****** resolved",
                "environment LOGSHIP_TARGET_X_NAS_PASSWORD=****** seen",
                "property: logship.nas.password with value: ****** to be used.", "upload failed", "login with ****** refused",
                "cause names ******", "at io.logship.config.LoggingSetupTest")) {
            assertTrue(text.contains(kept), "'" + kept + "' is not in the output:\n" + text);
        }
    }
}
