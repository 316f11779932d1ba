package io.logship.failure;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

import com.hierynomus.smbj.common.SMBRuntimeException;
import io.logship.nas.NasException;
import io.logship.ship.SourceChangedException;
import io.logship.ship.SourceReadException;
import io.logship.ship.UnsafeNameException;
import io.logship.verify.VerificationFailedException;

/**
 * Why an attempt failed, and so what logship does about it: a NAS-side failure pauses all shipping
 * and retries forever (files stay queued, never quarantined); a failure of one file is retried a
 * few times with backoff and then quarantined, while the files behind it go on.
 */
public enum FailureClass {
    NAS_UNREACHABLE(true),
    AUTH_FAILED(true),
    ACCESS_DENIED(true),
    SHARE_FULL(true),
    /** The share is missing or its server reports an error logship has no name for. */
    SHARE_UNAVAILABLE(true),
    SOURCE_UNREADABLE(false),
    SOURCE_VANISHED(false),
    NAME_REJECTED(false),
    VERIFY_MISMATCH(false),
    OTHER(false),
    /** The file changed while it was shipped: not complete yet; tried again, never counted. */
    SOURCE_CHANGED(false),
    /** Shipping is paused after a NAS-side failure; the file was not tried. */
    PAUSED(false),
    /** Shipped and verified, but the local file could not be disposed of yet (DisposeFailures); never counted. */
    DISPOSE_PENDING(false);

    private final boolean nasSide;

    FailureClass(boolean nasSide) {
        this.nasSide = nasSide;
    }

    public boolean nasSide() {
        return nasSide;
    }

    /** Lower-case name, as in quarantine records and metric labels. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static FailureClass of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ShippingPausedException) {
                return PAUSED;
            }
            if (t instanceof DisposePendingException) {
                return DISPOSE_PENDING;
            }
            if (t instanceof SourceChangedException) {
                return SOURCE_CHANGED;
            }
            if (t instanceof UnsafeNameException) {
                return NAME_REJECTED;
            }
            if (t instanceof VerificationFailedException) {
                return VERIFY_MISMATCH;
            }
            if (t instanceof SourceReadException read) {
                return read.vanished() ? SOURCE_VANISHED : SOURCE_UNREADABLE;
            }
            if (t instanceof NasException nas) {
                // the reason NasClient gave it: its cause alone may not tell (a share smbj closed on a lost connection)
                return fromNas(nas.reason());
            }
            if (t instanceof SMBRuntimeException) {
                return fromNas(NasException.classify(t));
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NoSuchFileException || t instanceof FileNotFoundException) {
                return SOURCE_VANISHED;
            }
            if (t instanceof java.net.SocketException || t instanceof java.net.SocketTimeoutException) {
                return NAS_UNREACHABLE;
            }
        }
        return failure instanceof IOException ? SOURCE_UNREADABLE : OTHER;
    }

    private static FailureClass fromNas(NasException.Reason reason) {
        return switch (reason) {
            case NAS_UNREACHABLE -> NAS_UNREACHABLE;
            case AUTH_FAILED -> AUTH_FAILED;
            case ACCESS_DENIED -> ACCESS_DENIED;
            case SHARE_FULL -> SHARE_FULL;
            case NAME_REJECTED -> NAME_REJECTED;
            case NO_SUCH_SHARE, NO_ENCRYPTION, OTHER -> SHARE_UNAVAILABLE;
        };
    }
}
