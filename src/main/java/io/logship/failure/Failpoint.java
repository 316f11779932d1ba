package io.logship.failure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named points in the ship path where a crash test can hold logship still, so that it can be
 * killed (kill -9) or its NAS killed at an exact stage. Dormant unless the JVM is started with
 * {@code -Dlogship.failpoint=NAME}; then the first attempt that reaches NAME prints
 * {@code LOGSHIP FAILPOINT NAME} and waits until the file named by {@code -Dlogship.failpoint.release}
 * exists (at most ten minutes). Stages: upload-midway, after-upload, after-verify, after-rename,
 * after-sidecar.
 */
public final class Failpoint {

    private static final Logger LOG = LoggerFactory.getLogger(Failpoint.class);
    private static final String ARMED = System.getProperty("logship.failpoint");
    private static final String RELEASE = System.getProperty("logship.failpoint.release");
    private static final Set<String> FIRED = ConcurrentHashMap.newKeySet();
    /** In-process tests' actions at a failpoint, e.g. damaging the upload inside the nas: producer. */
    private static final Map<String, Runnable> ACTIONS = new ConcurrentHashMap<>();

    private Failpoint() {
    }

    public static boolean armed(String name) {
        return name.equals(ARMED) && !FIRED.contains(name);
    }

    /** Runs {@code action} each time an attempt reaches {@code name}, until {@link #clear}; for in-process tests. */
    public static void onReach(String name, Runnable action) {
        ACTIONS.put(name, action);
    }

    public static void clear(String name) {
        ACTIONS.remove(name);
    }

    public static void reach(String name) {
        Runnable action = ACTIONS.get(name);
        if (action != null) {
            action.run();
        }
        if (!armed(name) || !FIRED.add(name)) {
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
