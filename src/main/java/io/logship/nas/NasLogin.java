package io.logship.nas;

import java.io.IOException;
import java.nio.file.Path;

import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import io.logship.config.LogshipSettings.NasAuth;

/**
 * How a lane of {@link NasClient} logs in on a new SMB connection: with a password, which smbj sends
 * as NTLM ({@link NtlmLogin}), or with Kerberos ({@link KerberosLogin}). {@link #toString()} names who
 * logs in, for messages.
 */
public interface NasLogin {

    /**
     * Authenticates on {@code connection}. A Kerberos failure leaves as a {@link KerberosLoginException}
     * that says what to fix; the server's refusal as smbj's exception, which {@link NasException} names.
     */
    Session logIn(Connection connection) throws IOException;

    /**
     * The login {@code auth} chooses, the one place that choice is made: Kerberos as {@code principal}
     * ({@link #kerberos}), or a password login as {@code username} in {@code domain} ({@link #ntlm}).
     */
    static NasLogin of(NasAuth auth, String username, String domain, String principal, Path keytab, String password,
            Path krb5Config) {
        return auth == NasAuth.KERBEROS ? kerberos(principal, keytab, password, krb5Config)
                : ntlm(username, password, domain);
    }

    /** The password login of {@code username} (guest when empty) in {@code domain} (none when empty). */
    static NasLogin ntlm(String username, String password, String domain) {
        return new NtlmLogin(username, password, domain);
    }

    /**
     * The Kerberos login of {@code principal} from {@code keytab}, or with {@code password} when there is
     * no keytab; {@code krb5Config} is the krb5.conf to read, null for the JDK's own lookup.
     */
    static NasLogin kerberos(String principal, Path keytab, String password, Path krb5Config) {
        return new KerberosLogin(principal, keytab, password, krb5Config);
    }
}
