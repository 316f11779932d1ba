package io.logship.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bounded chaos run: 200 files of mixed sizes arrive over about a minute while smbd and logship
 * are killed with SIGKILL and restarted at random. Meanwhile a logger rotates its log by renaming it
 * and goes on appending to the rotated file for a moment (as loggers without reopen do), files are
 * truncated and rewritten, and one file cannot be deleted for part of the run. In the end every file
 * is on the NAS with a valid sidecar, its last content included; none is lost, corrupted, quarantined
 * or shipped twice with identical content.
 */
class ChaosIT extends ShipITSupport {

    private static final int FILES = 200;
    private static final Duration ARRIVALS = Duration.ofSeconds(60);
    private static final int ROTATIONS = 8;
    private static final int REWRITES = 4;
    private static final String ACTIVE_LOG = "chaos-app.log";
    private static final String LOCKED = "chaos-locked.log";

    @TempDir
    Path installDir;

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
        int smbdKills = 0;
        int logshipKills = 0;
        List<LogshipProcess> processes = new ArrayList<>();
        Path locked = source.resolve(LOCKED);
        byte[] lockedContent = "2026-03-14T11:59:58 TXN-LOCKED POSTED\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(locked, lockedContent);
        // immutable before stableSeconds have passed: logship can read it, but not delete it
        chattr("+i", locked);
        expected.put(LOCKED, NasShare.sha256(lockedContent));
        Instant unlockAt = Instant.now().plusSeconds(20 + random.nextInt(15));
        boolean unlocked = false;
        LogshipProcess logship = startLogship(processes);
        writer.start();
        rotator.start();
        rewriter.start();
        try {
            Instant end = Instant.now().plus(ARRIVALS).plusSeconds(10);
            while (Instant.now().isBefore(end)) {
                // pacing the chaos, not waiting for an event: a random gap between two kills
                Thread.sleep(2000 + random.nextInt(4000));
                if (!unlocked && Instant.now().isAfter(unlockAt)) {
                    chattr("-i", locked);
                    unlocked = true;
                }
                if (random.nextBoolean()) {
                    samba.kill();
                    smbdKills++;
                    Thread.sleep(200 + random.nextInt(1500));
                    samba.start();
                } else {
                    logship.kill9();
                    logshipKills++;
                    logship = startLogship(processes);
                }
                nasEvents.maybe(random);
            }
            if (!unlocked) {
                chattr("-i", locked);
                unlocked = true;
            }
            for (Thread t : List.of(writer, rotator, rewriter)) {
                t.join(Duration.ofSeconds(30).toMillis());
            }
            assertEquals(FILES + ROTATIONS + REWRITES + 1, expected.size(), "the writers finished");
            await().atMost(Duration.ofSeconds(180)).until(() -> {
                try (var s = Files.list(source)) {
                    return s.noneMatch(p -> p.getFileName().toString().startsWith("chaos-"));
                }
            });
            logship.stop();
        } finally {
            nasEvents.proxy.close();
            if (!unlocked) {
                chattr("-i", locked);
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
        for (Map.Entry<String, String> e : new TreeMap<>(expected).entrySet()) {
            // content that changed after a ship lands under <name>~<first 12 hex of its SHA-256>
            List<Path> copies = new ArrayList<>();
            for (String name : List.copyOf(onNas.keySet())) {
                if (name.equals(e.getKey()) || name.startsWith(e.getKey() + "~")) {
                    copies.add(onNas.remove(name));
                }
            }
            boolean last = false;
            for (Path copy : copies) {
                if (NasShare.sha256(copy).equals(e.getValue())) {
                    last = true;
                } else if (isEarlierVersion(Files.readAllBytes(copy), versions.get(e.getKey()))) {
                    earlierVersions++;
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
        String log = Files.readString(installDir.resolve("logship.out"));
        nasEvents.report(log);
        System.out.printf("chaos: %d files, %d shipped, %d quarantined, %d lost, %d corrupted, %d unexpected on the NAS,"
                + " %d earlier versions kept beside the last; %d smbd kills, %d logship kills; %d changes seen after"
                + " a ship, %d failed deletes; seed %d%n", expected.size(), shipped, quarantined, lost, corrupted,
                onNas.size(), earlierVersions, smbdKills, logshipKills, count(log, " was verified: the local file is kept"),
                count(log, "but could not delete it"), seed);
        assertEquals(0, lost, "lost files");
        assertEquals(0, corrupted, "corrupted files");
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
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> proxy.forwarded() > before || System.nanoTime() - deadline > 0);
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

    private static long count(String log, String fragment) {
        return log.lines().filter(l -> l.contains(fragment)).count();
    }

    /** An earlier content of a churned file: a version its writer left, or a prefix of its last one (appended to). */
    private static boolean isEarlierVersion(byte[] remote, List<byte[]> written) {
        if (written == null) {
            return false;
        }
        byte[] last = written.get(written.size() - 1);
        return written.stream().anyMatch(v -> java.util.Arrays.equals(v, remote))
                || (remote.length < last.length && java.util.Arrays.equals(remote, 0, remote.length, last, 0, remote.length));
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
                int size = random.nextInt(10) == 0 ? (1 << 20) + random.nextInt(6 << 20) : random.nextInt(200_000);
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
