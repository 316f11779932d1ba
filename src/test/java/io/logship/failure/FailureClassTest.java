package io.logship.failure;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.protocol.transport.TransportException;
import com.hierynomus.smbj.common.SMBRuntimeException;
import io.logship.core.LedgerWriteException;
import io.logship.core.NasUnavailableException;
import io.logship.nas.NasException;
import io.logship.core.SourceChangedException;
import io.logship.core.SourceReadException;
import io.logship.core.VerificationFailedException;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureClassTest {

    private static SMBApiException status(NtStatus s) {
        return new SMBApiException(s.getValue(), null, null);
    }

    @Test
    void exceptionsAreClassifiedByTheirSmbCauseWhateverWrapsThem() {
        // wrapped by Camel, by logship's NasException, or bare smbj exceptions
        assertEquals(FailureClass.NAS_UNREACHABLE, FailureClass.of(new GenericFileOperationFailedException(
                "Cannot connect to: nas01:445 due to: Connection refused",
                new TransportException(new ConnectException("Connection refused")))));
        assertEquals(FailureClass.SHARE_FULL, FailureClass.of(status(NtStatus.STATUS_DISK_FULL)));
        assertEquals(FailureClass.ACCESS_DENIED, FailureClass.of(status(NtStatus.STATUS_ACCESS_DENIED)));
        assertEquals(FailureClass.AUTH_FAILED, FailureClass.of(new NasException("//n/s", "connect", status(NtStatus.STATUS_LOGON_FAILURE))));
        assertEquals(FailureClass.NAME_REJECTED, FailureClass.of(new NasException("//n/s", "rename", status(NtStatus.STATUS_OBJECT_NAME_INVALID))));
        assertEquals(FailureClass.SHARE_UNAVAILABLE, FailureClass.of(new SMBRuntimeException("unexpected")));
    }

    @Test
    void whatTheProducerCallsTheNasSideIsClassedByItsCauseAndNeverAsOneFilesFailure() {
        assertEquals(FailureClass.ACCESS_DENIED, FailureClass.of(new NasUnavailableException("denied",
                new NasException("//n/s", "mkdir 2026", status(NtStatus.STATUS_ACCESS_DENIED)))));
        assertEquals(FailureClass.SHARE_UNAVAILABLE, FailureClass.of(new NasUnavailableException("down", null)));
        assertEquals(FailureClass.SHARE_UNAVAILABLE, FailureClass.of(new NasUnavailableException("down",
                new IllegalStateException("no words for it"))));
    }

    @Test
    void localReadErrorsAreFailuresOfTheFileNotOfTheNas() {
        Path f = Path.of("/logs/trans.log");
        assertEquals(FailureClass.SOURCE_VANISHED, FailureClass.of(new SourceReadException(f, new NoSuchFileException(f.toString()))));
        assertEquals(FailureClass.SOURCE_UNREADABLE, FailureClass.of(new SourceReadException(f, new AccessDeniedException(f.toString()))));
        // the producer wraps a read error of its input stream in its own exception
        assertEquals(FailureClass.SOURCE_UNREADABLE, FailureClass.of(new GenericFileOperationFailedException("x",
                new SourceReadException(f, new IOException("Input/output error")))));
        assertEquals(FailureClass.VERIFY_MISMATCH, FailureClass.of(new VerificationFailedException("differs")));
        assertEquals(FailureClass.SOURCE_CHANGED, FailureClass.of(new SourceChangedException("grew")));
        assertEquals(FailureClass.OTHER, FailureClass.of(new NullPointerException()));
    }

    @Test
    void onlyNasSideClassesPauseShipping() {
        for (FailureClass c : FailureClass.values()) {
            boolean expected = c == FailureClass.NAS_UNREACHABLE || c == FailureClass.NAS_NOT_ANSWERING || c == FailureClass.AUTH_FAILED
                    || c == FailureClass.ACCESS_DENIED || c == FailureClass.SHARE_FULL || c == FailureClass.SHARE_UNAVAILABLE;
            assertEquals(expected, c.nasSide(), c.name());
        }
        assertTrue(FailureClass.SHARE_FULL.nasSide());
        assertFalse(FailureClass.VERIFY_MISMATCH.nasSide());
        assertEquals("verify_mismatch", FailureClass.VERIFY_MISMATCH.label());
    }

    @Test
    void aLedgerWriteFailureIsLogshipsOwnNeitherTheFilesNorTheNas() {
        LedgerWriteException full = new LedgerWriteException(Path.of("/var/lib/logship/ledger"),
                new IOException("No space left on device"));
        assertEquals(FailureClass.LEDGER_UNWRITABLE, FailureClass.of(full));
        assertEquals(FailureClass.LEDGER_UNWRITABLE, FailureClass.of(new GenericFileOperationFailedException("x", full)));
        assertEquals("ledger /var/lib/logship/ledger not writable: No space left on device: free space on its volume"
                + " or fix its permissions (logship.ledger.dir)", full.getMessage());
        assertEquals("ledger_unwritable", FailureClass.LEDGER_UNWRITABLE.label());
    }

    @Test
    void theReasonNasClientGaveCountsOverWhatTheCauseAloneSays() {
        // smbj's own words for a share it closed itself: a session lost, which reaches this class only
        // when the fresh connection lost it again
        SMBRuntimeException closed = new SMBRuntimeException("DiskShare has already been closed");
        assertEquals(FailureClass.NAS_UNREACHABLE, FailureClass.of(closed));
        // closed by the keepalive because the NAS did not answer
        assertEquals(FailureClass.NAS_NOT_ANSWERING, FailureClass.of(
                NasException.notAnswering("//n/s", "write x", 30, closed)));
        assertEquals("nas_not_answering", FailureClass.NAS_NOT_ANSWERING.label());
    }

    @Test
    void onlyStatusesThatMayConcernOnePathAskForAProbe() {
        for (NtStatus s : new NtStatus[] {NtStatus.STATUS_ACCESS_DENIED, NtStatus.STATUS_SHARING_VIOLATION,
                NtStatus.STATUS_NOT_A_DIRECTORY, NtStatus.STATUS_OBJECT_NAME_COLLISION}) {
            assertTrue(FailureClass.mayBeOnePath(new NasException("//n/s", "rename a to b", status(s))), s.name());
            assertTrue(FailureClass.mayBeOnePath(status(s)), s.name());
        }
        // STATUS_OBJECT_PATH_SYNTAX_BAD, which smbj has no name for
        assertTrue(FailureClass.mayBeOnePath(new NasException("//n/s", "create a", new SMBApiException(0xC000003BL, null, null))));
        for (NtStatus s : new NtStatus[] {NtStatus.STATUS_LOGON_FAILURE, NtStatus.STATUS_DISK_FULL,
                NtStatus.STATUS_BAD_NETWORK_NAME, NtStatus.STATUS_NETWORK_NAME_DELETED,
                // the session's or the server's state, whatever the path
                NtStatus.STATUS_USER_SESSION_DELETED, NtStatus.STATUS_NETWORK_SESSION_EXPIRED,
                NtStatus.STATUS_INSUFF_SERVER_RESOURCES, NtStatus.STATUS_VOLUME_DISMOUNTED}) {
            assertFalse(FailureClass.mayBeOnePath(new NasException("//n/s", "rename a to b", status(s))), s.name());
        }
        // no status from the server: a lost connection, not a path
        assertFalse(FailureClass.mayBeOnePath(new NasException("//n/s", "write x",
                new TransportException(new ConnectException("Connection refused")))));
        assertFalse(FailureClass.mayBeOnePath(new NasException(NasException.Reason.OTHER, "//n/s", "write x",
                new SMBRuntimeException("DiskShare has already been closed"))));
        assertFalse(FailureClass.NAS_PATH_REJECTED.nasSide());
        assertEquals("nas_path_rejected", FailureClass.NAS_PATH_REJECTED.label());
    }

    @Test
    void aSharingViolationIsAFileInUseButAccessDeniedIsNot() {
        Path f = Path.of("C:\\logs\\trans.log");
        assertEquals("source_in_use", FailureClass.of(new SourceReadException(f,
                ShipFailuresTest.sharingViolation(f))).label());
        // mode 000 on Linux, or a file whose ACL denies logship's user on Windows: quarantined as before
        assertEquals("source_unreadable", FailureClass.of(new SourceReadException(f,
                new AccessDeniedException(f.toString()))).label());
    }
}
