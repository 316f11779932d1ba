package io.logship.nas;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import com.hierynomus.mssmb2.SMB2Packet;
import com.hierynomus.mssmb2.messages.SMB2Echo;
import com.hierynomus.protocol.transport.TransportException;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMB connection of a lane with its session and its tree connect to the share, made, used and
 * dropped as a whole. Dropping it closes its socket and the connection without a request to the
 * server (no tree disconnect, no logoff): a server that does not answer would make each of them wait
 * {@code logship.nas.timeoutSeconds}, and one that dropped the session or the share refuses them. The
 * server frees what the connection held (its open files, its session) when the socket closes.
 */
final class ShareConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ShareConnection.class);

    /** Why a connection was dropped: failures of requests still on it are reported with it. */
    record Drop(NasException.Reason reason, String why) {
    }

    final Connection connection;
    final Session session;
    final DiskShare share;
    final LaneSocket socket;
    private final AtomicReference<Drop> dropped = new AtomicReference<>();

    ShareConnection(Connection connection, Session session, DiskShare share, LaneSocket socket) {
        this.connection = connection;
        this.session = session;
        this.share = share;
        this.socket = socket;
    }

    /** True until it is dropped or the server closes it. */
    boolean live() {
        return dropped.get() == null && !socket.ended() && share.isConnected();
    }

    /** Why it was dropped, or null while it is not. */
    Drop dropped() {
        return dropped.get();
    }

    /** Drops it, unless it was dropped already; true when this call did. Never waits for the server. */
    boolean drop(NasException.Reason reason, String why) {
        if (!dropped.compareAndSet(null, new Drop(reason, why))) {
            return false;
        }
        close(socket, connection);
        return true;
    }

    /** Closes a connection (made or half made) without waiting: its socket first, which frees a blocked send. */
    static void close(LaneSocket socket, Connection connection) {
        if (socket != null) {
            socket.abandon();
        }
        if (connection != null) {
            try {
                // force: no logoff, no tree disconnect
                connection.close(true);
            } catch (Exception e) {
                LOG.debug("Closing the NAS connection failed", e);
            }
        }
    }

    /** Sends an SMB2 ECHO on the session (signed or sealed like every request); the answer comes in the future. */
    Future<SMB2Packet> echo() throws TransportException {
        SMB2Echo echo = new SMB2Echo(connection.getNegotiatedProtocol().getDialect());
        echo.getHeader().setSessionId(session.getSessionId());
        return session.send(echo);
    }
}
