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

    @Override
    public boolean isLiveness() {
        return false;
    }
}
