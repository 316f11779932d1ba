package io.logship.nas;

import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;

import javax.security.auth.Subject;

import com.hierynomus.smbj.auth.GSSAuthenticationContext;
import com.hierynomus.smbj.common.SMBRuntimeException;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

/**
 * A Kerberos login (logship.nas.auth=kerberos): smbj's SPNEGO with the credentials of a JAAS login
 * ({@link KerberosCredentials}), never NTLM. smbj asks the KDC for the service principal
 * {@code cifs/<the host connected to>}, so the host must be the server's name. Signing and
 * encryption keys come from the Kerberos session key, as with NTLM from the password.
 */
final class KerberosLogin implements NasLogin {

    private static final Oid SPNEGO = oid("1.3.6.1.5.5.2");

    private final KerberosCredentials credentials;

    /**
     * @param principal logship.nas.kerberos.principal, e.g. svc-logship@CORP.EXAMPLE
     * @param keytab    logship.nas.kerberos.keytab, or null to log in with {@code password}
     * @param config    logship.nas.kerberos.config, or null for the JDK's own krb5.conf lookup
     */
    KerberosLogin(String principal, Path keytab, String password, Path config) {
        this.credentials = new KerberosCredentials(principal, keytab, password, config);
    }

    @Override
    public Session logIn(Connection connection) throws KerberosLoginException {
        try {
            return authenticate(connection);
        } catch (KerberosLoginException e) {
            if (e.failure() != KerberosFailure.TICKET_EXPIRED) {
                throw e;
            }
            // the KDC found the ticket-granting ticket too old (e.g. the machine slept): once more, logged in afresh
            credentials.forget();
            return authenticate(connection);
        }
    }

    private Session authenticate(Connection connection) throws KerberosLoginException {
        Subject subject = credentials.subject();
        try {
            GSSCredential credential = Subject.doAs(subject, (PrivilegedExceptionAction<GSSCredential>) () ->
                    GSSManager.getInstance().createCredential(null, GSSCredential.DEFAULT_LIFETIME, SPNEGO,
                            GSSCredential.INITIATE_ONLY));
            String principal = credentials.principal();
            int at = principal.lastIndexOf('@');
            return connection.authenticate(new GSSAuthenticationContext(at < 0 ? principal : principal.substring(0, at),
                    at < 0 ? null : principal.substring(at + 1), subject, credential));
        } catch (PrivilegedActionException | SMBRuntimeException e) {
            KerberosFailure failure = KerberosFailure.of(e);
            if (failure == null) {
                // the server's own answer (a refused session, a lost connection): NasException names it
                throw e instanceof SMBRuntimeException smb ? smb : new SMBRuntimeException(e);
            }
            throw new KerberosLoginException(failure, credentials.explain(failure, connection.getRemoteHostname()), e);
        }
    }

    private static Oid oid(String oid) {
        try {
            return new Oid(oid);
        } catch (GSSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The principal, never the password. */
    @Override
    public String toString() {
        return credentials.principal() + " with Kerberos";
    }
}
