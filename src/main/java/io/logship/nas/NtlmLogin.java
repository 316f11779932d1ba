package io.logship.nas;

import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;

/**
 * A password login (logship.nas.auth=ntlm), which smbj sends as NTLMv2. A server that refuses NTLM
 * answers STATUS_NTLM_BLOCKED; {@link NasException} then names logship.nas.auth=kerberos.
 */
final class NtlmLogin implements NasLogin {

    private final String username;
    private final String password;
    private final String domain;

    NtlmLogin(String username, String password, String domain) {
        this.username = username;
        this.password = password;
        this.domain = domain;
    }

    @Override
    public Session logIn(Connection connection) {
        return connection.authenticate(
                new AuthenticationContext(username, password.toCharArray(), domain.isEmpty() ? null : domain));
    }

    /** The user name, never the password. */
    @Override
    public String toString() {
        return username.isEmpty() ? "guest" : username;
    }
}
