package io.logship.nas;

import java.net.ConnectException;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.time.Duration;
import java.time.Instant;

import javax.security.auth.login.LoginException;

import com.hierynomus.protocol.transport.TransportException;
import com.hierynomus.smbj.common.SMBRuntimeException;
import org.ietf.jgss.GSSException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK's Kerberos failures as they reach logship (the chains measured against Samba's KDC: a JAAS
 * login's LoginException, a service ticket's GSSException wrapped by smbj), and the lines they become.
 */
class KerberosFailureTest {

    private static final String SHARE = "//files.corp.example:445/logs";

    /** What smbj throws when the JDK cannot get a service ticket during SPNEGO. */
    private static SMBRuntimeException fromSmbj(String kdcMessage) {
        GSSException gss = new GSSException(GSSException.NO_CRED, -1, kdcMessage);
        GSSException spnego = new GSSException(GSSException.NO_CRED, -1, gss.getMessage());
        spnego.initCause(gss);
        return new SMBRuntimeException(new TransportException(new PrivilegedActionException(new TransportException(spnego))));
    }

    private static LoginException login(String message, Throwable cause) {
        LoginException e = new LoginException(message);
        e.initCause(cause);
        return e;
    }

    @Test
    void readsTheKdcErrorCodeWhereverItSits() {
        assertEquals(KerberosFailure.NO_SERVICE_PRINCIPAL, KerberosFailure.of(fromSmbj("Server not found in Kerberos database (7)")));
        assertEquals(KerberosFailure.TICKET_EXPIRED, KerberosFailure.of(fromSmbj("Ticket expired (32)")));
        assertEquals(KerberosFailure.CLOCK_SKEW, KerberosFailure.of(login("Clock skew too great (37)", null)));
        assertEquals(KerberosFailure.UNKNOWN_PRINCIPAL, KerberosFailure.of(login("Client not found in Kerberos database (6)", null)));
        assertEquals(KerberosFailure.WRONG_KEY, KerberosFailure.of(login("Pre-authentication information was invalid (24)", null)));
        assertEquals(KerberosFailure.ACCOUNT_DISABLED, KerberosFailure.of(login("Clients credentials have been revoked (18)", null)));
        assertEquals(KerberosFailure.NO_KEY_IN_KEYTAB, KerberosFailure.of(login("Unable to obtain password from user", null)));
        assertEquals(KerberosFailure.KDC_UNREACHABLE, KerberosFailure.of(login("Connection refused", new ConnectException("Connection refused"))));
        assertEquals(KerberosFailure.KDC_UNREACHABLE, KerberosFailure.of(login("Cannot locate KDC", null)));
        assertEquals(KerberosFailure.OTHER, KerberosFailure.of(login("something new", null)));
    }

    @Test
    void aFailureWithoutKerberosInItIsNotOne() {
        // an SMB connection refused is the NAS unreachable, not a KDC
        assertNull(KerberosFailure.of(new TransportException(new ConnectException("Connection refused"))));
        assertNull(KerberosFailure.of(new IllegalStateException("x (7)")));
    }

    @Test
    void theDetailIsTheKdcsOwnWords() {
        assertEquals("Server not found in Kerberos database (7)", KerberosFailure.detail(fromSmbj("Server not found in Kerberos database (7)")));
        assertEquals("Connection refused", KerberosFailure.detail(login("Connection refused", new ConnectException("Connection refused"))));
    }

    @Test
    void eachCauseBecomesOneLineNamingWhatToFix() {
        KerberosCredentials keytab = new KerberosCredentials("svc-logship@CORP.EXAMPLE", Path.of("/etc/logship/svc.keytab"), null,
                Path.of("/etc/logship/krb5.conf"));
        Throwable skew = login("Clock skew too great (37)", null);
        assertEquals("NAS " + SHARE + " could not log in with Kerberos: this machine's clock and the domain controller's"
                + " differ by more than the KDC allows (5 minutes by default): synchronise this machine's time with the"
                + " domain's (Clock skew too great (37)) while trying to connect as svc-logship@CORP.EXAMPLE with Kerberos",
                line(keytab, KerberosFailure.CLOCK_SKEW, skew));
        assertEquals("NAS " + SHARE + " could not log in with Kerberos: logship.nas.kerberos.keytab=/etc/logship/svc.keytab"
                + " does not hold the current key of svc-logship@CORP.EXAMPLE (was its password changed after the keytab"
                + " was made?): make a new keytab (docs/security.md) (Pre-authentication information was invalid (24))"
                + " while trying to connect as svc-logship@CORP.EXAMPLE with Kerberos",
                line(keytab, KerberosFailure.WRONG_KEY, login("Pre-authentication information was invalid (24)", null)));
        KerberosCredentials password = new KerberosCredentials("svc-logship@CORP.EXAMPLE", null, "pw", null);
        assertTrue(line(password, KerberosFailure.WRONG_KEY, login("Pre-authentication information was invalid (24)", null))
                .contains("the KDC rejected the password of svc-logship@CORP.EXAMPLE: correct logship.nas.password or"
                        + " logship.nas.passwordFile"));
        assertTrue(line(password, KerberosFailure.KDC_UNREACHABLE, login("Receive timed out", null))
                .contains("no KDC of the realm answers: check the KDCs named in the krb5.conf (logship.nas.kerberos.config)"));
    }

    @Test
    void aKerberosFailurePausesLikeAFailedLoginAndNeverQuarantines() {
        NasException e = new NasException(SHARE, "connect as x", fromSmbj("Server not found in Kerberos database (7)"));
        assertEquals(NasException.Reason.KERBEROS_FAILED, e.reason());
        // without logship's own keys (a DFS referral's login inside smbj), the advice still names the cause
        assertTrue(e.getMessage().contains("could not log in with Kerberos: the KDC has no service principal cifs/<name> for"
                + " the server a DFS link points to"), e.getMessage());
        assertFalse(e.getMessage().contains("TransportException"), e.getMessage());
    }

    @Test
    void theLoginIsRepeatedBeforeItsTicketEnds() {
        Instant start = Instant.parse("2026-12-06T08:00:00Z");
        // a domain's 10-hour ticket: again after 8 hours, a fifth before its end
        Instant end = start.plus(Duration.ofHours(10));
        assertFalse(KerberosCredentials.renewDue(start, end, start.plus(Duration.ofHours(7))));
        assertTrue(KerberosCredentials.renewDue(start, end, start.plus(Duration.ofHours(8))));
        // a short ticket: at least five minutes before its end (a KDC refuses service tickets near it)
        Instant shortEnd = start.plus(Duration.ofMinutes(20));
        assertFalse(KerberosCredentials.renewDue(start, shortEnd, start.plus(Duration.ofMinutes(14))));
        assertTrue(KerberosCredentials.renewDue(start, shortEnd, start.plus(Duration.ofMinutes(15))));
    }

    private static String line(KerberosCredentials c, KerberosFailure failure, Throwable cause) {
        return new NasException(SHARE, "connect as " + c.principal() + " with Kerberos",
                new KerberosLoginException(failure, c.explain(failure, "files.corp.example"), cause)).getMessage();
    }
}
