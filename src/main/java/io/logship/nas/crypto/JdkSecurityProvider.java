package io.logship.nas.crypto;

import com.hierynomus.security.AEADBlockCipher;
import com.hierynomus.security.Cipher;
import com.hierynomus.security.DerivationFunction;
import com.hierynomus.security.Mac;
import com.hierynomus.security.MessageDigest;
import com.hierynomus.security.SecurityException;
import com.hierynomus.security.SecurityProvider;
import com.hierynomus.security.bc.BCSecurityProvider;
import com.hierynomus.security.jce.JceSecurityProvider;

/**
 * smbj's cryptography on the JDK where the volume of data makes it count: AES-CMAC signing
 * (logship's own {@link JdkAesCmac}), AES-GCM sealing ({@link ThreadGcmCipher}: one JDK cipher per
 * thread, not one per message) and HMAC-SHA256 signing through the JDK's providers, which use the
 * processor's AES and SHA instructions. Everything else (NTLM's MD4/RC4,
 * key derivation, AES-CCM, which the JDK lacks) stays with BouncyCastle, smbj's default.
 */
public final class JdkSecurityProvider implements SecurityProvider {

    private final SecurityProvider jdk = new JceSecurityProvider();
    private final SecurityProvider fallback = new BCSecurityProvider();

    @Override
    public MessageDigest getDigest(String name) throws SecurityException {
        return fallback.getDigest(name);
    }

    @Override
    public Mac getMac(String name) throws SecurityException {
        if ("AesCmac".equals(name)) {
            return new JdkAesCmac();
        }
        if ("HmacSHA256".equals(name)) {
            return jdk.getMac(name);
        }
        return fallback.getMac(name);
    }

    @Override
    public Cipher getCipher(String name) throws SecurityException {
        return fallback.getCipher(name);
    }

    @Override
    public AEADBlockCipher getAEADBlockCipher(String name) throws SecurityException {
        if (ThreadGcmCipher.ALGORITHM.equals(name)) {
            return new ThreadGcmCipher();
        }
        return fallback.getAEADBlockCipher(name);
    }

    @Override
    public DerivationFunction getDerivationFunction(String name) throws SecurityException {
        return fallback.getDerivationFunction(name);
    }
}
