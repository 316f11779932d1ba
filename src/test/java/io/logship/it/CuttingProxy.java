package io.logship.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback between logship and smbd that cuts every open connection once, after a
 * given number of bytes went upstream: a network failure in the middle of a large write. It can also
 * stall ({@link #stall()}): it stops forwarding in both directions and keeps every socket open, and
 * goes on accepting connections without forwarding them, as a NAS whose disk or service hangs; then
 * {@link #resume()} forwards on the same connections again, or {@link #closeAll()} closes them, as the
 * NAS's reboot does. {@link #forgetOpenConnections()} stalls only the connections open now, for ever,
 * and forwards new ones: a firewall or NAT that dropped a flow without a word.
 */
final class CuttingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final long cutAfterBytes;
    private final AtomicLong upstream = new AtomicLong();
    private final AtomicBoolean cut = new AtomicBoolean();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean stalled;
    /** Connections are numbered as accepted; those up to this one pass nothing any more. */
    private long accepted;
    private long forgottenUpTo = -1;

    /** A proxy that never cuts: only {@link #stall()} and {@link #closeAll()} disturb it. */
    CuttingProxy(int targetPort) throws IOException {
        this(targetPort, Long.MAX_VALUE, 0);
    }

    CuttingProxy(int targetPort, long cutAfterBytes) throws IOException {
        this(targetPort, cutAfterBytes, 0);
    }

    /**
     * A proxy that never cuts and takes at most {@code receiveWindow} bytes ahead of what it forwards (the
     * kernel's buffer of its side, not grown by autotuning): stalled, it fills the sender's socket buffers
     * within a few MiB, as a NAS behind a WAN or with small windows does.
     */
    static CuttingProxy withReceiveWindow(int targetPort, int receiveWindow) throws IOException {
        return new CuttingProxy(targetPort, Long.MAX_VALUE, receiveWindow);
    }

    private CuttingProxy(int targetPort, long cutAfterBytes, int receiveWindow) throws IOException {
        this.server = new ServerSocket();
        if (receiveWindow > 0) {
            // before bind: accepted sockets take it from the listening one
            server.setReceiveBufferSize(receiveWindow);
        }
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        this.targetPort = targetPort;
        this.cutAfterBytes = cutAfterBytes;
        Thread accept = new Thread(this::acceptLoop, "cutting-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    boolean hasCut() {
        return cut.get();
    }

    /** Bytes forwarded towards smbd so far. */
    long forwarded() {
        return upstream.get();
    }

    /** Stops forwarding in both directions, keeping every connection open; new ones are accepted and held. */
    void stall() {
        synchronized (gate) {
            stalled = true;
        }
    }

    /** Forwards again, on the same connections. */
    void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    /** Passes nothing more on the connections open now, without closing them; new ones pass. */
    void forgetOpenConnections() {
        synchronized (gate) {
            forgottenUpTo = accepted - 1;
        }
    }

    /** Closes every connection (a reboot of the NAS) and forwards new ones again. */
    void closeAll() {
        cutAll();
        resume();
    }

    /** Waits while connection {@code number} is stalled; false when it or the proxy was closed meanwhile. */
    private boolean passable(Socket from, long number) {
        synchronized (gate) {
            while ((stalled || number <= forgottenUpTo) && !from.isClosed() && !server.isClosed()) {
                try {
                    // bounded: the test's close or resume ends it, and a closed socket is seen within this
                    gate.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !from.isClosed();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket smbd;
                try {
                    smbd = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException e) {
                    // smbd is down (killed by a test): refused, as smbd itself would; the next one may pass
                    closeQuietly(client);
                    continue;
                }
                sockets.add(client);
                sockets.add(smbd);
                long number;
                synchronized (gate) {
                    number = accepted++;
                }
                pump(client, smbd, true, number);
                pump(smbd, client, false, number);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean counts, long number) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while (passable(from, number) && (n = in.read(buf)) > 0) {
                    // what was read before a stall is held until it ends
                    if (!passable(from, number)) {
                        return;
                    }
                    out.write(buf, 0, n);
                    if (counts && upstream.addAndGet(n) > cutAfterBytes && cut.compareAndSet(false, true)) {
                        cutAll();
                        return;
                    }
                }
            } catch (IOException e) {
                // the other side closed or was cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void cutAll() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
        resume();
    }
}
