package io.logship.nas;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 digests; every JDK has the algorithm, so its absence is a broken runtime. */
public final class Sha256 {

    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime has no SHA-256", e);
        }
    }

    /** One line in the format {@code sha256sum -c} reads: hash, two spaces, name, newline. */
    public static String sidecarLine(String hex, String fileName) {
        return hex + "  " + fileName + "\n";
    }
}
