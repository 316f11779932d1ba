package io.logship.nas;

import java.util.concurrent.TimeUnit;

import com.hierynomus.security.bc.BCSecurityProvider;
import com.hierynomus.smbj.SmbConfig;
import io.logship.nas.crypto.JdkSecurityProvider;

/** Builds the one smbj configuration shared by the camel-smb producer and {@link NasClient}. */
public final class SmbConfigFactory {

    private SmbConfigFactory() {
    }

    /**
     * @param jdkCrypto sign and seal with the JDK's AES ({@link JdkSecurityProvider}) rather than
     *                  smbj's default, BouncyCastle's pure-Java AES
     * @param encrypt   seal every message (SMB 3 encryption) rather than only sign it
     */
    public static SmbConfig create(int bufferSize, int timeoutSeconds, boolean jdkCrypto, boolean encrypt) {
        return SmbConfig.builder()
                .withEncryptData(encrypt)
                .withSecurityProvider(jdkCrypto ? new JdkSecurityProvider() : new BCSecurityProvider())
                // SMB2/3 only (smbj never speaks SMB1); signing required so a tampering hop is detected
                .withSigningRequired(true)
                // one SMB request per camel-smb write chunk; smbj clamps it to the server's maximum
                .withBufferSize(bufferSize)
                .withTimeout(timeoutSeconds, TimeUnit.SECONDS)
                .build();
    }
}
