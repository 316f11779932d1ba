package io.logship.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.logship.audit.AuditLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bounded chaos run: 200 files of mixed sizes arrive over about a minute while smbd and logship
 * are killed with SIGKILL and restarted at random. Meanwhile a logger rotates its log by renaming it
 * and goes on appending to the rotated file for a moment (as loggers without reopen do), files are
 * truncated and rewritten, one file cannot be deleted for part of the run and another until the kills
 * end. In the end every file is on the NAS with a valid sidecar, its last content included; none is
 * lost, corrupted, quarantined or shipped twice with identical content, and no log reaches the NAS
 * before its writer let go of it. The audit ledger shows each content published once; each
 * {@code already_shipped} line is a re-ship after a kill between that file's publish and its local delete.
 */
class ChaosIT extends ShipITSupport {

    private static final int FILES = 200;
    private static final Duration ARRIVALS = Duration.ofSeconds(60);
    private static final int ROTATIONS = 8;
    private static final int REWRITES = 4;
    private static final String ACTIVE_LOG = "chaos-app.log";
    private static final String LOCKED = "chaos-locked.log";
    private static final String HELD = "chaos-held.log";

    @TempDir
    Path installDir;

    /** A kill of smbd (until it was started again) or of logship; it may explain a re-ship of a file published before it. */
    private record Kill(String what, Instant from, Instant to) {
    }

