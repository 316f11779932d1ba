package io.logship.nas;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * The TCP socket under one SMB connection, which knows what smbj cannot tell: how long a write has
 * been blocked (a NAS that stopped reading fills the socket's buffers, and a send then waits for ever:
 * a socket write has no timeout), when the last byte arrived (an idle connection, for the keepalive)
 * and whether the server closed it. Closing it is how a lane is abandoned without waiting for the
 * server: a write blocked in it fails at once, and so does smbj's reader.
 */
final class LaneSocket extends Socket {

    private final Object streams = new Object();
    private InputStream in;
    private OutputStream out;
    /** When the write in progress began (nanoTime), valid while {@link #writing} is true. */
    private volatile long writeStartNanos;
    private volatile boolean writing;
    /** When a byte last arrived or a write ended (nanoTime). */
    private volatile long lastTrafficNanos = System.nanoTime();
    /** The server closed the connection, or reading it failed: nothing will arrive any more. */
    private volatile boolean ended;

    /** How long the write in progress has been blocked, or 0 when none is. */
    long writeBlockedNanos(long nowNanos) {
        if (!writing) {
            return 0;
        }
        // read after the flag: the start of this write or of a later one, never an earlier one
        return Math.max(1, nowNanos - writeStartNanos);
    }

    /** How long nothing has been received or sent, or 0 while a write is in progress. */
    long idleNanos(long nowNanos) {
        return writing ? 0 : nowNanos - lastTrafficNanos;
    }

    /** True once the server closed the connection, reading failed or it was closed here. */
    boolean ended() {
        return ended || isClosed();
    }

    /** Closes the socket now: blocked writes and reads fail at once. */
    void abandon() {
        ended = true;
        try {
            close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        synchronized (streams) {
            if (in == null) {
                in = new Watched(super.getInputStream());
            }
            return in;
        }
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        synchronized (streams) {
            if (out == null) {
                out = new Timed(super.getOutputStream());
            }
            return out;
        }
    }

    /** Marks the end of the stream and every byte's arrival. */
    private final class Watched extends FilterInputStream {
        Watched(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                if (n < 0) {
                    ended = true;
                } else {
                    lastTrafficNanos = System.nanoTime();
                }
                return n;
            } catch (IOException e) {
                ended = true;
                throw e;
            }
        }
    }

    /** Times every write, so a blocked one can be seen from another thread. */
    private final class Timed extends FilterOutputStream {
        Timed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writeStartNanos = System.nanoTime();
            writing = true;
            try {
                out.write(b, off, len);
            } finally {
                writing = false;
                lastTrafficNanos = System.nanoTime();
            }
        }
    }

    /** Makes {@link LaneSocket}s, connected within {@code connectTimeoutMillis}; remembers the last one. */
    static final class Factory extends SocketFactory {
        private final int connectTimeoutMillis;
        private volatile LaneSocket last;

        Factory(int connectTimeoutMillis) {
            this.connectTimeoutMillis = connectTimeoutMillis;
        }

        /** The socket made last: the one under the connection a lane has just opened. */
        LaneSocket last() {
            return last;
        }

        @Override
        public Socket createSocket() {
            return new LaneSocket();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connect(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return connect(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connect(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return connect(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
        }

        private Socket connect(InetSocketAddress address) throws IOException {
            return connect(address, null);
        }

        private Socket connect(InetSocketAddress address, InetSocketAddress local) throws IOException {
            LaneSocket socket = new LaneSocket();
            last = socket;
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(address, connectTimeoutMillis);
            return socket;
        }
    }
}
