package io.logship.health;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A logship health check: group "logship", part of readiness only. None of these conditions (NAS
 * down, disk filling, backlog, quarantine, integrity) is a reason to restart logship.
 */
public abstract class ReadinessCheck extends AbstractHealthCheck {

    protected ReadinessCheck(String id) {
        super("logship", id);
    }

    /** The check's id for a target: {@code kind} for the main target, {@code kind-NAME} for the others. */
    public static String id(String kind, String target) {
        return io.logship.config.LogshipSettings.perTarget(kind, target);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }
}
