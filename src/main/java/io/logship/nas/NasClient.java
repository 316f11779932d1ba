package io.logship.nas;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.msfscc.FileAttributes;
import com.hierynomus.msfscc.fileinformation.FileIdBothDirectoryInformation;
import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2CreateOptions;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.common.SMBRuntimeException;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * logship's sessions on the NAS share: uploads, read-backs, server-side renames that refuse to
 * overwrite, sidecars and clean-up. Paths are relative to the share root and may use '/'. It
 * reconnects on the next call after a failure.
 */
public class NasClient implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(NasClient.class);
    /**
     * What a write request carries besides its data: the SMB2 header (64 bytes), the write request's own
     * fields (48) and, when sealed, the transform header (52), with room to spare.
     */
    static final int WRITE_HEADERS = 1024;

    private final String host;
    private final int port;
    private final String shareName;
    private final String username;
    private final String password;
    private final String domain;
    private final boolean encrypt;
    private final long timeoutMillis;
    private final SmbConfig config;
    private volatile int writeSize;
    private volatile int readSize;

    private final Lane[] lanes;
    private final AtomicInteger nextLane = new AtomicInteger();
    private final ThreadLocal<Lane> lane;

    public NasClient(String host, int port, String shareName, String username, String password, String domain,
            SmbConfig config) {
        this(host, port, shareName, username, password, domain, config, 1);
    }

    /** @param lanes SMB connections, one per file shipped at once */
    public NasClient(String host, int port, String shareName, String username, String password, String domain,
            SmbConfig config, int lanes) {
        this.host = host;
        this.port = port;
        this.shareName = shareName;
        this.username = username;
        this.password = password;
        this.domain = domain;
        this.encrypt = config.isEncryptData();
        this.timeoutMillis = config.getWriteTimeout();
        this.config = config;
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane();
        }
        this.lane = ThreadLocal.withInitial(() -> this.lanes[Math.floorMod(nextLane.getAndIncrement(), lanes)]);
    }

    /** {@code //host:port/share}, for messages. */
    public String describe() {
        return "//" + host + ":" + port + "/" + shareName;
    }

    /**
     * The data of one write request: {@code bufferSize} as far as the server allows, less the request's
     * headers. smbj builds each message in a buffer that it grows to the next power of two, and sealing
     * builds a second one: with a whole 1 MiB of data a message took two fresh 2 MiB arrays, zeroed and
     * copied; with its headers inside the 1 MiB, two of 1 MiB. Measured: about 9 % of the CPU and of the
     * time of a warm 1 GiB (docs/performance.md, "Smaller buffers for smbj, and the first GiB again").
     */
    static int writeData(int bufferSize, int negotiatedMax) {
        int message = Math.min(bufferSize, negotiatedMax);
        return Math.max(message - WRITE_HEADERS, message / 2);
    }

    /** Reads the file back from the NAS and returns its SHA-256 in lower-case hex. */
    public String sha256(String path, int bufferSize) {
        return call("read back " + path, s -> {
            try (File f = openForReading(s, path)) {
                return RemoteFile.streamSha256(f, bufferSize);
            }
        });
    }

    /** Reads a small file whole (a sidecar), or returns null when it does not exist. */
    public byte[] readSmall(String path, int maxBytes) {
        return call("read " + path, s -> readSmallOn(s, path, maxBytes));
    }

    private static byte[] readSmallOn(DiskShare s, String path, int maxBytes) {
        byte[] buf = new byte[maxBytes];
        // one round trip: open it, and learn from the answer that it is missing
        try (File f = openForReading(s, path)) {
            int total = 0;
            int n;
            while (total < maxBytes && (n = f.read(buf, total, total, maxBytes - total)) > 0) {
                total += n;
            }
            byte[] out = new byte[total];
            System.arraycopy(buf, 0, out, 0, total);
            return out;
        } catch (SMBApiException e) {
            if (e.getStatus() == NtStatus.STATUS_OBJECT_NAME_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private static File openForReading(DiskShare s, String path) {
        return s.openFile(path, EnumSet.of(AccessMask.GENERIC_READ), null, SMB2ShareAccess.ALL,
                SMB2CreateDisposition.FILE_OPEN, EnumSet.of(SMB2CreateOptions.FILE_NON_DIRECTORY_FILE));
    }

    /**
     * Creates a new file (never replacing one) and keeps it open for writing, reading back and
     * renaming, so one ship needs one open. Missing parent folders are created.
     */
    public RemoteFile create(String path) {
        return call("create " + path, s -> new RemoteFile(this, inFolderOf(s, path, () -> openNew(s, path)), path,
                writeSize, readSize, timeoutMillis));
    }

    private static File openNew(DiskShare s, String path) {
        return s.openFile(path, EnumSet.of(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE, AccessMask.DELETE),
                EnumSet.of(FileAttributes.FILE_ATTRIBUTE_NORMAL), SMB2ShareAccess.ALL,
                SMB2CreateDisposition.FILE_CREATE, EnumSet.of(SMB2CreateOptions.FILE_NON_DIRECTORY_FILE));
    }

    /**
     * Writes a small file (a sidecar) under {@code temp}, flushes it to the NAS's disk and renames it to
     * {@code target} on the same handle without replacing anything: create, write, flush, rename, close,
     * and the close, once the file has its name, without waiting for its answer (as {@link RemoteFile#release}).
     * When {@code target} is taken, what stands there is read (up to {@code content.length + 1024}
     * bytes) and replaced only if {@code mayReplace} accepts it; otherwise the temporary file stays
     * and the answer is false.
     */
    public boolean writeSmallAndRename(String temp, byte[] content, String target, Predicate<byte[]> mayReplace) {
        return call("write " + target, s -> {
            // DELETE: the rename needs it
            File f = openToReplace(s, temp, EnumSet.of(AccessMask.GENERIC_WRITE, AccessMask.DELETE));
            boolean named;
            try {
                named = writeFlushRename(s, f, content, target, mayReplace);
            } catch (RuntimeException e) {
                closeQuietly(f);
                throw e;
            }
            if (named) {
                f.closeNoWait();
            } else {
                f.close();
            }
            return named;
        });
    }

    private static boolean writeFlushRename(DiskShare s, File f, byte[] content, String target, Predicate<byte[]> mayReplace) {
        f.write(content, 0);
        f.flush();
        try {
            f.rename(target, false);
            return true;
        } catch (SMBApiException e) {
            if (e.getStatus() != NtStatus.STATUS_OBJECT_NAME_COLLISION) {
                throw e;
            }
        }
        byte[] there = readSmallOn(s, target, content.length + 1024);
        if (there != null && !mayReplace.test(there)) {
            return false;
        }
        f.rename(target, true);
        return true;
    }

    /** Creates (or truncates) a file and writes the bytes: the NAS probe's test file. */
    public void writeSmall(String path, byte[] content) {
        call("write " + path, s -> {
            try (File f = openToReplace(s, path, EnumSet.of(AccessMask.GENERIC_WRITE))) {
                f.write(content, 0);
            }
            return null;
        });
    }

    /** Creates a file, or empties the one that stands there. */
    private static File openToReplace(DiskShare s, String path, java.util.Set<AccessMask> access) {
        return s.openFile(path, access, EnumSet.of(FileAttributes.FILE_ATTRIBUTE_NORMAL), SMB2ShareAccess.ALL,
                SMB2CreateDisposition.FILE_OVERWRITE_IF, EnumSet.of(SMB2CreateOptions.FILE_NON_DIRECTORY_FILE));
    }

    public void mkdirs(String dir) {
        call("create folder " + dir, s -> {
            mkdirsOn(s, dir);
            return null;
        });
    }

    /**
     * Runs {@code op} on {@code path}; if the server answers that the path's folder is missing, creates
     * the folder and runs it once more.
     */
    static <T> T inFolderOf(DiskShare s, String path, java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (SMBApiException e) {
            if (e.getStatus() != NtStatus.STATUS_OBJECT_PATH_NOT_FOUND) {
                throw e;
            }
            mkdirsOn(s, parent(path));
            return op.get();
        }
    }

    /** The folder part of a share path ('/'-separated), empty at the root. */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /**
     * Creates a folder and its parents. Another worker may create the same folder at the same moment
     * (two files of a new day, the temporary folder at start), so "it already exists" counts as done.
     */
    static void mkdirsOn(DiskShare s, String dir) {
        if (dir.isEmpty() || s.folderExists(dir)) {
            return;
        }
        mkdirsOn(s, parent(dir));
        try {
            s.mkdir(dir);
        } catch (SMBApiException e) {
            if (e.getStatus() != NtStatus.STATUS_OBJECT_NAME_COLLISION || !s.folderExists(dir)) {
                throw e;
            }
        }
    }

    /** Deletes a file; a file that is already gone is not an error. */
    public void delete(String path) {
        call("delete " + path, s -> {
            try {
                s.rm(path);
            } catch (SMBApiException e) {
                if (e.getStatus() != NtStatus.STATUS_OBJECT_NAME_NOT_FOUND
                        && e.getStatus() != NtStatus.STATUS_OBJECT_PATH_NOT_FOUND) {
                    throw e;
                }
            }
            return null;
        });
    }

    /** Names of the files directly in a folder; empty when the folder does not exist. */
    public List<String> listFiles(String dir) {
        return call("list " + dir, s -> {
            List<String> names = new ArrayList<>();
            if (!s.folderExists(dir)) {
                return names;
            }
            for (FileIdBothDirectoryInformation info : s.list(dir)) {
                boolean folder = (info.getFileAttributes() & FileAttributes.FILE_ATTRIBUTE_DIRECTORY.getValue()) != 0;
                if (!folder) {
                    names.add(info.getFileName());
                }
            }
            return names;
        });
    }

    /** One operation on the share. */
    @FunctionalInterface
    interface ShareCall<T> {
        T apply(DiskShare share) throws IOException;
    }

    /**
     * Runs one operation on the share, on the calling thread's lane. Operations of several threads may
     * run at once; only connecting and disconnecting a lane are serialised.
     */
    <T> T call(String what, ShareCall<T> op) {
        DiskShare s = lane.get().connect();
        return on(what, s, () -> op.apply(s));
    }

    /** Runs one operation on an open handle, with the failures mapped as {@link #call} maps them. */
    <T> T onHandle(String what, File handle, HandleCall<T> op) {
        return on(what, handle.getDiskShare(), op);
    }

    /** The failure mapping of every operation on {@code share}. */
    private <T> T on(String what, DiskShare share, HandleCall<T> op) {
        try {
            return op.apply();
        } catch (SMBApiException e) {
            throw new NasException(describe(), what, e);
        } catch (SMBRuntimeException | IOException e) {
            // a transport failure leaves the session unusable: start afresh on the next call
            disconnect(share);
            throw transportFailure(what, share, e);
        }
    }

    /**
     * smbj closes a session's shares as soon as it sees the connection drop; a request racing with
     * that fails with "DiskShare has already been closed" and no cause: that is the lost connection.
     */
    private NasException transportFailure(String what, DiskShare share, Exception e) {
        NasException.Reason reason = NasException.classify(e);
        if (reason == NasException.Reason.OTHER && !share.isConnected()) {
            reason = NasException.Reason.NAS_UNREACHABLE;
        }
        return new NasException(reason, describe(), what, e);
    }

    /** One operation on an open handle. */
    @FunctionalInterface
    interface HandleCall<T> {
        T apply() throws IOException;
    }

    private void disconnect(DiskShare failed) {
        for (Lane l : lanes) {
            l.disconnect(failed);
        }
    }

    /**
     * One SMB connection and session; files shipped at once go on separate lanes, and a thread keeps
     * the lane it first got. Each lane presents its own client GUID: Samba (multi-channel, on by
     * default since 4.15) hands every connection with a client GUID it already knows to the process
     * serving that GUID, so lanes sharing smbj's one GUID would all queue in one smbd process, on one
     * core.
     */
    private final class Lane {
        private final SMBClient client =
                new SMBClient(SmbConfig.builder(config).withClientGuid(UUID.randomUUID()).build());
        private Connection connection;
        private Session session;
        private DiskShare share;

        synchronized void disconnect(DiskShare failed) {
            if (share == failed) {
                disconnect();
            }
        }

        synchronized DiskShare connect() {
            if (share != null && share.isConnected() && connection.isConnected()) {
                return share;
            }
            disconnect();
            try {
                connection = client.connect(host, port);
                session = connection.authenticate(
                        new AuthenticationContext(username, password.toCharArray(), domain.isEmpty() ? null : domain));
                SMB2Dialect dialect = connection.getNegotiatedProtocol().getDialect();
                if (encrypt && !(dialect.isSmb3x() && connection.getConnectionContext().supportsEncryption())) {
                    // smbj would go on unencrypted; logship.nas.encrypt promises it never does
                    disconnect();
                    throw new NasException(NasException.Reason.NO_ENCRYPTION, describe(), "connect with"
                            + " logship.nas.encrypt=true, which needs SMB 3: enable SMB 3 on the NAS, or set"
                            + " logship.nas.encrypt=false on a network you trust", new IllegalStateException("negotiated " + dialect));
                }
                share = (DiskShare) session.connectShare(shareName);
                // requests as large as logship.nas.bufferSize asks, as far as the server allows
                writeSize = writeData(config.getWriteBufferSize(), connection.getNegotiatedProtocol().getMaxWriteSize());
                readSize = Math.min(config.getReadBufferSize(), connection.getNegotiatedProtocol().getMaxReadSize());
                LOG.debug("Connected to {}", describe());
                return share;
            } catch (SMBRuntimeException | IOException e) {
                disconnect();
                throw new NasException(describe(), "connect as " + (username.isEmpty() ? "guest" : username), e);
            }
        }

        synchronized void disconnect() {
            closeQuietly(share);
            closeQuietly(session);
            if (connection != null) {
                try {
                    connection.close(true);
                } catch (Exception e) {
                    LOG.debug("Closing the NAS connection failed", e);
                }
            }
            share = null;
            session = null;
            connection = null;
        }

        synchronized void close() {
            disconnect();
            client.close();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("Closing {} failed", c, e);
            }
        }
    }

    @Override
    public void start() {
        // connects lazily, on the first call, so a NAS that is down does not stop logship starting
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public void close() {
        for (Lane l : lanes) {
            l.close();
        }
    }
}
