package io.logship.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway Samba server on loopback: a private smb.conf in a work folder, a free port, one user
 * and its shares. The demo runs logship against it and every SMB integration test reuses it.
 * It needs the Debian packages {@code samba} and {@code smbclient} and root (smbd and smbpasswd).
 */
public final class SambaSandbox implements AutoCloseable {

    public static final String HOST = "127.0.0.1";

    private final Path workDir;
    private final Path conf;
    private final int port;
    private final String user;
    private final String password;
    private final Map<String, Path> shares;
    private Process smbd;

    private SambaSandbox(Builder b, int port) {
        this.workDir = b.workDir;
        this.conf = b.workDir.resolve("smb.conf");
        this.port = port;
        this.user = b.user;
        this.password = b.password;
        this.shares = new LinkedHashMap<>();
        for (String share : b.shares.keySet()) {
            shares.put(share, b.workDir.resolve("shares").resolve(share));
        }
    }

    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The folder on this machine that holds the share's files. */
    public Path sharePath(String share) {
        return shares.get(share);
    }

    public Path workDir() {
        return workDir;
    }

    /** smbclient arguments that reach a share as the sandbox user: {@code //127.0.0.1/share -p PORT -U user%pw}. */
    public List<String> smbclient(String share, String command) {
        return List.of(Tools.SMBCLIENT.path(), "//" + HOST + "/" + share, "-p", Integer.toString(port),
                "-U", user + "%" + password, "-c", command);
    }

