package io.logship.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for a server that a test starts a while later, in another process (logship's JVM,
 * Prometheus): a port from bind(0), closed and bound again seconds later, may be handed meanwhile to
 * another bind(0) or an outgoing connection of any process on a loaded machine. These come from below
 * the kernel's ephemeral range (net.ipv4.ip_local_port_range), which the kernel never hands out, and
 * each is claimed by a file lock that the other test JVMs (failsafe's forks) respect until this one ends.
 */
final class FreePorts {

    /** Above the Samba AD DC's fixed ports (88, 389, 445, 636, 3268, 3269, ...). */
    private static final int LOWEST = 10_000;

    private static final Path CLAIMS = Path.of(System.getProperty("java.io.tmpdir"), "logship-it-ports");

    /** Held for the JVM's life: the lock is the claim. */
    private static final List<FileLock> HELD = new ArrayList<>();

    private FreePorts() {
    }

    static synchronized int claim() throws IOException {
        int end = ephemeralStart();
        if (end - LOWEST < 1_000) {
            // an unusual ephemeral range: the kernel's pick, as before
            return anyFree();
        }
        Files.createDirectories(CLAIMS);
        int span = end - LOWEST;
        int first = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = LOWEST + (first + i) % span;
            FileChannel ch = FileChannel.open(CLAIMS.resolve(port + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                continue;
            }
            if (freeNow(port)) {
                HELD.add(lock);
                return port;
            }
            ch.close();
        }
        throw new IOException("no free loopback port in " + LOWEST + "-" + (end - 1));
    }

    private static boolean freeNow(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int anyFree() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** The first port of the kernel's ephemeral range; Linux's default when it cannot be read. */
    private static int ephemeralStart() {
        try {
            // line by line: Files.readString stops short on this /proc file (it reports a size of 0)
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
