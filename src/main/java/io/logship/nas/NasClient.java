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
import com.hierynomus.protocol.commons.socket.ProxySocketFactory;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.common.SMBRuntimeException;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import io.logship.core.Causes;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * logship's sessions on the NAS share: uploads, read-backs, server-side renames that refuse to
 * overwrite, sidecars and clean-up. Paths are relative to the share root and may use '/'.
 *
 * <p>What the rest of logship sees is a connected share and classified failures ({@link NasException}).
 * Behind that, each lane's connection is dropped and made afresh on the next call when it fails:
 * <ul>
 * <li>the server no longer knows the session or the tree connect ({@link SessionLoss}): one INFO line,
 * and {@link #retryOnLostSession} runs the work once more at once on a fresh connection;</li>
 * <li>the server does not answer within {@code logship.nas.timeoutSeconds} (no request, read or write,
 * waits longer; {@link Keepalive} cuts a send that cannot go out): the connection is abandoned
 * without waiting for the server, and the failure says "not answering";</li>
 * <li>any other transport failure (refused, reset, closed by the server): the next call connects afresh.</li>
 * </ul>
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
    private final NasLogin login;
    private final boolean encrypt;
    private final long timeoutMillis;
    private final SmbConfig config;
    private final Keepalive keepalive;
    private volatile int writeSize;
    private volatile int readSize;

    private final Lane[] lanes;
    private final AtomicInteger nextLane = new AtomicInteger();
    private final ThreadLocal<Lane> lane;

    public NasClient(String host, int port, String shareName, String username, String password, String domain,
            SmbConfig config) {
        this(host, port, shareName, NasLogin.ntlm(username, password, domain), config, 1);
    }

    /** A password (NTLM) login; @param lanes SMB connections, one per file shipped at once */
    public NasClient(String host, int port, String shareName, String username, String password, String domain,
            SmbConfig config, int lanes) {
        this(host, port, shareName, NasLogin.ntlm(username, password, domain), config, lanes);
    }

    /**
     * @param login how each lane logs in (NTLM or Kerberos)
     * @param lanes SMB connections, one per file shipped at once
     */
    public NasClient(String host, int port, String shareName, NasLogin login, SmbConfig config, int lanes) {
        this.host = host;
        this.port = port;
        this.shareName = shareName;
        this.login = login;
        this.encrypt = config.isEncryptData();
        this.timeoutMillis = config.getWriteTimeout();
        this.config = config;
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane();
        }
        this.lane = ThreadLocal.withInitial(() -> this.lanes[Math.floorMod(nextLane.getAndIncrement(), lanes)]);
        this.keepalive = new Keepalive(describe(), timeoutMillis, this::connections);
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
        return call("create " + path, s -> new RemoteFile(this, s, inFolderOf(s, path, () -> openNew(s, path)), path,
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
                named = writeFlushRename(s, f, content, temp, target, mayReplace);
            } catch (RuntimeException e) {
                // the attempt failed, perhaps with the connection: never wait for the server's answer here
                closeNoWait(f);
                throw e;
            }
            if (named) {
                // the file has its name: a close that cannot be sent (the connection just failed) changes
                // nothing on the NAS, whose server drops the handles of a lost session itself
                closeNoWait(f);
            } else {
                f.close();
            }
            return named;
        });
    }

    private static void closeNoWait(File f) {
        try {
            f.closeNoWait();
        } catch (RuntimeException e) {
            LOG.debug("Closing {} failed", f, e);
        }
    }

    private static boolean writeFlushRename(DiskShare s, File f, byte[] content, String temp, String target,
            Predicate<byte[]> mayReplace) {
        f.write(content, 0);
        f.flush();
        // through DFS, the rename names the path on the share the link points to
        String renamed = DfsPaths.renameTarget(f, temp, target);
        try {
            f.rename(renamed, false);
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
        f.rename(renamed, true);
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

    /** The folder part of a share path ('/' or '\\' separated), empty at the root. */
    static String parent(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
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
        ShareConnection c = lane.get().connect();
        return on(what, c, () -> op.apply(c.share));
    }

    /**
     * Runs one operation on an open handle, with the failures mapped as {@link #call} maps them;
     * {@code share} is the lane's share it was opened through (through DFS, the handle's own share is
     * the one the link points to), so a failure drops that lane's connection.
     */
    <T> T onHandle(String what, DiskShare share, HandleCall<T> op) {
        return on(what, lane.get().connectionOf(share), op);
    }

    /** The failure mapping of every operation on {@code connection} (null: one no lane knows any more). */
    private <T> T on(String what, ShareConnection connection, HandleCall<T> op) {
        try {
            return op.apply();
        } catch (DfsPaths.OutsideLink e) {
            throw new NasException(NasException.Reason.OTHER, describe(), what, e);
        } catch (SMBRuntimeException | IOException e) {
            throw failed(what, connection, e);
        }
    }

    /**
     * The one place that maps a failure of a request to what logship does about it: a connection that
     * failed is dropped, so the next call connects afresh; a failure on a connection dropped already
     * (by the keepalive, or by another thread's failure) is reported for the reason it was dropped.
     */
    private NasException failed(String what, ShareConnection connection, Exception e) {
        ShareConnection.Drop earlier = connection == null ? null : connection.dropped();
        NasException.Reason reason = earlier != null ? earlier.reason() : NasException.classify(e);
        if (reason == NasException.Reason.SESSION_LOST) {
            String lost = earlier != null ? earlier.why() : SessionLoss.of(e);
            if (connection != null && connection.drop(reason, lost)) {
                LOG.info("NAS {} no longer knows this connection's session or share ({}) while trying to {}: reconnecting",
                        describe(), lost, what);
            }
            return NasException.sessionLost(describe(), what, lost, e);
        }
        if (reason == NasException.Reason.NOT_ANSWERING) {
            if (connection != null) {
                connection.drop(reason, "no answer within " + timeoutMillis / 1000 + " s");
            }
            return NasException.notAnswering(describe(), what, timeoutMillis / 1000, e);
        }
        if (e instanceof SMBApiException || connection == null) {
            // the server answered (the connection is fine), or there is no connection
            return new NasException(reason, describe(), what, e);
        }
        // a transport failure leaves the session unusable: start afresh on the next call. A failure smbj
        // has no words for is the lost connection when the connection is gone
        if (reason == NasException.Reason.OTHER && !connection.live()) {
            reason = NasException.Reason.NAS_UNREACHABLE;
        }
        connection.drop(NasException.Reason.NAS_UNREACHABLE, String.valueOf(e.getMessage()));
        return new NasException(reason, describe(), what, e);
    }

    /** One operation on an open handle. */
    @FunctionalInterface
    interface HandleCall<T> {
        T apply() throws IOException;
    }

    /** Work of several calls, such as a whole ship attempt or a probe. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code work}, which may use several calls and handles (one ship attempt, one probe); when the
     * server dropped the session or the share under it (STATUS_NETWORK_NAME_DELETED after an administrator
     * closed the share, STATUS_USER_SESSION_DELETED, STATUS_NETWORK_SESSION_EXPIRED), runs it once more at
     * once: its calls connect afresh. Only a second such failure leaves, as a NAS-side failure.
     */
    public <T, E extends Exception> T retryOnLostSession(Work<T, E> work) throws E {
        try {
            return work.run();
        } catch (Exception e) {
            // rethrown as what work.run() throws: E or unchecked
            if (!lostSession(e)) {
                throw e;
            }
        }
        return work.run();
    }

    private static boolean lostSession(Throwable e) {
        for (Throwable t : Causes.of(e)) {
            if (t instanceof NasException nas) {
                return nas.reason() == NasException.Reason.SESSION_LOST;
            }
        }
        return false;
    }

    /**
     * False while the calling thread's lane has lost its connection because the NAS did not answer, until
     * it connects again: clean-up that can wait for the next success need not wait for a timeout now.
     */
    public boolean answering() {
        return lane.get().answering();
    }

    /** The lanes' connections as they are now, for the keepalive. */
    private List<ShareConnection> connections() {
        List<ShareConnection> now = new ArrayList<>(lanes.length);
        for (Lane l : lanes) {
            ShareConnection c = l.current;
            if (c != null) {
                now.add(c);
            }
        }
        return now;
    }

    /** What a failed login or connect names: {@code connect as <user>}, {@code connect as <principal> with Kerberos}. */
    private String connectAs() {
        return "connect as " + login;
    }

    /**
     * One SMB connection and session; files shipped at once go on separate lanes, and a thread keeps
     * the lane it first got. Each lane presents its own client GUID: Samba (multi-channel, on by
     * default since 4.15) hands every connection with a client GUID it already knows to the process
     * serving that GUID, so lanes sharing smbj's one GUID would all queue in one smbd process, on one
     * core.
     */
    private final class Lane {
        /** Its own sockets: a send that cannot go out and a connection the server closed are seen there. */
        private final LaneSocket.Factory sockets =
                new LaneSocket.Factory((int) Math.min(timeoutMillis, ProxySocketFactory.DEFAULT_CONNECT_TIMEOUT));
        private final SMBClient client = new SMBClient(SmbConfig.builder(config).withClientGuid(UUID.randomUUID())
                .withSocketFactory(sockets).build());
        /** The connection in use, or the one dropped last until the next call replaces it. */
        private volatile ShareConnection current;
        /** The connection replaced last: a handle opened on it fails with the reason it was dropped for. */
        private volatile ShareConnection replaced;
        /** Why the last try to connect failed, or null once one succeeded. */
        private volatile NasException.Reason connectFailure;

        /** {@code current} if it is live, else a new connection. */
        synchronized ShareConnection connect() {
            ShareConnection c = current;
            if (c != null && c.live()) {
                return c;
            }
            if (c != null) {
                // the server closed it (an idle disconnect, a restart) or it was dropped: never reused
                c.drop(NasException.Reason.NAS_UNREACHABLE, "closed");
                replaced = c;
            }
            current = null;
            keepalive.start();
            Connection connection = null;
            try {
                connection = client.connect(host, port);
                // logship closes its connections itself: smbj's own close of a failed connection would log
                // off a session and disconnect trees the server no longer answers for, logging errors
                connection.lease();
                SMB2Dialect dialect = connection.getNegotiatedProtocol().getDialect();
                if (encrypt && !(dialect.isSmb3x() && connection.getConnectionContext().supportsEncryption())) {
                    // smbj would go on unencrypted; logship.nas.encrypt promises it never does
                    ShareConnection.close(sockets.last(), connection);
                    throw new NasException(NasException.Reason.NO_ENCRYPTION, describe(), "connect with"
                            + " logship.nas.encrypt=true, which needs SMB 3: enable SMB 3 on the NAS, or set"
                            + " logship.nas.encrypt=false on a network you trust", new IllegalStateException("negotiated " + dialect));
                }
                Session session = login.logIn(connection);
                DiskShare share = (DiskShare) session.connectShare(shareName);
                // requests as large as logship.nas.bufferSize asks, as far as the server allows
                writeSize = writeData(config.getWriteBufferSize(), connection.getNegotiatedProtocol().getMaxWriteSize());
                readSize = Math.min(config.getReadBufferSize(), connection.getNegotiatedProtocol().getMaxReadSize());
                current = new ShareConnection(connection, session, share, sockets.last());
                connectFailure = null;
                LOG.debug("Connected to {}", describe());
                return current;
            } catch (SMBRuntimeException | IOException e) {
                ShareConnection.close(sockets.last(), connection);
                NasException failure = failed(connectAs(), null, e);
                connectFailure = failure.reason();
                throw failure;
            }
        }

        /** The connection {@code share} belongs to, if this lane still knows it. */
        ShareConnection connectionOf(DiskShare share) {
            ShareConnection c = current;
            if (c != null && c.share == share) {
                return c;
            }
            c = replaced;
            return c != null && c.share == share ? c : null;
        }

        /** False while the last connection, or the last try to make one, met a NAS that did not answer. */
        boolean answering() {
            ShareConnection c = current;
            ShareConnection.Drop drop = c == null ? null : c.dropped();
            NasException.Reason last = c == null ? connectFailure : drop == null ? null : drop.reason();
            return last != NasException.Reason.NOT_ANSWERING;
        }

        synchronized void close() {
            ShareConnection c = current;
            if (c != null) {
                c.drop(NasException.Reason.NAS_UNREACHABLE, "closed by logship");
            }
            current = null;
            replaced = null;
            client.close();
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
        keepalive.stop();
        for (Lane l : lanes) {
            l.close();
        }
    }
}
