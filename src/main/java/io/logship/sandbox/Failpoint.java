package io.logship.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.logship.core.AttemptObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named points in the ship path where a crash test can hold logship still, so that it can be
 * killed (kill -9) or its NAS killed at an exact stage. Used only when the JVM is started with
 * {@code -Dlogship.attemptObserver=io.logship.sandbox.Failpoint} (the crash tests do), and dormant
 * unless {@code -Dlogship.failpoint=NAME} is set too; then the first attempt that reaches NAME prints
 * {@code LOGSHIP FAILPOINT NAME} and waits until the file named by {@code -Dlogship.failpoint.release}
 * exists (at most ten minutes). Stages: upload-midway, after-upload, after-verify, after-rename,
 * after-sidecar.
 */
public final class Failpoint implements AttemptObserver {

    private static final Logger LOG = LoggerFactory.getLogger(Failpoint.class);
    private static final String ARMED = System.getProperty("logship.failpoint");
    private static final String RELEASE = System.getProperty("logship.failpoint.release");
    private static final Set<String> FIRED = ConcurrentHashMap.newKeySet();

    @Override
    public boolean holds(String name) {
        return name.equals(ARMED) && !FIRED.contains(name);
    }

    @Override
    public void reached(String name) {
        if (!holds(name) || !FIRED.add(name)) {
            return;
        }
        LOG.warn("LOGSHIP FAILPOINT {} reached; holding until {} exists", name, RELEASE);
        System.out.println("LOGSHIP FAILPOINT " + name);
        System.out.flush();
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (RELEASE == null || !Files.exists(Path.of(RELEASE))) {
            if (System.nanoTime() > deadline) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