    @Test
    void everyFileEndsOnTheNasExactlyOnceOrInQuarantine() throws Exception {
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        Random random = new Random(seed);
        LogshipProcess.install(installDir);
        // the logger's active file is never shipped; a file is complete after 2 s without a write, longer
        // than the rotator's pauses; an undeletable file is retried every 2 s
        props.put("logship.source.exclude", "*.tmp,*.part,*.swp," + ACTIVE_LOG);
        props.put("logship.source.stableSeconds", "2");
        props.put("logship.source.disposeRetrySeconds", "2");
        // logship reaches smbd through a proxy that can stall, for the NAS events below
        NasEvents nasEvents = new NasEvents(samba, new CuttingProxy(samba.port()));
        props.put("logship.nas.port", Integer.toString(nasEvents.proxy.port()));
        Map<String, String> expected = new ConcurrentHashMap<>();
        // every content a churned file held when its writer let go of it; the last one must reach the NAS
        Map<String, List<byte[]>> versions = new ConcurrentHashMap<>();
        Thread writer = new Thread(() -> writeFiles(new Random(seed + 1), expected), "chaos-writer");
        Thread rotator = new Thread(() -> rotateLog(new Random(seed + 2), expected, versions), "chaos-rotator");
        Thread rewriter = new Thread(() -> rewriteFiles(new Random(seed + 3), expected, versions), "chaos-rewriter");
        List<Kill> kills = new ArrayList<>();
        List<LogshipProcess> processes = new ArrayList<>();
        Path locked = source.resolve(LOCKED);
        Path held = source.resolve(HELD);
        Set<Path> immutable = new HashSet<>();
        for (Path p : List.of(locked, held)) {
            byte[] content = ("2026-03-14T11:59:58 TXN-" + p.getFileName() + " POSTED\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Files.write(p, content);
            // immutable before stableSeconds have passed: logship can read it, but not delete it
            chattr("+i", p);
            immutable.add(p);
            expected.put(p.getFileName().toString(), NasShare.sha256(content));
        }
        Instant unlockAt = Instant.now().plusSeconds(20 + random.nextInt(15));
        LogshipProcess logship = startLogship(processes);
        writer.start();
        rotator.start();
        rewriter.start();
        try {
            Instant end = Instant.now().plus(ARRIVALS).plusSeconds(10);
            while (Instant.now().isBefore(end)) {
                // pacing the chaos, not waiting for an event: a random gap between two kills
                Thread.sleep(2000 + random.nextInt(4000));
                if (Instant.now().isAfter(unlockAt)) {
                    mayDelete(immutable, locked);
                }
                Instant from = Instant.now();
                if (random.nextBoolean()) {
                    samba.kill();
                    // pacing: how long the NAS stays down
                    Thread.sleep(200 + random.nextInt(1500));
                    samba.start();
                    kills.add(new Kill("smbd", from, Instant.now()));
                } else {
                    logship.kill9();
                    kills.add(new Kill("logship", from, Instant.now()));
                    logship = startLogship(processes);
                }
                nasEvents.maybe(random);
            }
            mayDelete(immutable, locked);
            mayDelete(immutable, held);
            for (Thread t : List.of(writer, rotator, rewriter)) {
                t.join(Duration.ofSeconds(30).toMillis());
            }
            assertEquals(FILES + ROTATIONS + REWRITES + 2, expected.size(), "the writers finished");
            await().atMost(Duration.ofSeconds(180)).until(() -> {
                try (var s = Files.list(source)) {
                    return s.noneMatch(p -> p.getFileName().toString().startsWith("chaos-"));
                }
            });
            logship.stop();
        } finally {
            nasEvents.proxy.close();
            for (Path p : List.copyOf(immutable)) {
                mayDelete(immutable, p);
            }
            if (!samba.isRunning()) {
                samba.start();
            }
            for (LogshipProcess p : processes) {
                p.close();
            }
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> nas.tempFiles().isEmpty());
        Map<String, Path> onNas = new TreeMap<>();
        Map<String, String> byContent = new TreeMap<>();
        for (String f : nas.allFiles()) {
            Path p = nas.base().resolve(f);
            String name = p.getFileName().toString();
            if (!name.endsWith(".sha256")) {
                assertTrue(onNas.put(name, p) == null, name + " is on the NAS twice");
                nas.sha256sumCheck(p);
                String other = byContent.put(NasShare.sha256(p), name);
                assertTrue(other == null, name + " and " + other + " hold identical content: shipped twice");
            }
        }
        int shipped = 0;
        int quarantined = 0;
        int lost = 0;
        int corrupted = 0;
        int earlierVersions = 0;
        int shippedEarly = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(expected).entrySet()) {
            // content that changed after a ship lands under <name>~<first 12 hex of its SHA-256>
            List<Path> copies = new ArrayList<>();
            for (String name : List.copyOf(onNas.keySet())) {
                if (name.equals(e.getKey()) || name.startsWith(e.getKey() + "~")) {
                    copies.add(onNas.remove(name));
                }
            }
            boolean last = false;
            List<byte[]> written = versions.getOrDefault(e.getKey(), List.of());
            for (Path copy : copies) {
                // read once: its hash and its bytes
                byte[] remote = Files.readAllBytes(copy);
                if (NasShare.sha256(remote).equals(e.getValue())) {
                    last = true;
                } else if (written.stream().anyMatch(v -> java.util.Arrays.equals(v, remote))) {
                    // a rewritten file's first content, shipped before the rewrite
                    earlierVersions++;
                } else if (isPrefixOfLast(remote, written)) {
                    // taken while its writer still appended or rewrote it: the stability or in-use check failed
                    shippedEarly++;
                } else {
                    corrupted++;
                }
            }
            if (last) {
                shipped++;
            } else if (Files.exists(quarantine.resolve(e.getKey() + ".error.json"))) {
                quarantined++;
            } else {
                lost++;
            }
        }
        List<String> quarantineRecords = new ArrayList<>();
        try (var records = Files.list(quarantine)) {
            for (Path r : records.filter(r -> r.toString().endsWith(".error.json")).toList()) {
                quarantineRecords.add(r.getFileName() + " (" + new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(r.toFile()).get("failureClass").asText() + ")");
            }
        }
        LedgerCount ledger = readLedger(expected, kills);
        String log = Files.readString(installDir.resolve("logship.out"));
        nasEvents.report(log);
        System.out.printf("chaos: %d files, %d shipped, %d quarantined, %d lost, %d corrupted, %d unexpected on the NAS,"
                + " %d earlier versions of rewritten files kept beside the last, %d copies shipped early; %d smbd kills,"
                + " %d logship kills; ledger: %d published, %d already_shipped after a kill, %d unexplained; %d changes"
                + " seen after a ship, %d failed deletes, %d sidecars written later; seed %d%n", expected.size(), shipped, quarantined, lost, corrupted,
                onNas.size(), earlierVersions, shippedEarly, kills.stream().filter(k -> k.what().equals("smbd")).count(),
                kills.stream().filter(k -> k.what().equals("logship")).count(), ledger.published(), ledger.reshipped(),
                ledger.unexplained().size(), count(log, " was verified: the local file is kept"),
                count(log, "but could not delete it"), count(log, "and had no sidecar: wrote"), seed);
        // a log taken early loses what its writer adds after the local delete
        assertEquals(0, shippedEarly, "rotated or rewritten logs shipped while still being written");
        assertEquals(0, lost, "lost files");
        assertEquals(0, corrupted, "corrupted files");
        assertTrue(earlierVersions <= REWRITES, earlierVersions + " earlier versions of " + REWRITES + " rewritten files");
        assertEquals(List.of(), ledger.unexplained(), "ledger lines no kill explains");
        assertEquals(Map.of(), onNas, "files on the NAS that were never written");
        assertEquals(expected.size(), shipped + quarantined);
        // every file is valid: only smbd and logship fail, and neither may cost a file its place
        assertEquals(List.of(), quarantineRecords, "files quarantined by a fault of the NAS or of logship");
    }

