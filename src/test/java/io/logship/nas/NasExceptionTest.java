package io.logship.nas;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.protocol.transport.TransportException;
import com.hierynomus.smbj.common.SMBRuntimeException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NasExceptionTest {

    private static SMBApiException status(NtStatus s) {
        return new SMBApiException(s.getValue(), null, null);
    }

    @Test
    void namesTheCauseAnOperatorActsOn() {
        NasException e = new NasException("//nas01:445/logs", "connect as svc", status(NtStatus.STATUS_LOGON_FAILURE));
        assertEquals(NasException.Reason.AUTH_FAILED, e.reason());
        assertEquals("NAS //nas01:445/logs refused the login: wrong user name or password (STATUS_LOGON_FAILURE)"
                + " while trying to connect as svc", e.getMessage());
    }

    /** A disabled account, an expired password, a logon type not granted: the words say which, not "wrong password". */
    @Test
    void aRefusedLoginNamesWhatTheServerRefusedNotAlwaysThePassword() {
        String[][] cases = {
            {"STATUS_ACCOUNT_DISABLED", "refused the login: the account is disabled"},
            {"STATUS_PASSWORD_EXPIRED", "refused the login: the account's password has expired"},
            {"STATUS_LOGON_TYPE_NOT_GRANTED", "refused the login: the account may not log on over the network"},
        };
        for (String[] c : cases) {
            NasException e = new NasException("//nas01:445/logs", "connect as svc", status(NtStatus.valueOf(c[0])));
            assertEquals(NasException.Reason.AUTH_FAILED, e.reason(), c[0]);
            assertEquals("NAS //nas01:445/logs " + c[1] + " (" + c[0] + ") while trying to connect as svc", e.getMessage());
        }
    }

    @Test
    void classifiesRefusedConnectionsDeniedAccessAndFullShares() {
        assertEquals(NasException.Reason.NAS_UNREACHABLE,
                new NasException("s", "a", new TransportException(new ConnectException("Connection refused"))).reason());
        assertEquals(NasException.Reason.ACCESS_DENIED, new NasException("s", "a", status(NtStatus.STATUS_ACCESS_DENIED)).reason());
        assertEquals(NasException.Reason.SHARE_FULL, new NasException("s", "a", status(NtStatus.STATUS_DISK_FULL)).reason());
        assertEquals(NasException.Reason.NO_SUCH_SHARE, new NasException("s", "a", status(NtStatus.STATUS_BAD_NETWORK_NAME)).reason());
        assertEquals(NasException.Reason.OTHER, new NasException("s", "a", new IllegalStateException("x")).reason());
    }

    @Test
    void aSessionOrShareTheServerDroppedIsALostSessionWhateverSaysIt() {
        for (NtStatus s : new NtStatus[] {NtStatus.STATUS_NETWORK_NAME_DELETED, NtStatus.STATUS_USER_SESSION_DELETED,
                NtStatus.STATUS_NETWORK_SESSION_EXPIRED}) {
            NasException e = new NasException("//nas01:445/logs", "write x", status(s));
            assertEquals(NasException.Reason.SESSION_LOST, e.reason(), s.name());
            assertEquals("NAS //nas01:445/logs closed the session or share (" + s.name() + ") while trying to write x",
                    e.getMessage());
        }
        // smbj's words for a share it closed itself, without a cause
        assertEquals(NasException.Reason.SESSION_LOST, NasException.classify(new SMBRuntimeException("DiskShare has already been closed")));
        // the share missing from the start, or the server out of resources: not a lost session
        assertEquals(NasException.Reason.NO_SUCH_SHARE, NasException.classify(status(NtStatus.STATUS_BAD_NETWORK_NAME)));
        assertEquals(NasException.Reason.OTHER, NasException.classify(status(NtStatus.STATUS_INSUFF_SERVER_RESOURCES)));
    }

    @Test
    void noAnswerInTimeIsNotAnsweringAndAConnectThatTimedOutIsUnreachable() {
        // smbj's wait for an answer
        assertEquals(NasException.Reason.NOT_ANSWERING, NasException.classify(
                new SMBRuntimeException(new TransportException(new TimeoutException("Timeout expired")))));
        // the TCP connect: no host answers at all
        assertEquals(NasException.Reason.NAS_UNREACHABLE, NasException.classify(
                new TransportException(new SocketTimeoutException("Connect timed out"))));
        NasException e = NasException.notAnswering("//nas01:445/logs", "write x", 30, new TimeoutException());
        assertEquals(NasException.Reason.NOT_ANSWERING, e.reason());
        assertEquals("NAS //nas01:445/logs not answering within 30 s (logship.nas.timeoutSeconds) while trying to write x",
                e.getMessage());
    }

    @Test
    void aStatusSmbjHasNoNameForIsNamedByItsCode() {
        // STATUS_OBJECT_PATH_SYNTAX_BAD: smbj maps it to STATUS_OTHER, which names nothing
        NasException e = new NasException("//nas01:445/logs", "create a/b", new SMBApiException(0xC000003BL, null, null));
        assertEquals(NasException.Reason.OTHER, e.reason());
        assertEquals("NAS //nas01:445/logs failed (NT status 0xC000003B) while trying to create a/b", e.getMessage());
    }
}
