package io.logship.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * logship.nas.auth=kerberos against a real Samba AD domain controller that refuses NTLM
 * ({@link SambaDomain}). logship runs as the jar in its own JVM: the server's name comes from a hosts
 * file (-Djdk.net.hosts.file), which the JDK reads for the whole process from its first name lookup on,
 * and the krb5.conf is read once per process too; a JVM of its own keeps both from the other tests.
 */
@ExtendWith(DomainFixture.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KerberosIT extends ShipITSupport {

    /** The end of a ticket, as logship's login line gives it. */
    private static final Pattern TICKET_END = Pattern.compile("ticket valid until (\\S+)\\)");

    @TempDir
    Path installDir;

    SambaDomain dc;
    NasShare dcShare;
    Map<String, String> kerberos;

    @BeforeEach
    void onTheDomain() throws Exception {
        dc = DomainFixture.domain();
        dcShare = new NasShare(dc.sharePath(), nas.nasDir());
        LogshipProcess.install(installDir);
        kerberos = new LinkedHashMap<>(props);
        kerberos.putAll(onTheDomain(dc));
    }

    /** The keys that point logship at the DC's share with Kerberos from logship's keytab, and the hosts file. */
    static Map<String, String> onTheDomain(SambaDomain dc) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("jdk.net.hosts.file", dc.hostsFile().toString());
        p.put("logship.nas.host", SambaDomain.HOST);
        p.put("logship.nas.port", "445");
        p.put("logship.nas.share", SambaDomain.SHARE);
        p.put("logship.nas.username", "");
        p.put("logship.nas.password", "");
        p.put("logship.nas.auth", "kerberos");
        p.put("logship.nas.kerberos.principal", SambaDomain.PRINCIPAL);
        p.put("logship.nas.kerberos.keytab", dc.keytab().toString());
        p.put("logship.nas.kerberos.config", dc.krb5Conf().toString());
        return p;
    }

    /**
     * Other engineers' and other tests' smbds run on this machine beside the DC: its winbindd must stay
     * out of their sight (a smbd that finds it refuses its own users), which its mount namespace does.
     */
    @Test
    void theDomainsWinbinddIsSeenOnlyByTheDomainController() throws Exception {
        assertEquals(0, dc.runInside("wbinfo", "--ping"), "the DC's winbindd answers in its own namespace");
        assertTrue(exitCode("wbinfo", "--ping") != 0, "no winbindd answers outside the DC's namespace");
        assertTrue(exitCode("getent", "passwd", "LOGSHIP\\" + SambaDomain.USER) != 0, "the domain's users are unknown outside");
        // the sandbox's smbd, started before the DC, still logs its own user in
        assertEquals(0, exitCode(samba.smbclient(SambaFixture.SHARE, "ls").toArray(String[]::new)));
    }

    private static int exitCode(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), String.join(" ", command));
        return p.exitValue();
    }

    @Test
    void withAKeytabFilesShipEncryptedAndVerifiedAndTheDomainLogsAKerberosLogin() throws Exception {
        byte[] big = ShipPathIT.randomBytes(6 << 20, 23);
        Path local = writeLog("krb-big.log", big);
        Path small = writeLog("krb-small.log", "2026-12-06 TXN-1 POSTED\n".getBytes(StandardCharsets.UTF_8));
        Path day = dcShare.dayDirOf(local);
        int loginsBefore = dc.kerberosLogins().size();
        try (LogshipProcess logship = LogshipProcess.start(installDir, kerberos, Map.of(), List.of(),
                installDir.resolve("logship.out"))) {
            awaitGone(local);
            awaitGone(small);
            logship.stop();
            assertTrue(logship.output().contains("Kerberos: logged in as " + SambaDomain.PRINCIPAL), logship.output());
            assertFalse(logship.output().contains("Shipping paused"), logship.output());
        }
        // the share requires encryption: an unencrypted session is refused its tree connect
        assertArrayEquals(big, Files.readAllBytes(day.resolve("krb-big.log")));
        dcShare.sha256sumCheck(day.resolve("krb-big.log"));
        dcShare.sha256sumCheck(day.resolve("krb-small.log"));
        assertEquals(List.of(), dcShare.tempFiles());
        List<String> logins = dc.kerberosLogins();
        assertTrue(logins.size() > loginsBefore, "no Kerberos login in the DC's log");
        assertTrue(logins.get(logins.size() - 1).contains("user [LOGSHIP]\\[logship]"), logins.toString());
        assertEquals(List.of(), quarantineContents());
    }

    /**
     * The service of {@link #shippingGoesOnAcrossTheEndOfItsTicketsNothingPausedOrQuarantined}: started
     * before the class's first test and checked after its last, so the wait for its tickets' end (some
     * 150 s) passes while the other tests run rather than after them.
     */
    private record Expiring(LogshipProcess logship, Path source, Path quarantine, NasShare share, Path firstDay,
            Instant ticketEnd, int loginsBefore) {
    }

    private static Expiring expiring;

    /**
     * Tickets of 150 s, from this JVM's krb5.conf: Samba's KDC refuses a service ticket for a
     * ticket-granting ticket with 2 minutes or less left, so nothing much shorter works. One lane, so the
     * files after the tickets' end go on the connection made before it.
     */
    @BeforeAll
    static void startAServiceWhoseTicketsEndDuringTheTests(@TempDir Path dir) throws Exception {
        SambaDomain dc = DomainFixture.domain();
        Path install = LogshipProcess.install(Files.createDirectories(dir.resolve("install")));
        Path source = Files.createDirectories(dir.resolve("source"));
        Path quarantine = Files.createDirectories(dir.resolve("quarantine"));
        String nasDir = "it/KerberosIT/expiry-" + Long.toHexString(System.nanoTime());
        Map<String, String> p = new LinkedHashMap<>(LogshipApp.defaults(SambaFixture.sandbox(), source, quarantine, dir,
                nasDir));
        p.putAll(onTheDomain(dc));
        p.put("logship.nas.kerberos.config", dc.krb5Conf("krb5-short.conf", "\tticket_lifetime = 150s\n").toString());
        p.put("logship.nas.parallelFiles", "1");
        int loginsBefore = dc.kerberosLogins().size();
        Path first = writeTo(source, "krb-before-expiry.log", 31);
        NasShare share = new NasShare(dc.sharePath(), nasDir);
        Path firstDay = share.dayDirOf(first);
        LogshipProcess logship = LogshipProcess.start(install, p, Map.of(), List.of(), dir.resolve("logship.out"));
        try {
            await().atMost(SHIP_TIMEOUT).until(() -> !Files.exists(first));
            String output = logship.output();
            Instant end = TICKET_END.matcher(output).results().map(m -> Instant.parse(m.group(1)))
                    .max(Instant::compareTo).orElseThrow(() -> new AssertionError("no ticket end in " + output));
            expiring = new Expiring(logship, source, quarantine, share, firstDay, end, loginsBefore);
        } catch (Throwable setUpFailed) {
            // @AfterAll stops only a service that got this far: this one must not outlive the tests
            logship.close();
            throw setUpFailed;
        }
    }

    @AfterAll
    static void stopTheServiceWhoseTicketsEnd() throws Exception {
        if (expiring != null) {
            expiring.logship().close();
            expiring = null;
        }
    }

    /**
     * Samba ends an SMB session when the Kerberos ticket it was made with ends, and answers
     * STATUS_NETWORK_SESSION_EXPIRED; logship logs in again on a new connection and goes on, pausing and
     * quarantining nothing.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void shippingGoesOnAcrossTheEndOfItsTicketsNothingPausedOrQuarantined() throws Exception {
        LogshipProcess logship = expiring.logship();
        // the sessions end with their tickets: wait for that moment
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Instant.now().isAfter(expiring.ticketEnd().plusSeconds(2)));
        NasShare share = expiring.share();
        List<Path> shipped = new java.util.ArrayList<>(List.of(expiring.firstDay().resolve("krb-before-expiry.log")));
        for (int i = 0; i < 3; i++) {
            Path local = writeTo(expiring.source(), "krb-after-expiry-" + i + ".log", 32 + i);
            shipped.add(share.dayDirOf(local).resolve(local.getFileName()));
            awaitGone(local, logship);
        }
        logship.stop();
        String out = logship.output();
        assertTrue(out.contains("STATUS_NETWORK_SESSION_EXPIRED"), out);
        assertTrue(out.contains("Kerberos: logged in again as " + SambaDomain.PRINCIPAL), out);
        assertFalse(out.contains("Shipping paused"), out);
        assertFalse(out.contains("Not shipped"), out);
        for (Path remote : shipped) {
            share.sha256sumCheck(remote);
        }
        assertEquals(List.of(), share.tempFiles());
        try (var q = Files.list(expiring.quarantine())) {
            assertEquals(List.of(), q.toList());
        }
        assertTrue(dc.kerberosLogins().size() >= expiring.loginsBefore() + 2, "a second Kerberos login after the first"
                + " session's end");
    }

    /** A complete log of 200 000 random bytes in {@code source}, last modified two minutes ago (past stableSeconds). */
    private static Path writeTo(Path source, String name, int seed) throws Exception {
        return writeLog(source, name, ShipPathIT.randomBytes(200_000, seed), Instant.now().minusSeconds(120));
    }

    @Test
    void throughTheDomainsDfsNamespaceFilesLandOnTheLinksShare() throws Exception {
        kerberos.put("logship.nas.share", SambaDomain.DFS_SHARE);
        kerberos.put("logship.nas.dir", SambaDomain.DFS_LINK + "/" + nas.nasDir());
        kerberos.put("logship.nas.dfs", "true");
        Path local = writeLog("krb-dfs.log", ShipPathIT.randomBytes(300_000, 29));
        Path day = dcShare.dayDirOf(local);
        try (LogshipProcess logship = LogshipProcess.start(installDir, kerberos, Map.of(), List.of(),
                installDir.resolve("logship.out"))) {
            awaitGone(local);
            logship.stop();
        }
        assertArrayEquals(ShipPathIT.randomBytes(300_000, 29), Files.readAllBytes(day.resolve("krb-dfs.log")));
        dcShare.sha256sumCheck(day.resolve("krb-dfs.log"));
        assertEquals(List.of(), dcShare.tempFiles());
    }

    /**
     * One target per way the login can go, in one {@code validate --login} (a JVM start saved per case): the
     * password instead of a keytab logs in; NTLM, a stale keytab, an unknown principal and a name without a
     * cifs/ principal each give their one line on stderr.
     */
    @Test
    void validateLogsInWithThePasswordAndNamesEachRefusalInOneLine() throws Exception {
        Path passwordFile = Files.writeString(work.resolve("password"), SambaDomain.PASSWORD + "\n");
        Files.setPosixFilePermissions(passwordFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        target("password", Map.of("nas.kerberos.keytab", "", "nas.passwordFile", passwordFile.toString()));
        target("ntlm", Map.of("nas.auth", "ntlm", "nas.kerberos.principal", "", "nas.kerberos.keytab", "",
                "nas.username", SambaDomain.USER, "nas.password", SambaDomain.PASSWORD, "nas.domain", "LOGSHIP"));
        target("stale", Map.of("nas.kerberos.principal", SambaDomain.ROTATED_PRINCIPAL,
                "nas.kerberos.keytab", dc.staleKeytab().toString()));
        target("unknown", Map.of("nas.kerberos.principal", "nobody@" + SambaDomain.REALM, "nas.kerberos.keytab", "",
                "nas.password", "whatever"));
        target("alias", Map.of("nas.host", SambaDomain.ALIAS));
        kerberos.put("logship.targets", "main,password,ntlm,stale,unknown,alias");

        LogshipProcess.Output r = LogshipProcess.run(installDir, kerberos, "validate", "--login");
        assertEquals(1, r.exit(), r.out() + r.err());
        String onDc = "logship: NAS //" + SambaDomain.HOST + ":445/" + SambaDomain.SHARE + " ";
        String ok = onDc + "reachable, login accepted, writable";
        assertEquals(2, r.out().lines().filter(ok::equals).count(), "main (keytab) and password log in: " + r.out());
        assertEquals(new java.util.TreeSet<>(List.of(
                onDc + "refuses NTLM: set logship.nas.auth=kerberos (docs/security.md) (STATUS_NTLM_BLOCKED) while trying"
                        + " to connect as " + SambaDomain.USER,
                onDc + "could not log in with Kerberos: logship.nas.kerberos.keytab=" + dc.staleKeytab()
                        + " does not hold the current key of " + SambaDomain.ROTATED_PRINCIPAL + " (was its password changed"
                        + " after the keytab was made?): make a new keytab (docs/security.md) (Pre-authentication"
                        + " information was invalid (24)) while trying to connect as " + SambaDomain.ROTATED_PRINCIPAL
                        + " with Kerberos",
                onDc + "could not log in with Kerberos: the KDC does not know logship.nas.kerberos.principal=nobody@"
                        + SambaDomain.REALM + ": correct it (the service account's logon name, e.g."
                        + " svc-logship@CORP.EXAMPLE) (Client not found in Kerberos database (6)) while trying to connect as"
                        + " nobody@" + SambaDomain.REALM + " with Kerberos",
                "logship: NAS //" + SambaDomain.ALIAS + ":445/" + SambaDomain.SHARE + " could not log in with Kerberos:"
                        + " the KDC has no service principal cifs/" + SambaDomain.ALIAS + ": set logship.nas.host to the"
                        + " file server's name as the domain knows it (not an address or an alias), or have cifs/"
                        + SambaDomain.ALIAS + " registered for the server (setspn -S) (Server not found in Kerberos"
                        + " database (7)) while trying to connect as " + SambaDomain.PRINCIPAL + " with Kerberos")),
                new java.util.TreeSet<>(r.err().lines().toList()));
    }

    /** Target {@code name} with its own folders and route, and these keys (after logship.target.NAME.) over the others. */
    private void target(String name, Map<String, String> keys) throws Exception {
        Path dir = Files.createDirectories(work.resolve("target-" + name));
        kerberos.put("logship.target." + name + ".source.dir", Files.createDirectories(dir.resolve("source")).toString());
        kerberos.put("logship.target." + name + ".deadletter.dir", Files.createDirectories(dir.resolve("quarantine")).toString());
        keys.forEach((k, v) -> kerberos.put("logship.target." + name + "." + k, v));
        Files.writeString(installDir.resolve("routes/targets.camel.yaml"), targetRoute(name), java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void anAddressForTheHostIsRefusedBeforeAnyLogin() throws Exception {
        kerberos.put("logship.nas.host", "127.0.0.1");
        String line = "logship: logship.nas.host=127.0.0.1 is an IP address, but Kerberos (logship.nas.auth=kerberos)"
                + " asks for the service principal cifs/<host>: use the server's name, as the domain knows it";
        // 2, a configuration problem, for both
        LogshipProcess.Output validate = LogshipProcess.run(installDir, kerberos, "validate", "--login");
        assertEquals(2, validate.exit(), validate.err());
        assertEquals(line, validate.err().strip());
        LogshipProcess.Output run = LogshipProcess.run(installDir, kerberos, "run");
        assertEquals(2, run.exit(), run.err());
        assertEquals(line, run.err().strip());
    }

    @Test
    void aKdcThatDoesNotAnswerGivesItsLine() throws Exception {
        int closed = freePort();
        Path config = Files.writeString(work.resolve("krb5-no-kdc.conf"),
                Files.readString(dc.krb5Conf()).replace("kdc = 127.0.0.1", "kdc = 127.0.0.1:" + closed));
        kerberos.put("logship.nas.kerberos.config", config.toString());
        assertLoginLine("could not log in with Kerberos: no KDC of the realm answers: check the KDCs named in"
                + " logship.nas.kerberos.config=" + config + " or found in the domain's DNS, and that port 88 of the"
                + " domain controllers is open to this machine (Connection refused) while trying to connect as "
                + SambaDomain.PRINCIPAL + " with Kerberos");
    }

    @Test
    void aStaleKeytabPausesShippingAndARotatedOneShipsWithoutARestartOrABrokenSeal() throws Exception {
        Path keytab = work.resolve("rotated.keytab");
        Files.copy(dc.staleKeytab(), keytab);
        Files.setPosixFilePermissions(keytab, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        // the operator's configuration file holds the Kerberos keys, and is sealed
        Map<String, String> inFile = new LinkedHashMap<>();
        for (String key : List.of("logship.nas.host", "logship.nas.port", "logship.nas.share", "logship.nas.auth",
                "logship.nas.kerberos.config")) {
            inFile.put(key, kerberos.remove(key));
        }
        inFile.put("logship.nas.kerberos.principal", SambaDomain.ROTATED_PRINCIPAL);
        // a folder of its own: the DC gives the folders logship's account made to that account
        inFile.put("logship.nas.dir", "rotated/" + nas.nasDir());
        inFile.put("logship.nas.kerberos.keytab", keytab.toString());
        kerberos.remove("logship.nas.kerberos.principal");
        kerberos.remove("logship.nas.kerberos.keytab");
        kerberos.remove("logship.nas.dir");
        // each key on its own line of the shipped file, as an operator edits it: a second line would be refused
        Path config = installDir.resolve("config/application.properties");
        String file = Files.readString(config);
        for (Map.Entry<String, String> kv : inFile.entrySet()) {
            java.util.regex.Matcher line = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(kv.getKey())
                    + " =.*$").matcher(file);
            assertTrue(line.find(), kv.getKey());
            file = line.replaceFirst(java.util.regex.Matcher.quoteReplacement(kv.getKey() + " = " + kv.getValue()));
        }
        Files.writeString(config, file);
        int port = freePort();
        kerberos.put("camel.management.enabled", "true");
        kerberos.put("camel.management.port", Integer.toString(port));
        kerberos.put("logship.integrity.checkSeconds", "1");
        LogshipProcess.seal(installDir, kerberos);
        Path local = writeLog("krb-rotation.log", "2026-12-06 TXN-2 POSTED\n".getBytes(StandardCharsets.UTF_8));
        try (LogshipProcess logship = LogshipProcess.start(installDir, kerberos, Map.of(), List.of(),
                installDir.resolve("logship.out"))) {
            logship.awaitOutput("Shipping paused (auth_failed): NAS //" + SambaDomain.HOST + ":445/" + SambaDomain.SHARE
                    + " could not log in with Kerberos: logship.nas.kerberos.keytab=" + keytab, SHIP_TIMEOUT);
            String url = "http://127.0.0.1:" + port;
            LogshipProcess.CommandResult status = LogshipProcess.command(installDir, kerberos, Map.of(), "status", "--url", url);
            assertTrue(status.output().contains("nas          DOWN NAS //" + SambaDomain.HOST + ":445/" + SambaDomain.SHARE
                    + " could not log in with Kerberos: "), status.output());
            assertTrue(Files.exists(local));
            assertEquals(List.of(), quarantineContents());

            // rotation: a new keytab written beside the old one and moved over it
            Path fresh = work.resolve("rotated.keytab.new");
            dc.exportKeytab(SambaDomain.ROTATED_PRINCIPAL, fresh);
            Files.move(fresh, keytab, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            awaitGone(local, logship);
            // each look starts a JVM (status), a few seconds each on a loaded machine; the check runs every second
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> LogshipProcess
                    .command(installDir, kerberos, Map.of(), "status", "--url", url).output().contains("integrity    UP"));
            logship.stop();
            assertFalse(logship.output().contains("Integrity:"), logship.output());
        }
        assertEquals(List.of(), quarantineContents());
    }

    /** {@link #awaitGone(Path)}, failing with what logship logged. */
    private void awaitGone(Path local, LogshipProcess logship) throws Exception {
        try {
            awaitGone(local);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(logship.output(), e);
        }
    }

    /** validate --login ends with exit 1 and this one line on stderr about //dc.logship.test:445/logsenc. */
    private void assertLoginLine(String expected) throws Exception {
        LogshipProcess.Output r = LogshipProcess.run(installDir, kerberos, "validate", "--login");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals("logship: NAS //" + SambaDomain.HOST + ":445/" + SambaDomain.SHARE + " " + expected, r.err().strip());
    }
}