    /**
     * What a file server does besides dying, after two of three kills, once logship talks to it again: an
     * administrator closes the share (smbcontrol close-share: the next request on every tree connect gets
     * STATUS_NETWORK_NAME_DELETED), or the NAS stops answering with its connections open for 1 to 8 s
     * (logship.nas.timeoutSeconds is 5) and then answers again on them or closes them all (a reboot).
     */
    private static final class NasEvents {
        final CuttingProxy proxy;
        private final io.logship.sandbox.SambaSandbox samba;
        private int sharesClosed;
        private int stalls;

        NasEvents(io.logship.sandbox.SambaSandbox samba, CuttingProxy proxy) {
            this.samba = samba;
            this.proxy = proxy;
        }

        void maybe(Random random) throws Exception {
            int event = random.nextInt(3);
            if (event < 2) {
                // the event meets logship's connections: it talks to the NAS again after the kill (or 20 s passed)
                long before = proxy.forwarded();
                try {
                    await().atMost(Duration.ofSeconds(20)).until(() -> proxy.forwarded() > before);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    // 20 s passed: the event comes anyway
                }
            }
            if (event == 0) {
                run(samba.smbcontrol("close-share", SambaFixture.SHARE).toArray(String[]::new));
                sharesClosed++;
            } else if (event == 1) {
                proxy.stall();
                stalls++;
                // pacing the chaos: how long the NAS hangs
                Thread.sleep(1000 + random.nextInt(7000));
                if (random.nextBoolean()) {
                    proxy.resume();
                } else {
                    proxy.closeAll();
                }
            }
        }

        /** Prints the events; smbj's errors for the requests they cost are DEBUG lines, not in the log at INFO. */
        void report(String log) {
            System.out.printf("chaos: %d shares closed, %d stalls; %d reconnects after a lost session or share,"
                    + " %d times not answering%n", sharesClosed, stalls, count(log, "no longer knows this connection's session"),
                    count(log, "not answering within"));
            assertEquals(0, count(log, "woke to"), "smbj's errors for requests of lost connections are DEBUG lines");
        }
    }

    /** Clears the immutable flag of {@code file}, if it still has it. */
    private static void mayDelete(Set<Path> immutable, Path file) throws Exception {
        if (immutable.remove(file)) {
            chattr("-i", file);
        }
    }

    private static long count(String log, String fragment) {
        return log.lines().filter(l -> l.contains(fragment)).count();
    }

    /** A part of a churned file's last content, from its start: what a read before its writer finished sees. */
    private static boolean isPrefixOfLast(byte[] remote, List<byte[]> written) {
        if (written.isEmpty()) {
            return false;
        }
        byte[] last = written.get(written.size() - 1);
        return remote.length < last.length && java.util.Arrays.equals(remote, 0, remote.length, last, 0, remote.length);
    }

    /** What the audit ledger says: lines that published a content, re-ships found on the NAS, and lines nothing explains. */
    private record LedgerCount(int published, int reshipped, List<String> unexplained) {
    }

