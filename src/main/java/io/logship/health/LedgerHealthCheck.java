package io.logship.health;

import java.util.Map;

import io.logship.audit.AuditLedger;
import io.logship.core.LedgerWriteException;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * {@code ledger}: DOWN while the audit ledger, which every target shares, cannot be written (shipping
 * is paused meanwhile), with the OS error; otherwise the free space of its volume, judged like
 * {@code source-disk} ({@code logship.disk.*}).
 */
public class LedgerHealthCheck extends ReadinessCheck {

    private final AuditLedger ledger;
    private final SourceDiskHealthCheck volume;

    public LedgerHealthCheck(AuditLedger ledger, int warnPercent, int critPercent) {
        super("ledger");
        this.ledger = ledger;
        this.volume = new SourceDiskHealthCheck("ledger", "ledger volume", ledger.dir(), warnPercent, critPercent);
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        volume.doCall(builder, options);
        LedgerWriteException failure = ledger.failure();
        if (failure != null) {
            builder.down().message(failure.getMessage() + "; shipping is paused, files stay queued");
        }
    }
}
