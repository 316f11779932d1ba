package io.logship.nas;

import java.util.concurrent.TimeUnit;

import com.hierynomus.smbj.SmbConfig;

/** Builds the one smbj configuration shared by the camel-smb producer and {@link NasClient}. */
public final class SmbConfigFactory {

    private SmbConfigFactory() {
    }

    public static SmbConfig create(int bufferSize, int timeoutSeconds) {
        return SmbConfig.builder()
                // SMB2/3 only (smbj never speaks SMB1); signing required so a tampering hop is detected
                .withSigningRequired(true)
                // one SMB request per camel-smb write chunk; smbj clamps it to the server's maximum
                .withBufferSize(bufferSize)
                .withTimeout(timeoutSeconds, TimeUnit.SECONDS)
                .build();
    }
}
