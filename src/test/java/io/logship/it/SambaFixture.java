package io.logship.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.logship.sandbox.SambaSandbox;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one throwaway smbd every SMB integration test reuses: started on first use on a free
 * loopback port, stopped when the test run ends. Fails with smbd's own one-line reason (not
 * installed, not root) rather than skipping.
 */
public final class SambaFixture implements BeforeAllCallback {

    public static final String SHARE = "logs";
    /** A share the user may read but not write: access denied on every upload. */
    public static final String READ_ONLY_SHARE = "ro";
    /** A share whose folder a test may mount a small tmpfs over: a real "share full". */
    public static final String SMALL_SHARE = "small";
    /** A share that only takes encrypted sessions. */
    public static final String ENCRYPTED_SHARE = "enc";
    /** A share whose files are written as the share user, not as root: Unix permissions apply. */
    public static final String USER_SHARE = "asuser";
    /**
     * A DFS namespace root: its link {@value #DFS_LINK} refers to {@link #SHARE} on the same server
     * (the host string the client connects with, so smbj reuses the connection and its port), its link
     * {@value #DFS_GONE_LINK} to a server that does not answer.
     */
    public static final String DFS_SHARE = "dfs";
    public static final String DFS_LINK = "logs";
    public static final String DFS_GONE_LINK = "gone";
    /** The server {@link #DFS_GONE_LINK} refers to: a loopback address nothing listens on. */
    public static final String DFS_GONE_TARGET = "127.0.0.9\\" + SHARE;
    /** The Unix and Samba user of the sandbox. */
    public static final String USER = "logship";

    /** A share that writes every fsync and rename it performs to smbd's log (vfs_full_audit). */
    public static final String AUDITED_SHARE = "audited";

    private static SambaSandbox sandbox;
    /** A second smbd, started only by the tests that need it: it drops connections idle for a minute. */
    private static SambaSandbox idleDisconnecting;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        sandbox();
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent("samba-sandbox", k -> (ExtensionContext.Store.CloseableResource) SambaFixture::stop);
    }

    public static synchronized SambaSandbox sandbox() throws IOException {
        if (sandbox == null) {
            Path work = Files.createTempDirectory("logship-it-samba");
            // the share user must reach USER_SHARE's folder through it (temp folders are 0700)
            Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
            sandbox = SambaSandbox.builder(work).user(USER, "it-" + Long.toHexString(System.nanoTime()))
                    // every message signed, as a NAS hardened against tampering demands
                    .global("server signing", "mandatory")
                    .share(SHARE)
                    .shareOption(READ_ONLY_SHARE, "read only", "yes")
                    .shareOption(ENCRYPTED_SHARE, "smb encrypt", "required")
                    .share(SMALL_SHARE)
                    .shareOption(USER_SHARE, "force user", USER)
                    .shareOption(AUDITED_SHARE, "vfs objects", "full_audit")
                    .shareOption(AUDITED_SHARE, "full_audit:syslog", "false")
                    .shareOption(AUDITED_SHARE, "full_audit:prefix", AUDITED_SHARE)
                    .shareOption(AUDITED_SHARE, "full_audit:success", "fsync_send renameat")
                    .shareOption(AUDITED_SHARE, "full_audit:failure", "none")
                    .dfsLink(DFS_SHARE, DFS_LINK, SambaSandbox.HOST + "\\" + SHARE)
                    .dfsLink(DFS_SHARE, DFS_GONE_LINK, DFS_GONE_TARGET)
                    .start();
        }
        return sandbox;
    }

    /**
     * An smbd of its own (same user, share {@link #SHARE}) with {@code deadtime = 1}: it closes a
     * connection that has no open file and has done nothing on its shares for a minute, as file servers
     * configured to drop idle clients do. Started on first use, stopped with the other.
     */
    public static synchronized SambaSandbox idleDisconnecting() throws IOException {
        if (idleDisconnecting == null) {
            SambaSandbox main = sandbox();
            Path work = Files.createTempDirectory("logship-it-samba-deadtime");
            idleDisconnecting = SambaSandbox.builder(work).user(USER, main.password())
                    .global("server signing", "mandatory")
                    .global("deadtime", "1")
                    .share(SHARE)
                    .start();
        }
        return idleDisconnecting;
    }

    private static synchronized void stop() {
        if (sandbox != null) {
            closeAndDelete(sandbox::close, sandbox.workDir());
            sandbox = null;
        }
        if (idleDisconnecting != null) {
            closeAndDelete(idleDisconnecting::close, idleDisconnecting.workDir());
            idleDisconnecting = null;
        }
    }

    /** Stops a server a fixture started, then deletes its work folder: a test run leaves nothing behind in /tmp. */
    static void closeAndDelete(Runnable close, Path workDir) {
        close.run();
        try (var paths = Files.walk(workDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + workDir + ": " + e.getMessage());
        }
    }
}
