package io.logship.ship;

import java.nio.file.Path;

import io.logship.core.SourceChangedException;
import io.logship.nas.RemoteFile;

/**
 * What one attempt to ship one file knows, handed from step to step in an exchange property:
 * the local file as it was when the attempt began, and the NAS names it uses.
 */
public final class ShipAttempt {

    /** The exchange property holding the attempt. */
    public static final String PROPERTY = "logshipAttempt";

    final Path localFile;
    /** The local file as the attempt found it, compared again just before the consumer disposes of it. */
    final SourceIdentity identity;
    final String tempPath;
    final String targetDir;
    final String fileName;
    final long startNanos = System.nanoTime();
    HashingInputStream stream;
    /** The temporary copy on the NAS, open from its creation until it has its final name. */
    RemoteFile remote;
    String sha256;
    Outcome outcome;
    boolean sidecarWritten;
    /** {@code //host:port/share/path} of the verified copy once publish has ended; null before. */
    String publishedAs;
    /** The verified copy's path in the share once publish has ended; null before. */
    String publishedPath;

    /** How the attempt ended on the NAS. */
    public enum Outcome {
        /** The copy now stands under the original name. */
        SHIPPED,
        /** The name was taken by other content; the copy stands under a distinct name. */
        SHIPPED_UNDER_DISTINCT_NAME,
        /** Identical content already stood on the NAS (a re-ship after a crash, or a duplicate). */
        ALREADY_SHIPPED
    }

    ShipAttempt(Path localFile, SourceIdentity identity, String tempPath, String targetDir, String fileName) {
        this.localFile = localFile;
        this.identity = identity;
        this.tempPath = tempPath;
        this.targetDir = targetDir;
        this.fileName = fileName;
    }

    /**
     * Ends the upload half: the stream must have delivered exactly the bytes the file had when the
     * attempt began, and its hash becomes the file's SHA-256.
     */
    public void completeUpload() throws SourceChangedException {
        if (stream.count() != localSize()) {
            throw new SourceChangedException(localFile + " had " + localSize() + " bytes when its upload began and "
                    + stream.count() + " when it ended; it is shipped again once it has been stable for"
                    + " logship.source.stableSeconds");
        }
        sha256 = stream.hex();
    }

    /** The sidecar's temporary path: the copy's, with .sha256 added. */
    String sidecarTempPath() {
        return tempPath + ".sha256";
    }

    /** The open temporary copy, or null before the upload step created it. */
    public RemoteFile remote() {
        return remote;
    }

    /** The name the attempt gives the file on the NAS (before a collision's ~hash), or null before it is known. */
    public String nasName() {
        return fileName;
    }

    public String tempPath() {
        return tempPath;
    }

    public Path localFile() {
        return localFile;
    }

    public String sha256() {
        return sha256;
    }

    /** The local file's size when the attempt began. */
    public long localSize() {
        return identity.size();
    }

    public SourceIdentity identity() {
        return identity;
    }

    /** How the attempt ended on the NAS, or null while it has not published its copy. */
    public Outcome outcome() {
        return outcome;
    }

    /** The verified copy's path in the share, or null while the attempt has not published it. */
    public String publishedPath() {
        return publishedPath;
    }

    /** Where the verified copy stands on the NAS, or null while the attempt has not published it. */
    public String publishedAs() {
        return publishedAs;
    }
}
