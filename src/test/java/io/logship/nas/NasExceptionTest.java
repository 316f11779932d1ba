package io.logship.nas;

import java.net.ConnectException;

import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.protocol.transport.TransportException;
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
    void aStatusSmbjHasNoNameForIsNamedByItsCode() {
        // STATUS_OBJECT_PATH_SYNTAX_BAD: smbj maps it to STATUS_OTHER, which names nothing
        NasException e = new NasException("//nas01:445/logs", "create a/b", new SMBApiException(0xC000003BL, null, null));
        assertEquals(NasException.Reason.OTHER, e.reason());
        assertEquals("NAS //nas01:445/logs failed (NT status 0xC000003B) while trying to create a/b", e.getMessage());
    }
}
