package io.logship.nas;

import java.util.concurrent.TimeUnit;

import com.hierynomus.security.bc.BCSecurityProvider;
import com.hierynomus.smbj.SmbConfig;
import io.logship.nas.crypto.JdkSecurityProvider;

/** Builds the smbj configuration of a target's {@link NasClient}s (its shipping lanes and its probe). */
public final class SmbConfigFactory {

    private SmbConfigFactory() {
    }

    /**
     * @param jdkCrypto sign and seal with the JDK's AES ({@link JdkSecurityProvider}) rather than
     *                  smbj's default, BouncyCastle's pure-Java AES
     * @param encrypt   seal every message (SMB 3 encryption) rather than only sign it
     */
    public static SmbConfig create(int bufferSize, int timeoutSeconds, boolean jdkCrypto, boolean encrypt) {
        return create(bufferSize, timeoutSeconds, jdkCrypto, encrypt, false);
    }

    /**
     * @param dfs follow DFS referrals (logship.nas.dfs): a path in a DFS namespace is opened on the share
     *            its link points to, on the same connection when the link names the same server
     */
    public static SmbConfig create(int bufferSize, int timeoutSeconds, boolean jdkCrypto, boolean encrypt, boolean dfs) {
        return SmbConfig.builder()
                .withDfsEnabled(dfs)
                .withEncryptData(encrypt)
                .withSecurityProvider(jdkCrypto ? new JdkSecurityProvider() : new BCSecurityProvider())
                // SMB2/3 only (smbj never speaks SMB1); signing required so a tampering hop is detected
                .withSigningRequired(true)
                // bytes per read and write request; NasClient caps it at the server's negotiated maximum
                .withBufferSize(bufferSize)
                .withTimeout(timeoutSeconds, TimeUnit.SECONDS)
                .build();
    }
}
