package io.logship.nas;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class KeepaliveTest {

    /**
     * A peer that accepts the connection and never reads (a hung NAS): the socket's buffers fill and the
     * write blocks, with no timeout of its own; the keepalive abandons the connection, and the write fails.
     */
    @Test
    void aSendThePeerNeverTakesIsCutAndItsConnectionDroppedAsNotAnswering() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LaneSocket socket = (LaneSocket) new LaneSocket.Factory(5_000)
                    .createSocket(server.getInetAddress(), server.getLocalPort());
            try (Socket never = server.accept()) {
                ShareConnection connection = new ShareConnection(null, null, null, socket);
                Keepalive keepalive = new Keepalive("//127.0.0.1/logs", 1_000, () -> List.of(connection));
                keepalive.start();
                try {
                    // without the keepalive this write waits for ever: the test's own bound ends it
                    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(IOException.class, () -> {
                        OutputStream out = socket.getOutputStream();
                        byte[] chunk = new byte[1 << 20];
                        // far more than loopback's socket buffers hold
                        for (int i = 0; i < 1024; i++) {
                            out.write(chunk);
                        }
                    }));
                    assertEquals(NasException.Reason.NOT_ANSWERING, connection.dropped().reason());
                } finally {
                    keepalive.stop();
                }
            }
        }
    }
}
