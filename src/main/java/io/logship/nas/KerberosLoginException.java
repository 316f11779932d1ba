package io.logship.nas;

import java.io.IOException;

/**
 * A Kerberos login failed; the message says what to fix (naming the key), the cause is the JDK's
 * exception. {@link NasException} turns it into the one line an operator reads.
 */
public class KerberosLoginException extends IOException {

    private final KerberosFailure failure;

    KerberosLoginException(KerberosFailure failure, String advice, Throwable cause) {
        super(advice, cause);
        this.failure = failure;
    }

    public KerberosFailure failure() {
        return failure;
    }
}
