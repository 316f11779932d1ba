package io.logship.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A throwaway Samba Active Directory domain controller on 127.0.0.1 for the Kerberos tests: realm
 * {@value #REALM}, server {@value #HOST}, {@code ntlm auth = disabled}, a user with a keytab, shares
 * {@value #SHARE} (encryption required) and a DFS root {@value #DFS_SHARE} whose link {@value #DFS_LINK}
 * points at {@value #SHARE}. The client side is a private krb5.conf and a hosts file, given to Java as
 * {@code logship.nas.kerberos.config} and {@code -Djdk.net.hosts.file}; the machine's own /etc/hosts and
 * /etc/krb5.conf stay as they are.
 *
 * <p>It needs the fixed ports 88, 135, 139, 389, 445, 464, 636, 3268 and 3269 of 127.0.0.1 (one DC per
 * machine; {@link #start} refuses when one is taken). Two things keep it from disturbing anything else
 * on the machine:
 * <ul>
 * <li>Its winbindd listens at the compiled-in /run/samba/winbindd, where every other smbd of the machine
 * would ask it for user mappings and then refuse its own users. So the DC runs in a private mount
 * namespace ({@code unshare --mount}) with a tmpfs of its own over /run/samba: only the DC's processes
 * see that winbindd. (A private {@code winbindd socket directory} does not work: the client libraries
 * only look in the compiled-in one.)</li>
 * <li>It runs as {@code samba -i}, which ends when its standard input closes: that is a pipe from this
 * JVM, so the DC stops with the test run however that ends, a kill -9 included.</li>
 * </ul>
 */
public final class SambaDomain implements AutoCloseable {

    public static final String REALM = "LOGSHIP.TEST";
    public static final String HOST = "dc.logship.test";
    /** Another name of the same server, which the domain has no service principal (cifs/...) for. */
    public static final String ALIAS = "files.logship.test";
    public static final String SHARE = "logsenc";
    public static final String DFS_SHARE = "dfs";
    public static final String DFS_LINK = "logs";
    public static final String USER = "logship";
    public static final String PASSWORD = "Pass-w0rd!";
    public static final String PRINCIPAL = USER + "@" + REALM;
    /** A user whose password changed after its keytab was exported: the keytab is stale. */
    public static final String ROTATED_PRINCIPAL = "rotated@" + REALM;
    private static final int[] PORTS = {88, 135, 139, 389, 445, 464, 636, 3268, 3269};

    private final Path work;
    private Process samba;
    /** Milliseconds of provisioning, of the users and keytabs, and until the DC took connections. */
    private long provisionMillis;
    private long usersMillis;
    private long startMillis;

    private SambaDomain(Path work) {
        this.work = work;
    }

    /** The folder behind {@value #SHARE} (and the DFS link). */
    public Path sharePath() {
        return work.resolve("share");
    }

    public Path keytab() {
        return work.resolve("logship.keytab");
    }

    /** The keytab of {@link #ROTATED_PRINCIPAL}, exported before its password changed. */
    public Path staleKeytab() {
        return work.resolve("rotated.keytab");
    }

    public Path krb5Conf() {
        return work.resolve("krb5.conf");
    }

    /** A krb5.conf like {@link #krb5Conf()} with {@code extra} added to its [libdefaults]. */
    public Path krb5Conf(String name, String extra) throws IOException {
        return Files.writeString(work.resolve(name), krb5(extra));
    }

    /** For -Djdk.net.hosts.file: the DC's names, localhost and this machine's own name. */
    public Path hostsFile() {
        return work.resolve("hosts");
    }

    /** The lines of the DC's logs that record a Kerberos login over SMB (auth_audit). */
    public List<String> kerberosLogins() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> logs = Files.list(work.resolve("dc"))) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("log.")).toList()) {
                try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                    lines.filter(l -> l.contains("Successful AuthZ: [SMB2,krb5]")).forEach(found::add);
                }
            }
        }
        return found;
    }

    /** Where the start-up time went, for the test report. */
    public String timings() {
        return "provision " + provisionMillis + " ms, users and keytabs " + usersMillis + " ms, until it took connections "
                + startMillis + " ms";
    }

    /** Exports the current keys of {@code principal} into a new keytab {@code to} (chmod 600), as a rotation does. */
    public void exportKeytab(String principal, Path to) throws IOException, InterruptedException {
        tool("domain", "exportkeytab", to.toString(), "--principal=" + principal);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
    }

    public Path workDir() {
        return work;
    }

    /** Runs {@code command} in the DC's own mount namespace, where its winbindd is; returns its exit code. */
    public int runInside(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--mount", "--target", Long.toString(samba.pid())));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /** Provisions the domain and starts the DC; returns once it takes Kerberos, LDAP and SMB connections. */
    public static SambaDomain start(Path work) throws IOException, InterruptedException {
        for (int port : PORTS) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                probe.setReuseAddress(true);
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " of 127.0.0.1 is taken (" + e.getMessage()
                        + "): the Samba domain controller of the Kerberos tests needs it; is another DC running?");
            }
        }
        SambaDomain dc = new SambaDomain(work.toAbsolutePath());
        dc.provision();
        long started = System.nanoTime();
        dc.run();
        dc.startMillis = (System.nanoTime() - started) / 1_000_000;
        return dc;
    }

    private void provision() throws IOException, InterruptedException {
        // the domain's users reach the share's folder through it (temporary folders are 0700)
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
        Path dc = work.resolve("dc");
        Files.createDirectories(dc.resolve("run"));
        Files.createDirectories(sharePath());
        Files.setPosixFilePermissions(sharePath(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Path dfsRoot = Files.createDirectories(work.resolve("dfsroot"));
        Files.createSymbolicLink(dfsRoot.resolve(DFS_LINK), Path.of("msdfs:" + HOST + "\\" + SHARE));
        Files.writeString(krb5Conf(), krb5(""));
        Files.writeString(hostsFile(), "127.0.0.1 " + HOST + " " + ALIAS + " localhost "
                + InetAddress.getLocalHost().getHostName() + "\n");
        // only [global]: the machine's /etc/samba/smb.conf must not leak into the domain's configuration
        Path empty = Files.writeString(work.resolve("empty.conf"), "[global]\n");
        Path conf = dc.resolve("etc/smb.conf");
        long start = System.nanoTime();
        run("samba-tool", "domain", "provision", "-s", empty.toString(), "--use-rfc2307", "--realm=" + REALM,
                "--domain=LOGSHIP", "--server-role=dc", "--dns-backend=NONE", "--adminpass=Admin-Pass-w0rd!",
                "--targetdir=" + dc, "--host-name=dc", "--host-ip=127.0.0.1", "--option=interfaces=127.0.0.1",
                "--option=bind interfaces only=yes", "--option=pid directory=" + dc.resolve("run"),
                "--option=ncalrpc dir=" + dc.resolve("run/ncalrpc"), "--option=log file=" + dc.resolve("log.%m"));
        String smbConf = Files.readString(conf)
                // no NetBIOS, WINS, DNS updates, NTP signing, KCC or replication: what Kerberos, LDAP and SMB need
                .replaceFirst("\tserver services = .*", "\tserver services = s3fs, rpc, ldap, cldap, kdc, winbindd")
                .replace("[global]\n", "[global]\n\tntlm auth = disabled\n\tprefork children = 1\n"
                        // a Kerberos login and its user in the log: the tests read it
                        + "\tlog level = 1 auth_audit:5\n"
                        // RPC ports above the kernel's ephemeral range, where other tests pick their free ports
                        + "\trpc server dynamic port range = 61000-61999\n");
        smbConf += "\n[" + SHARE + "]\n\tpath = " + sharePath() + "\n\tread only = no\n\tserver smb encrypt = required\n"
                + "\n[" + DFS_SHARE + "]\n\tpath = " + dfsRoot + "\n\tread only = no\n\tmsdfs root = yes\n";
        Files.writeString(conf, smbConf);
        provisionMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        // passwords that expire in 42 days, as the domain's default has it: nothing here lives that long
        tool("user", "add", USER, PASSWORD);
        exportKeytab(PRINCIPAL, keytab());
        tool("user", "add", "rotated", PASSWORD + "1");
        exportKeytab(ROTATED_PRINCIPAL, staleKeytab());
        tool("user", "setpassword", "rotated", "--newpassword=" + PASSWORD + "2");
        usersMillis = (System.nanoTime() - start) / 1_000_000;
    }

    private void run() throws IOException {
        Path conf = work.resolve("dc/etc/smb.conf");
        // its own /run/samba in its own mount namespace (see the class comment); -i: it ends with our pipe
        samba = new ProcessBuilder("setsid", "unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mkdir -p /run/samba && mount -t tmpfs -o size=4m,mode=0755 logship-it-dc /run/samba"
                        + " && exec samba -i --no-process-group -s \"$1\"", "sh", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("samba.log").toFile()))
                .start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !samba.isAlive() || (accepts(88) && accepts(389) && accepts(445)));
        } catch (ConditionTimeoutException e) {
            // reported below
        }
        if (!samba.isAlive() || !accepts(445)) {
            close();
            throw new IllegalStateException("the Samba domain controller did not start; see " + work.resolve("samba.log"));
        }
    }

    /** Stops the DC and every process it forked: they end with its standard input. */
    @Override
    public void close() {
        if (samba == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(samba.descendants().toList());
        all.add(samba.toHandle());
        try {
            samba.getOutputStream().close();
        } catch (IOException e) {
            samba.destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        samba = null;
    }

    private String krb5(String extra) {
        return "[libdefaults]\n\tdefault_realm = " + REALM + "\n\tdns_lookup_realm = false\n\tdns_lookup_kdc = false\n"
                + "\trdns = false\n\tudp_preference_limit = 1\n" + extra
                + "[realms]\n\t" + REALM + " = {\n\t\tkdc = 127.0.0.1\n\t}\n"
                + "[domain_realm]\n\t.logship.test = " + REALM + "\n";
    }

    private void tool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("samba-tool"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-s", work.resolve("dc/etc/smb.conf").toString()));
        run(cmd.toArray(String[]::new));
    }

    private void run(String... command) throws IOException, InterruptedException {
        Path log = work.resolve("provision.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try (OutputStream in = p.getOutputStream()) {
            // nothing to say: no prompt may wait for an answer
        }
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command.length > 3 ? List.of(command).subList(0, 3) : List.of(command))
                    + " failed; see " + log + " (the packages samba-ad-dc krb5-user winbind are needed, and root)");
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
