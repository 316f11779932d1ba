package io.logship.nas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.hierynomus.mssmb2.SMB2Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a client's connections between and during requests, so a dead or hung one is noticed
 * within {@code logship.nas.timeoutSeconds}:
 * <ul>
 * <li>every second, a connection whose socket write has been blocked that long is abandoned (a NAS
 * that stopped reading fills the socket's buffers, and a send has no timeout of its own; smbj's
 * timeout bounds only the wait for an answer);</li>
 * <li>every {@code timeoutSeconds}, each connection idle that long gets an SMB2 ECHO; one that does
 * not answer within {@code timeoutSeconds} is abandoned, so the next file connects afresh instead of
 * waiting on it. The echo also keeps firewalls and NAT from forgetting an idle connection.</li>
 * </ul>
 * Two threads: an echo waits for the socket, which a blocked write holds until the other thread
 * abandons it.
 */
final class Keepalive {

    private static final Logger LOG = LoggerFactory.getLogger(Keepalive.class);

    private final String share;
    private final long timeoutNanos;
    private final Supplier<List<ShareConnection>> connections;
    private ScheduledExecutorService timer;

    /**
     * @param share       {@code //host:port/share}, for messages
     * @param connections the lanes' connections as they are now
     */
    Keepalive(String share, long timeoutMillis, Supplier<List<ShareConnection>> connections) {
        this.share = share;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.connections = connections;
    }

    /** Starts watching, unless it does already. */
    synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "nas keepalive " + share);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::cutBlockedWrites, 1, 1, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::echoIdle, timeoutNanos, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    private String seconds() {
        return TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s";
    }

    void cutBlockedWrites() {
        try {
            long now = System.nanoTime();
            for (ShareConnection c : connections.get()) {
                if (c.socket.writeBlockedNanos(now) > timeoutNanos
                        && c.drop(NasException.Reason.NOT_ANSWERING, "a request could not be sent within " + seconds())) {
                    // the request that was being sent fails with it, and its failure is reported
                    LOG.debug("NAS {} took no data for {}: its connection is abandoned", share, seconds());
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Watching the NAS connections failed", e);
        }
    }

    void echoIdle() {
        try {
            long now = System.nanoTime();
            Map<ShareConnection, Future<SMB2Packet>> sent = new LinkedHashMap<>();
            for (ShareConnection c : connections.get()) {
                if (!c.live() || c.socket.idleNanos(now) < timeoutNanos) {
                    continue;
                }
                try {
                    sent.put(c, c.echo());
                } catch (Exception e) {
                    c.drop(NasException.Reason.NAS_UNREACHABLE, "a keepalive could not be sent");
                    LOG.debug("Sending a keepalive to {} failed", share, e);
                }
            }
            long deadline = System.nanoTime() + timeoutNanos;
            for (Map.Entry<ShareConnection, Future<SMB2Packet>> e : sent.entrySet()) {
                answer(e.getKey(), e.getValue(), deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("Keeping the NAS connections alive failed", e);
        }
    }

    private void answer(ShareConnection c, Future<SMB2Packet> answer, long deadline) throws InterruptedException {
        SMB2Packet reply;
        try {
            reply = answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // smbj's future reports its timeout as an ExecutionException around a TimeoutException
            if (NasException.classify(e) != NasException.Reason.NOT_ANSWERING) {
                // the connection failed meanwhile: the next request connects afresh
                c.drop(NasException.Reason.NAS_UNREACHABLE, "the connection failed");
                LOG.debug("A keepalive to {} failed", share, e);
            } else if (c.drop(NasException.Reason.NOT_ANSWERING, "no answer to a keepalive within " + seconds())) {
                LOG.info("NAS {} did not answer a keepalive within {} (logship.nas.timeoutSeconds): its connection is"
                        + " abandoned and the next file connects afresh", share, seconds());
            }
            return;
        }
        // any answer says the server is there; only these say the session is gone
        String name = SessionLoss.ofStatus(reply.getHeader().getStatusCode());
        if (name != null && c.drop(NasException.Reason.SESSION_LOST, name)) {
            LOG.info("NAS {} answered a keepalive with {}: reconnecting", share, name);
        }
    }
}
