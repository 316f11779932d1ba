package io.logship.failure;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.EnumSet;
import java.util.Set;

import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.common.SMBRuntimeException;
import io.logship.core.Causes;
import io.logship.core.DisposePendingException;
import io.logship.core.LedgerWriteException;
import io.logship.core.NasUnavailableException;
import io.logship.core.ShippingPausedException;
import io.logship.core.SourceChangedException;
import io.logship.core.SourceReadException;
import io.logship.core.UnsafeNameException;
import io.logship.core.VerificationFailedException;
import io.logship.nas.NasException;

/**
 * Why an attempt failed, and so what logship does about it: a NAS-side failure pauses all shipping
 * and retries forever (files stay queued, never quarantined); a failure of one file is retried a
 * few times with backoff and then quarantined, while the files behind it go on.
 */
public enum FailureClass {
    NAS_UNREACHABLE(true),
    /** The NAS accepts the connection but answers nothing within logship.nas.timeoutSeconds: a hung disk or service. */
    NAS_NOT_ANSWERING(true),
    AUTH_FAILED(true),
    ACCESS_DENIED(true),
    SHARE_FULL(true),
    /** The share is missing or its server reports an error logship has no name for. */
    SHARE_UNAVAILABLE(true),
    SOURCE_UNREADABLE(false),
    SOURCE_VANISHED(false),
    NAME_REJECTED(false),
    /** The NAS refused this file's path (its folder, its name, a copy in the way) while the share takes the probe's file. */
    NAS_PATH_REJECTED(false),
    VERIFY_MISMATCH(false),
    OTHER(false),
    /** The file changed while it was shipped: not complete yet; tried again, never counted. */
    SOURCE_CHANGED(false),
    /**
     * logship's own audit ledger cannot be written (its volume full, permissions): the file is on the
     * NAS already. It pauses shipping like a NAS-side failure (never quarantines) but says the NAS is fine.
     */
    LEDGER_UNWRITABLE(false),
    /** Another process holds the file (Windows' sharing violation): waited for, never counted, never quarantined. */
    SOURCE_IN_USE(false),
    /** Shipping is paused after a NAS-side failure; the file was not tried. */
    PAUSED(false),
    /** Shipped and verified, but the local file could not be disposed of yet (DisposeFailures); never counted. */
    DISPOSE_PENDING(false);

    /**
     * Statuses of the session or the server, whatever the path: never one file's. (A session or tree connect
     * the server dropped, STATUS_USER_SESSION_DELETED and the like, is never one file's either: its reason,
     * NasException.Reason.SESSION_LOST, says so.)
     */
    private static final Set<NtStatus> SESSION_OR_SERVER = EnumSet.of(NtStatus.STATUS_CONNECTION_DISCONNECTED,
            NtStatus.STATUS_CONNECTION_RESET, NtStatus.STATUS_INSUFFICIENT_RESOURCES,
            NtStatus.STATUS_INSUFF_SERVER_RESOURCES, NtStatus.STATUS_VOLUME_DISMOUNTED, NtStatus.STATUS_IO_TIMEOUT,
            NtStatus.STATUS_REQUEST_NOT_ACCEPTED, NtStatus.STATUS_TOO_MANY_OPENED_FILES, NtStatus.STATUS_DFS_UNAVAILABLE);

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
        for (Throwable t : Causes.of(failure)) {
            if (t instanceof NasUnavailableException nas) {
                // the producer decided it is the NAS's; its cause says how
                FailureClass cause = of(nas.getCause());
                return cause.nasSide() ? cause : SHARE_UNAVAILABLE;
            }
            if (t instanceof ShippingPausedException) {
                return PAUSED;
            }
            if (t instanceof LedgerWriteException) {
                return LEDGER_UNWRITABLE;
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
                return read.vanished() ? SOURCE_VANISHED
                        : SourceReadException.sharingViolation(read.getCause()) ? SOURCE_IN_USE : SOURCE_UNREADABLE;
            }
            if (t instanceof NasException nas) {
                // the reason NasClient gave it: its cause alone may not tell (a share smbj closed on a lost connection)
                return fromNas(nas.reason());
            }
            if (t instanceof SMBRuntimeException) {
                return fromNas(NasException.classify(t));
            }
        }
        for (Throwable t : Causes.of(failure)) {
            if (t instanceof NoSuchFileException || t instanceof FileNotFoundException) {
                return SOURCE_VANISHED;
            }
            if (SourceReadException.sharingViolation(t)) {
                return SOURCE_IN_USE;
            }
            if (t instanceof java.net.SocketException || t instanceof java.net.SocketTimeoutException) {
                return NAS_UNREACHABLE;
            }
        }
        return failure instanceof IOException ? SOURCE_UNREADABLE : OTHER;
    }

    /**
     * True when the NAS answered with a status that may concern this file's path alone (access denied,
     * or a status logship has no name for: a sharing violation, a plain file where a folder should be)
     * rather than the whole share; only a probe of the share tells which.
     */
    public static boolean mayBeOnePath(Throwable failure) {
        NasException.Reason reason = null;
        for (Throwable t : Causes.of(failure)) {
            if (t instanceof NasException nas && reason == null) {
                // the reason NasClient gave it counts over what the status alone says
                reason = nas.reason();
            }
            if (t instanceof SMBApiException api) {
                NasException.Reason r = reason != null ? reason : NasException.classify(api);
                return (r == NasException.Reason.ACCESS_DENIED || r == NasException.Reason.OTHER)
                        && !SESSION_OR_SERVER.contains(api.getStatus());
            }
        }
        return false;
    }

    private static FailureClass fromNas(NasException.Reason reason) {
        return switch (reason) {
            // a session or share the server dropped again right after logship connected afresh
            case NAS_UNREACHABLE, SESSION_LOST -> NAS_UNREACHABLE;
            case NOT_ANSWERING -> NAS_NOT_ANSWERING;
            // a refused NTLM and a failed Kerberos login are failed logins too: shipping pauses, nothing is quarantined
            case AUTH_FAILED, NTLM_BLOCKED, KERBEROS_FAILED -> AUTH_FAILED;
            case ACCESS_DENIED -> ACCESS_DENIED;
            case SHARE_FULL -> SHARE_FULL;
            case NAME_REJECTED -> NAME_REJECTED;
            case NO_SUCH_SHARE, NO_ENCRYPTION, DFS_PATH, OTHER -> SHARE_UNAVAILABLE;
        };
    }
}
