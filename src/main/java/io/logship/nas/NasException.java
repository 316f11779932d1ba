package io.logship.nas;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMBApiException;
import io.logship.core.Causes;

/** The NAS could not be reached or refused an operation; the message names the share and the cause. */
public class NasException extends RuntimeException {

    /** Why the NAS failed, in the words an operator acts on. */
    public enum Reason {
        NAS_UNREACHABLE("unreachable"),
        /** The connection is up but the server does not answer: a hung disk or service. */
        NOT_ANSWERING("not answering"),
        /** The server no longer knows the session or the tree connect (SessionLoss): a new connection may work. */
        SESSION_LOST("closed the session or share"),
        AUTH_FAILED("refused the login: wrong user name or password"),
        ACCESS_DENIED("denied access"),
        SHARE_FULL("is full"),
        NO_SUCH_SHARE("has no such share"),
        NAME_REJECTED("rejected the file name"),
        NO_ENCRYPTION("cannot encrypt"),
        /** STATUS_NTLM_BLOCKED: the server (or the domain) takes Kerberos logins only. */
        NTLM_BLOCKED("refuses NTLM: set logship.nas.auth=kerberos (docs/security.md)"),
        /** The Kerberos login failed before the server could answer; {@link KerberosFailure} says why. */
        KERBEROS_FAILED("could not log in with Kerberos"),
        /** STATUS_PATH_NOT_COVERED: the path is in a DFS namespace, which logship follows only when told to. */
        DFS_PATH("serves this path through DFS: set logship.nas.dfs=true"),
        OTHER("failed");

        private final String words;

        Reason(String words) {
            this.words = words;
        }
    }

    /** STATUS_NTLM_BLOCKED, which smbj has no name for. */
    static final long STATUS_NTLM_BLOCKED = 0xC0000418L;

    private final Reason reason;

    public NasException(String share, String action, Throwable cause) {
        this(classify(cause), share, action, cause);
    }

    public NasException(Reason reason, String share, String action, Throwable cause) {
        this(reason, "NAS " + share + " " + words(reason, cause) + " (" + detail(cause) + ") while trying to " + action,
                cause);
    }

    private NasException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The reason's words; a Kerberos failure's say what failed and what to fix. */
    private static String words(Reason reason, Throwable cause) {
        if (reason == Reason.AUTH_FAILED) {
            return authWords(cause);
        }
        if (reason != Reason.KERBEROS_FAILED) {
            return reason.words;
        }
        for (Throwable t : Causes.of(cause)) {
            if (t instanceof KerberosLoginException k) {
                return reason.words + ": " + k.getMessage();
            }
        }
        // a login smbj made itself (a DFS referral to another server): the advice without logship's keys
        return reason.words + ": " + KerberosFailure.of(cause).advice(null, null, null, null);
    }

    /** A refused login: the password only when the server said the password (or the name) is wrong. */
    private static String authWords(Throwable cause) {
        for (Throwable t : Causes.of(cause)) {
            if (t instanceof SMBApiException api) {
                switch (api.getStatus()) {
                    case STATUS_ACCOUNT_DISABLED:
                        return "refused the login: the account is disabled";
                    case STATUS_PASSWORD_EXPIRED:
                        return "refused the login: the account's password has expired";
                    case STATUS_LOGON_TYPE_NOT_GRANTED:
                        return "refused the login: the account may not log on over the network";
                    default:
                        return Reason.AUTH_FAILED.words;
                }
            }
        }
        return Reason.AUTH_FAILED.words;
    }

    /** The server no longer knows the session or the share; {@code what} names how it said so (a status). */
    public static NasException sessionLost(String share, String action, String what, Throwable cause) {
        return new NasException(Reason.SESSION_LOST, "NAS " + share + " " + Reason.SESSION_LOST.words + " (" + what
                + ") while trying to " + action, cause);
    }

    /** The server did not answer within {@code seconds} (logship.nas.timeoutSeconds). */
    public static NasException notAnswering(String share, String action, long seconds, Throwable cause) {
        return new NasException(Reason.NOT_ANSWERING, "NAS " + share + " " + Reason.NOT_ANSWERING.words + " within "
                + seconds + " s (logship.nas.timeoutSeconds) while trying to " + action, cause);
    }

    public Reason reason() {
        return reason;
    }

    public static Reason classify(Throwable e) {
        if (KerberosFailure.of(e) != null) {
            return Reason.KERBEROS_FAILED;
        }
        if (SessionLoss.of(e) != null) {
            return Reason.SESSION_LOST;
        }
        for (Throwable t : Causes.of(e)) {
            // smbj's wait for an answer, or logship's for a write's; not a connect that timed out (unreachable)
            if (t instanceof TimeoutException) {
                return Reason.NOT_ANSWERING;
            }
        }
        for (Throwable t : Causes.of(e)) {
            if (t instanceof SMBApiException api) {
                NtStatus s = api.getStatus();
                switch (s) {
                    case STATUS_LOGON_FAILURE, STATUS_ACCOUNT_DISABLED, STATUS_PASSWORD_EXPIRED,
                            STATUS_LOGON_TYPE_NOT_GRANTED:
                        return Reason.AUTH_FAILED;
                    case STATUS_ACCESS_DENIED:
                        return Reason.ACCESS_DENIED;
                    case STATUS_DISK_FULL:
                        return Reason.SHARE_FULL;
                    case STATUS_BAD_NETWORK_NAME:
                        return Reason.NO_SUCH_SHARE;
                    case STATUS_OBJECT_NAME_INVALID:
                        return Reason.NAME_REJECTED;
                    case STATUS_BAD_NETWORK_PATH:
                        return Reason.NAS_UNREACHABLE;
                    case STATUS_PATH_NOT_COVERED:
                        return Reason.DFS_PATH;
                    default:
                        if (api.getStatusCode() == STATUS_NTLM_BLOCKED) {
                            return Reason.NTLM_BLOCKED;
                        }
                        // smbj could not reach the server a DFS link refers to: that server is down
                        return DfsPaths.unreachableTarget(api) != null ? Reason.NAS_UNREACHABLE : Reason.OTHER;
                }
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException
                    || t instanceof java.io.EOFException
                    || t instanceof java.net.SocketException
                    || t instanceof com.hierynomus.protocol.transport.TransportException) {
                return Reason.NAS_UNREACHABLE;
            }
        }
        return Reason.OTHER;
    }

    private static String detail(Throwable e) {
        if (KerberosFailure.of(e) != null) {
            return KerberosFailure.detail(e);
        }
        for (Throwable t : Causes.of(e)) {
            if (t instanceof SMBApiException api) {
                String target = DfsPaths.unreachableTarget(api);
                if (target != null) {
                    return "DFS target " + target + ": " + rootMessage(api);
                }
                // smbj names only the statuses it knows; the others all read STATUS_OTHER
                return api.getStatusCode() == STATUS_NTLM_BLOCKED ? "STATUS_NTLM_BLOCKED"
                        : api.getStatus() == NtStatus.STATUS_OTHER
                        ? String.format("NT status 0x%08X", api.getStatusCode()) : api.getStatus().name();
            }
        }
        return rootMessage(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = Causes.root(e);
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
