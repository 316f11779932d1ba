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
 * are killed with SIGKILL and restarted at random. In the end every file is on the NAS exactly once
 * with a valid sidecar, or quarantined with a record; none is lost or corrupted.
 */
class ChaosIT extends ShipITSupport {

    private static final int FILES = 200;
    private static final Duration ARRIVALS = Duration.ofSeconds(60);

    @TempDir
    Path installDir;

    @Test
    void everyFileEndsOnTheNasExactlyOnceOrInQuarantine() throws Exception {
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        Random random = new Random(seed);
        LogshipProcess.install(installDir);
        Map<String, String> expected = new ConcurrentHashMap<>();
        Thread writer = new Thread(() -> writeFiles(new Random(seed + 1), expected), "chaos-writer");
        int smbdKills = 0;
        int logshipKills = 0;
        List<LogshipProcess> processes = new ArrayList<>();
        LogshipProcess logship = startLogship(processes);
        writer.start();
        try {
            Instant end = Instant.now().plus(ARRIVALS).plusSeconds(10);
            while (Instant.now().isBefore(end)) {
                // pacing the chaos, not waiting for an event: a random gap between two kills
                Thread.sleep(2000 + random.nextInt(4000));
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
            }
            writer.join(Duration.ofSeconds(30).toMillis());
            assertEquals(FILES, expected.size(), "the writer finished");
            await().atMost(Duration.ofSeconds(180)).until(() -> {
                try (var s = Files.list(source)) {
                    return s.noneMatch(p -> p.getFileName().toString().startsWith("chaos-"));
                }
            });
            logship.stop();
        } finally {
            if (!samba.isRunning()) {
                samba.start();
            }
            for (LogshipProcess p : processes) {
                p.close();
            }
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> nas.tempFiles().isEmpty());
        Map<String, Path> onNas = new TreeMap<>();
        for (String f : nas.allFiles()) {
            Path p = nas.base().resolve(f);
            String name = p.getFileName().toString();
            if (!name.endsWith(".sha256")) {
                assertTrue(onNas.put(name, p) == null, name + " is on the NAS twice");
            }
        }
        int shipped = 0;
        int quarantined = 0;
        int lost = 0;
        int corrupted = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(expected).entrySet()) {
            Path remote = onNas.remove(e.getKey());
            if (remote != null) {
                nas.sha256sumCheck(remote);
                if (NasShare.sha256(remote).equals(e.getValue())) {
                    shipped++;
                } else {
                    corrupted++;
                }
            } else if (Files.exists(quarantine.resolve(e.getKey() + ".error.json"))) {
                quarantined++;
            } else {
                lost++;
            }
        }
        System.out.printf("chaos: %d files, %d shipped, %d quarantined, %d lost, %d corrupted, %d unexpected on the NAS;"
                + " %d smbd kills, %d logship kills; seed %d%n", FILES, shipped, quarantined, lost, corrupted,
                onNas.size(), smbdKills, logshipKills, seed);
        assertEquals(0, lost, "lost files");
        assertEquals(0, corrupted, "corrupted files");
        assertEquals(Map.of(), onNas, "files on the NAS that were never written");
        assertEquals(FILES, shipped + quarantined);
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
