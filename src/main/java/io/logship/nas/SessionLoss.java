package io.logship.nas;

import java.util.EnumSet;
import java.util.Set;

import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.common.SMBRuntimeException;
import io.logship.core.Causes;

/**
 * Decides whether a failure means that the server no longer knows a lane's session or tree connect,
 * while the server itself may be fine: the lane then connects afresh and the work is tried once
 * more at once ({@link NasClient#retryOnLostSession}), rather than pausing shipping.
 *
 * <ul>
 * <li>{@code STATUS_NETWORK_NAME_DELETED}: the tree connect is gone (an administrator closed the
 * share, {@code smbcontrol smbd close-share}, or re-created it under the same name);</li>
 * <li>{@code STATUS_USER_SESSION_DELETED}: the server dropped the session (an administrator closed
 * it, the server forgot it after a failover);</li>
 * <li>{@code STATUS_NETWORK_SESSION_EXPIRED}: the session's authentication expired (a Kerberos
 * ticket); smbj does not re-authenticate a session (its Connection has a TODO for it), so a new
 * login on a new connection is the way;</li>
 * <li>smbj's own "DiskShare has already been closed" (and the same for a session): smbj closed the
 * tree itself, and a request raced with it.</li>
 * </ul>
 */
final class SessionLoss {

    private static final Set<NtStatus> STATUSES = EnumSet.of(NtStatus.STATUS_NETWORK_NAME_DELETED,
            NtStatus.STATUS_USER_SESSION_DELETED, NtStatus.STATUS_NETWORK_SESSION_EXPIRED);
    /** smbj's message (Share.send) for a tree connect it closed itself; it has no cause. */
    private static final String CLOSED_BY_SMBJ = " has already been closed";

    private SessionLoss() {
    }

    /** The status's name if it says the session or tree connect is gone, else null. */
    static String ofStatus(long statusCode) {
        NtStatus status = NtStatus.valueOf(statusCode);
        return STATUSES.contains(status) ? status.name() : null;
    }

    /** What says the session or tree connect is gone (a status name, smbj's words), or null when nothing does. */
    static String of(Throwable failure) {
        for (Throwable t : Causes.of(failure)) {
            if (t instanceof SMBApiException api) {
                return STATUSES.contains(api.getStatus()) ? api.getStatus().name() : null;
            }
            if (t instanceof SMBRuntimeException && t.getCause() == null && t.getMessage() != null
                    && t.getMessage().endsWith(CLOSED_BY_SMBJ)) {
                return t.getMessage();
            }
        }
        return null;
    }
}
