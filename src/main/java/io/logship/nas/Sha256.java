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

    /**
     * A sidecar: {@link #sidecarLine}, and when the file had another name where it came from, a comment
     * line naming it ({@code sha256sum -c} skips lines that begin with '#'), its control characters as
     * {@code \xNN} so that it stays one line.
     */
    public static String sidecar(String hex, String fileName, String originalName) {
        String line = sidecarLine(hex, fileName);
        if (originalName.equals(fileName)) {
            return line;
        }
        StringBuilder original = new StringBuilder();
        for (char c : originalName.toCharArray()) {
            if (c < 0x20 || c == 0x7F) {
                original.append(String.format("\\x%02x", (int) c));
            } else {
                original.append(c);
            }
        }
        return line + ORIGINAL_NAME + original + "\n";
    }

    /** The beginning of a sidecar's comment line naming the file's original name. */
    public static final String ORIGINAL_NAME = "# logship: original name ";
}
