package io.logship.nas;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.hierynomus.msfscc.fileinformation.FileStandardInformation;
import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.mssmb2.messages.SMB2Flush;
import com.hierynomus.protocol.transport.TransportException;
import com.hierynomus.smbj.common.SMBRuntimeException;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import com.hierynomus.smbj.share.TreeConnect;

/**
 * A file on the NAS that one ship keeps open from its creation to its final name: the upload, the
 * read-back and the rename all use this one handle, so a ship costs one open and one close.
 */
public final class RemoteFile implements AutoCloseable {

    private final NasClient nas;
    /** The lane's share the file was opened through; through DFS the handle's own share differs. */
    private final DiskShare share;
    private final File file;
    private final String path;
    /** Bytes per request: logship.nas.bufferSize, capped by the server's negotiated maximum. */
    private final int writeSize;
    private final int readSize;
    private final long timeoutMillis;
    private boolean closed;

    RemoteFile(NasClient nas, DiskShare share, File file, String path, int writeSize, int readSize, long timeoutMillis) {
        this.nas = nas;
        this.share = share;
        this.file = file;
        this.path = path;
        this.writeSize = writeSize;
        this.readSize = readSize;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Writes the stream from offset 0 with up to {@code inFlight} write requests on the wire at once,
     * each as large as the server accepts, and waits for every answer. Memory is {@code inFlight}
     * buffers, whatever the file's size. The flush to the NAS's disk comes with the verification
     * ({@link #flushAndSha256}, {@link #flushAndSize}), before the file may get its final name.
     *
     * @param expectedSize the local file's size, so a small file does not get a large buffer
     * @return the number of bytes written
     * @throws IOException what reading {@code in} threw: a failure of the local file, not of the NAS
     */
    public long upload(InputStream in, int inFlight, long expectedSize) throws IOException {
        try {
            return write(in, inFlight, expectedSize);
        } catch (LocalReadFailure e) {
            throw e.getCause();
        }
    }

    private long write(InputStream in, int inFlight, long expectedSize) {
        return nas.onHandle("write " + path, share, () -> {
            int bufferSize = (int) Math.max(1, Math.min(writeSize, expectedSize));
            byte[][] buffers = new byte[inFlight][];
            ArrayDeque<PendingWrite> pending = new ArrayDeque<>(inFlight);
            long offset = 0;
            for (int i = 0; ; i++) {
                int slot = i % inFlight;
                if (pending.size() == inFlight) {
                    // the oldest write used this slot's buffer: it must be answered before the buffer is refilled
                    complete(pending.poll());
                }
                if (buffers[slot] == null) {
                    buffers[slot] = new byte[bufferSize];
                }
                byte[] buf = buffers[slot];
                int n;
                try {
                    n = in.readNBytes(buf, 0, buf.length);
                } catch (IOException e) {
                    throw new LocalReadFailure(e);
                }
                if (n == 0) {
                    break;
                }
                pending.add(new PendingWrite(file.writeAsync(buf, offset, 0, n), buf, offset, n));
                offset += n;
                if (n < buf.length) {
                    break;
                }
            }
            while (!pending.isEmpty()) {
                complete(pending.poll());
            }
            return offset;
        });
    }

    private void complete(PendingWrite write) throws IOException {
        try {
            write.answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // no answer: the connection failed; its cause (a transport failure) names it
            throw new SMBRuntimeException(e.getCause());
        } catch (SMBRuntimeException e) {
            // answered, but smbj's asynchronous write does not carry the server's status (a full share,
            // say: "server wrote less bytes"): the same write made synchronously fails with it, or
            // succeeds if the failure has passed
            file.write(write.buffer, write.offset, 0, write.length);
        } catch (TimeoutException e) {
            throw new SMBRuntimeException("no answer to a write within " + timeoutMillis / 1000
                    + " s (logship.nas.timeoutSeconds)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing " + path);
        }
    }

    /** Carries a read error of the local stream past the NAS error mapping. */
    private static final class LocalReadFailure extends RuntimeException {
        LocalReadFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private record PendingWrite(Future<Long> answer, byte[] buffer, long offset, int length) {
    }

    /**
     * Flushes the file to the NAS's disk and reads it back: returns its SHA-256 once both are answered.
     * The SMB2 FLUSH (Samba's strict sync, its default, makes it an fsync) goes on the wire without waiting,
     * the read-back right behind it, so the two cost one round trip, not two: every write was answered
     * before, so the read sees the data whether or not the flush is done, and the caller renames only
     * after both. A file smaller than one read request takes one read (it asks for a byte more than
     * expected: a short answer is the end of the file); a larger one is streamed with the next read
     * already requested while one is hashed. What it reads counts against {@code limit}'s read-back cap.
     */
    public String flushAndSha256(long expectedSize, BandwidthLimit limit) {
        return nas.onHandle("flush and read back " + path, share, () -> {
            Future<SMB2Flush> flushed = sendFlush();
            String sha256 = expectedSize >= readSize ? streamSha256(file, readSize, limit) : readSmallSha256(expectedSize, limit);
            awaitFlush(flushed);
            return sha256;
        });
    }

    private String readSmallSha256(long expectedSize, BandwidthLimit limit) throws IOException {
        limit.readBack(expectedSize + 1);
        MessageDigest md = Sha256.newDigest();
        byte[] buf = new byte[(int) expectedSize + 1];
        long offset = 0;
        int n;
        while ((n = file.read(buf, offset)) > 0) {
            md.update(buf, 0, n);
            offset += n;
            if (n < buf.length) {
                break;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Flushes the file to the NAS's disk and returns its size as the server reports it, both in one round trip. */
    public long flushAndSize() {
        return nas.onHandle("flush and read the size of " + path, share, () -> {
            Future<SMB2Flush> flushed = sendFlush();
            long size = file.getFileInformation(FileStandardInformation.class).getEndOfFile();
            awaitFlush(flushed);
            return size;
        });
    }

    /** Sends SMB2 FLUSH for this handle without waiting for the answer ({@link #awaitFlush}). */
    private Future<SMB2Flush> sendFlush() throws TransportException {
        TreeConnect tree = file.getDiskShare().getTreeConnect();
        Session session = tree.getSession();
        return session.send(new SMB2Flush(tree.getNegotiatedProtocol().getDialect(), file.getFileId(),
                session.getSessionId(), tree.getTreeId()));
    }

    /** Waits for the flush's answer; a flush the server refused fails the attempt as smbj's own flush would. */
    private void awaitFlush(Future<SMB2Flush> flushed) throws IOException {
        SMB2Flush answer;
        try {
            answer = flushed.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new SMBRuntimeException(e.getCause());
        } catch (TimeoutException e) {
            throw new SMBRuntimeException("no answer to a flush within " + timeoutMillis / 1000
                    + " s (logship.nas.timeoutSeconds)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while flushing " + path);
        }
        if (!NtStatus.isSuccess(answer.getHeader().getStatusCode())) {
            throw new SMBApiException(answer.getHeader(), "Flush failed for " + path);
        }
    }

    /**
     * The SHA-256 of an open file, read from the start in requests of {@code bufferSize}, the next
     * one already asked for while one is hashed.
     */
    static String streamSha256(File f, int bufferSize) throws IOException {
        return streamSha256(f, bufferSize, BandwidthLimit.NONE);
    }

    private static String streamSha256(File f, int bufferSize, BandwidthLimit limit) throws IOException {
        MessageDigest md = Sha256.newDigest();
        byte[] buf = new byte[bufferSize];
        try (InputStream in = limit.readBacks(f.getInputStream())) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Gives the file its final name with one server-side rename that never overwrites; creates the
     * target's folder if it is missing. Returns false when the name is taken. Through DFS, the name
     * and the folder are those on the share the link points to, where the handle lives.
     */
    public boolean renameTo(String target) {
        return nas.onHandle("rename " + path + " to " + target, share, () -> {
            String renamed = DfsPaths.renameTarget(file, path, target);
            return NasClient.inFolderOf(file.getDiskShare(), renamed, () -> renameNoOverwrite(renamed));
        });
    }

    private boolean renameNoOverwrite(String renamed) {
        try {
            file.rename(renamed, false);
            return true;
        } catch (SMBApiException e) {
            if (e.getStatus() == NtStatus.STATUS_OBJECT_NAME_COLLISION) {
                return false;
            }
            throw e;
        }
    }

    /** Closes the handle without waiting for the answer: for a file that already has its final name. */
    public void release() {
        closeOnce(file::closeNoWait);
    }

    /** Closes the handle; a handle whose session is gone is simply dropped. */
    @Override
    public void close() {
        closeOnce(file::close);
    }

    private synchronized void closeOnce(Runnable closing) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closing.run();
        } catch (RuntimeException e) {
            // the server closes the handles of a lost session itself
        }
    }
}
