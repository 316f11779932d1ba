package io.logship.config;

import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