    /**
     * Each content of a file is published (shipped, shipped_under_distinct_name) once, and its last content
     * has a line. A re-ship finds the content on the NAS (already_shipped) only after a crash between its
     * publish and the local delete: one logship process publishes or finds a content once (the processes
     * are told apart by the times of logship's kills); where the first line of a content is already_shipped,
     * the attempt that published it died before its line, killed or cut off by a kill of smbd.
     */
    private LedgerCount readLedger(Map<String, String> expected, List<Kill> kills) throws Exception {
        AuditLedger ledger = new AuditLedger(work.resolve("ledger"), 400);
        // a line written after the i-th kill of logship ended is the (i+1)-th process's
        List<Instant> restarts = kills.stream().filter(k -> k.what().equals("logship")).map(Kill::to).toList();
        int published = 0;
        int reshipped = 0;
        List<String> unexplained = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(expected).entrySet()) {
            List<AuditLedger.Entry> lines = ledger.find(e.getKey());
            Map<String, Set<Long>> processesByContent = new HashMap<>();
            for (AuditLedger.Entry line : lines) {
                Instant at = Instant.parse(line.time());
                long process = restarts.stream().filter(r -> r.isBefore(at)).count();
                boolean first = !processesByContent.containsKey(line.sha256());
                if (!processesByContent.computeIfAbsent(line.sha256(), c -> new HashSet<>()).add(process)) {
                    unexplained.add(e.getKey() + ": again in the same logship process: " + line);
                } else if (!line.outcome().equals("already_shipped")) {
                    published++;
                    if (!first) {
                        unexplained.add(e.getKey() + ": published after it was on the NAS: " + line);
                    }
                } else if (first && kills.stream().noneMatch(k -> k.from().isBefore(at))) {
                    unexplained.add(e.getKey() + ": found on the NAS before any kill: " + line);
                } else {
                    reshipped++;
                }
            }
            if (!processesByContent.containsKey(e.getValue())) {
                unexplained.add(e.getKey() + ": no line for its last content in " + lines);
            }
        }
        return new LedgerCount(published, reshipped, unexplained);
    }

    /**
     * A logger that rotates its log by renaming it and goes on appending to the rotated file for a few
     * seconds before it opens a new one, pausing up to 1.2 s between lines (under stableSeconds).
     */
    private void rotateLog(Random random, Map<String, String> expected, Map<String, List<byte[]>> versions) {
        try {
            Path active = source.resolve(ACTIVE_LOG);
            int line = 0;
            for (int r = 0; r < ROTATIONS; r++) {
                String rotated = ACTIVE_LOG + "." + r;
                java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
                try (var out = java.nio.channels.FileChannel.open(active, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND)) {
                    int before = 5 + random.nextInt(20);
                    int after = 1 + random.nextInt(4);
                    for (int i = 0; i < before + after; i++) {
                        if (i == before) {
                            Files.move(active, source.resolve(rotated));
                        }
                        byte[] bytes = String.format("%s TXN-%06d POSTED%n", Instant.now(), line++)
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        out.write(java.nio.ByteBuffer.wrap(bytes));
                        written.write(bytes);
                        // pacing the writes as a logger does, slower after the rotation
                        Thread.sleep(i < before ? 20 + random.nextInt(200) : 200 + random.nextInt(1000));
                    }
                }
                versions.put(rotated, List.of(written.toByteArray()));
                expected.put(rotated, NasShare.sha256(written.toByteArray()));
            }
        } catch (Exception e) {
            throw new IllegalStateException("the chaos rotator failed", e);
        }
    }

    /** Files written in place, then truncated and rewritten with other content of the same length. */
    private void rewriteFiles(Random random, Map<String, String> expected, Map<String, List<byte[]>> versions) {
        try {
            for (int k = 0; k < REWRITES; k++) {
                String name = "chaos-rewrite-" + k + ".log";
                byte[] first = new byte[1000 + random.nextInt(100_000)];
                random.nextBytes(first);
                byte[] second = new byte[first.length];
                random.nextBytes(second);
                Path file = Files.write(source.resolve(name), first);
                // pacing: the rewrite comes before, during or after logship's ship of the first content
                Thread.sleep(1000 + random.nextInt(4000));
                Files.write(file, second);
                versions.put(name, List.of(first, second));
                expected.put(name, NasShare.sha256(second));
                // pacing: the next file to rewrite arrives a few seconds later
                Thread.sleep(2000 + random.nextInt(4000));
            }
        } catch (Exception e) {
            throw new IllegalStateException("the chaos rewriter failed", e);
        }
    }

    private LogshipProcess startLogship(List<LogshipProcess> processes) throws Exception {
        LogshipProcess p = LogshipProcess.start(installDir, props, Map.of(), List.of(),
                installDir.resolve("logship.out"));
        processes.add(p);
        return p;
    }

    /** 200 complete logs, most small, some several MiB, arriving whole over about a minute. */
    private void writeFiles(Random random, Map<String, String> expected) {
        try {
            Path staging = Files.createDirectories(source.resolve(".staging"));
            for (int i = 0; i < FILES; i++) {
                // never empty: an empty file waits logship.source.emptyFileMinAgeSeconds (10 min)
                int size = random.nextInt(10) == 0 ? (1 << 20) + random.nextInt(6 << 20) : 1 + random.nextInt(200_000);
                byte[] content = new byte[size];
                random.nextBytes(content);
                String name = String.format("chaos-%03d.log", i);
                Path staged = Files.write(staging.resolve(name), content);
                Files.setLastModifiedTime(staged, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(5)));
                expected.put(name, NasShare.sha256(content));
                Files.move(staged, source.resolve(name));
                // pacing the arrivals over ARRIVALS, as an application rotates its logs
                Thread.sleep(ARRIVALS.toMillis() / FILES);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the chaos writer failed", e);
        }
    }
}