    /** smbstatus arguments that ask this sandbox's smbd: {@code smbstatus -s its-smb.conf ARGS}. */
    public List<String> smbstatus(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Tools.SMBSTATUS.path(), "-s", conf.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * smbcontrol arguments that message this sandbox's smbd: {@code smbcontrol -s its-smb.conf smbd ARGS},
     * e.g. {@code close-share logs}, what an administrator's maintenance does to every tree connect of a share.
     */
    public List<String> smbcontrol(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Tools.SMBCONTROL.path(), "-s", conf.toString(), "smbd"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts smbd and returns once it accepts connections. */
    public synchronized void start() throws IOException {
        if (smbd != null && smbd.isAlive()) {
            return;
        }
        Path log = workDir.resolve("log").resolve("smbd.stdout");
        // smbd leads its own process group: on exit it signals its whole group, which must not be ours
        ProcessBuilder pb = new ProcessBuilder(Tools.SMBD.path(), "-F", "-s", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        noWinbindd(pb);
        smbd = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!accepts()) {
            if (!smbd.isAlive()) {
                throw new IllegalStateException("smbd exited with code " + smbd.exitValue() + " at start; see " + log);
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("smbd did not listen on " + HOST + ":" + port + " within 30 s; see " + log);
            }
            pause(50);
        }
    }

    /** Stops smbd and every child it forked for a connection. */
    public synchronized void stop() {
        if (smbd == null) {
            return;
        }
        smbd.destroy();
        try {
            if (!smbd.waitFor(10, TimeUnit.SECONDS)) {
                smbd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endChildren(false);
        smbd = null;
    }

    /**
     * Kills smbd and its children at once (kill -9), as a crash or power loss of the NAS would; fails
     * when one of them still runs afterwards.
     */
    public synchronized void kill() {
        if (smbd == null) {
            return;
        }
        smbd.destroyForcibly();
        try {
            smbd.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the parent first: it forks no child after the children are listed
        endChildren(true);
        smbd = null;
    }

    public boolean isRunning() {
        return smbd != null && smbd.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Ends smbd's other processes (SIGKILL, or SIGTERM and then SIGKILL), found by the private smb.conf
     * in their command line: its helpers and its children for connections, should they outlive it.
     * Throws when one still runs 10 s after SIGKILL: a server left running is no NAS crash, and a test
     * would go on against it unawares.
     */
    private void endChildren(boolean kill) {
        String path = conf.toString();
        List<ProcessHandle> children = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/smbd")).orElse(false)
                        && p.info().commandLine().map(c -> c.contains(path)).orElse(false))
                .toList();
        children.forEach(kill ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
        if (!kill && !ended(children)) {
            children.forEach(ProcessHandle::destroyForcibly);
        }
        if (!ended(children)) {
            throw new IllegalStateException("smbd processes " + children.stream().filter(SambaSandbox::runs)
                    .map(ProcessHandle::pid).toList() + " of " + conf + " still run 10 s after SIGKILL");
        }
    }

    /** True once none of {@code processes} runs any more, false after 10 s. */
    private static boolean ended(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (processes.stream().anyMatch(SambaSandbox::runs)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(20);
        }
        return true;
    }

    /**
     * Whether {@code p} still runs: a process that has exited but that no one reaped yet (a zombie: where
     * the container's first process does not reap orphans) is "alive" to the JDK, but has no executable.
     */
    public static boolean runs(ProcessHandle p) {
        return p.isAlive() && p.info().command().isPresent();
    }

    /**
     * A standalone smbd maps its users itself; with winbind in nsswitch.conf it would ask any winbindd
     * it finds (a Samba AD DC's on this machine, at the compiled-in /run/samba/winbindd) and refuse
     * every login when that one does not know the user. _NO_WINBINDD=1 keeps it to its own passdb.
     */
    static void noWinbindd(ProcessBuilder pb) {
        pb.environment().put("_NO_WINBINDD", "1");
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The Samba programs the sandbox runs, found in the usual Debian places. */
    enum Tools {
        SMBD("smbd"), SMBPASSWD("smbpasswd"), SMBCLIENT("smbclient"), SMBSTATUS("smbstatus"), SMBCONTROL("smbcontrol");

        private final String name;

        Tools(String name) {
            this.name = name;
        }

        String path() {
            for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
            throw new IllegalStateException(name + " is not installed: install Samba with"
                    + " 'apt-get install -y samba smbclient' (as root)");
        }
    }

    /** Describes the sandbox; {@link #start()} writes smb.conf, adds the user and starts smbd. */
    public static final class Builder {
        private final Path workDir;
        private String user = "logship";
        private String password = "logship-sandbox";
        private int port;
        private final Map<String, String> globals = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> shares = new LinkedHashMap<>();
        /** Per DFS root share: link name to its target, {@code server\share}. */
        private final Map<String, Map<String, String>> dfsLinks = new LinkedHashMap<>();

        private Builder(Path workDir) {
            this.workDir = workDir.toAbsolutePath();
        }

        public Builder user(String name, String password) {
            this.user = name;
            this.password = password;
            return this;
        }

        /** A fixed port; by default a free one is picked. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** An extra [global] option, e.g. {@code server signing = mandatory}. */
        public Builder global(String key, String value) {
            globals.put(key, value);
            return this;
        }

        public Builder share(String name) {
            shares.computeIfAbsent(name, n -> new LinkedHashMap<>());
            return this;
        }

        /** An extra option of one share, e.g. {@code read only = yes}. */
        public Builder shareOption(String share, String key, String value) {
            share(share).shares.get(share).put(key, value);
            return this;
        }

        /**
         * Makes {@code share} a DFS namespace root ("msdfs root") holding the link {@code link}, which
         * refers clients to {@code target}, {@code server\share}. Clients reuse their connection for a
         * link naming the host string they connected with (any port); for another server they connect
         * to its port 445.
         */
        public Builder dfsLink(String share, String link, String target) {
            shareOption(share, "msdfs root", "yes");
            dfsLinks.computeIfAbsent(share, n -> new LinkedHashMap<>()).put(link, target);
            return this;
        }

        public SambaSandbox start() throws IOException {
            Tools.SMBD.path();
            if (!"root".equals(System.getProperty("user.name"))) {
                throw new IllegalStateException("The Samba sandbox needs root (smbd, smbpasswd and useradd);"
                        + " run as root, e.g. with sudo");
            }
            if (shares.isEmpty()) {
                share("logs");
            }
            SambaSandbox s = new SambaSandbox(this, port == 0 ? freePort() : port);
            for (String dir : List.of("private", "lock", "state", "cache", "pid", "ncalrpc", "log")) {
                Files.createDirectories(workDir.resolve(dir));
            }
            for (Path p : s.shares.values()) {
                Files.createDirectories(p);
            }
            for (Map.Entry<String, Map<String, String>> root : dfsLinks.entrySet()) {
                for (Map.Entry<String, String> link : root.getValue().entrySet()) {
                    // Samba's DFS link: a symlink whose target reads msdfs:server\share
                    Path at = s.shares.get(root.getKey()).resolve(link.getKey());
                    Files.deleteIfExists(at);
                    Files.createSymbolicLink(at, Path.of("msdfs:" + link.getValue()));
                }
            }
            Files.writeString(s.conf, smbConf(s), StandardCharsets.UTF_8);
            ensureUnixUser();
            if (run(List.of(Tools.SMBPASSWD.path(), "-c", s.conf.toString(), "-s", "-a", user),
                    password + "\n" + password + "\n") != 0) {
                throw new IllegalStateException("smbpasswd could not add the Samba user " + user + " (" + s.conf + ")");
            }
            s.start();
            return s;
        }

        private String smbConf(SambaSandbox s) {
            StringBuilder c = new StringBuilder();
            c.append("# written by logship's Samba sandbox; throwaway\n[global]\n");
            Map<String, String> g = new LinkedHashMap<>();
            g.put("smb ports", Integer.toString(s.port));
            g.put("interfaces", HOST);
            g.put("bind interfaces only", "yes");
            g.put("disable netbios", "yes");
            g.put("server role", "standalone server");
            g.put("private dir", workDir.resolve("private").toString());
            g.put("lock directory", workDir.resolve("lock").toString());
            g.put("state directory", workDir.resolve("state").toString());
            g.put("cache directory", workDir.resolve("cache").toString());
            g.put("pid directory", workDir.resolve("pid").toString());
            g.put("ncalrpc dir", workDir.resolve("ncalrpc").toString());
            g.put("log file", workDir.resolve("log").resolve("smbd.log").toString());
            g.put("log level", "1");
            g.put("passdb backend", "tdbsam:" + workDir.resolve("private").resolve("passdb.tdb"));
            g.put("server min protocol", "SMB2_02");
            g.put("load printers", "no");
            g.put("printing", "bsd");
            g.put("printcap name", "/dev/null");
            g.put("disable spoolss", "yes");
            g.putAll(globals);
            g.forEach((k, v) -> c.append("  ").append(k).append(" = ").append(v).append('\n'));
            for (Map.Entry<String, Map<String, String>> share : shares.entrySet()) {
                Map<String, String> o = new LinkedHashMap<>();
                o.put("path", s.shares.get(share.getKey()).toString());
                o.put("read only", "no");
                o.put("valid users", user);
                o.put("force user", "root");
                o.putAll(share.getValue());
                c.append('[').append(share.getKey()).append("]\n");
                o.forEach((k, v) -> c.append("  ").append(k).append(" = ").append(v).append('\n'));
            }
            return c.toString();
        }

        private void ensureUnixUser() throws IOException {
            if (run(List.of("id", "-u", user), null) != 0) {
                int rc = run(List.of("useradd", "-M", "-s", "/usr/sbin/nologin", user), null);
                if (rc != 0 && run(List.of("id", "-u", user), null) != 0) {
                    throw new IllegalStateException("Could not create the Unix user " + user + " for the Samba sandbox");
                }
            }
        }

        private static int run(List<String> command, String stdin) throws IOException {
            List<String> cmd = new ArrayList<>(command);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            noWinbindd(pb);
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", cmd) + " did not finish within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return p.exitValue();
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
                return s.getLocalPort();
            }
        }
    }
}
