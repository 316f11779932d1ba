package io.logship.ship;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import io.logship.core.AttemptObserver;
import io.logship.core.SourceReadException;
import io.logship.nas.Sha256;

/**
 * Hashes and counts the bytes as the producer streams them, so the local file is read once. A read
 * error of the local file becomes a {@link SourceReadException}, so it is never mistaken for a NAS failure.
 */
public final class HashingInputStream extends FilterInputStream {

    private final MessageDigest digest = Sha256.newDigest();
    private final Path source;
    private long count;
    private final AttemptObserver observer;
    private long midway;

    public HashingInputStream(InputStream in) {
        this(in, null, -1, AttemptObserver.NONE);
    }

    /** Over the local file {@code source} of {@code size} bytes; {@code observer} hears of stage upload-midway. */
    public HashingInputStream(InputStream in, Path source, long size, AttemptObserver observer) {
        super(in);
        this.source = source;
        this.observer = observer;
        // -1: no per-read call unless an observer holds there
        this.midway = observer.holds("upload-midway") ? size / 2 : -1;
    }

    @Override
    public int read() throws IOException {
        int b = readSource(null, 0, 1);
        if (b >= 0) {
            digest.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = readSource(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            count += n;
            if (midway >= 0 && count >= midway) {
                midway = -1;
                observer.reached("upload-midway");
            }
        }
        return n;
    }

    private int readSource(byte[] b, int off, int len) throws IOException {
        try {
            return b == null ? in.read() : in.read(b, off, len);
        } catch (IOException e) {
            if (source == null) {
                throw e;
            }
            throw new SourceReadException(source, e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        // skipped bytes would be missing from the hash: read them instead
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset would corrupt the hash");
    }

    public long count() {
        return count;
    }

    /** The SHA-256 of everything read so far, in lower-case hex. Call once, after the last read. */
    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
