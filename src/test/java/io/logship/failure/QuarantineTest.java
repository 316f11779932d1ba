package io.logship.failure;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuarantineTest {

    @TempDir
    Path source;

    @TempDir
    Path dir;

    private QuarantineRecord record(String name, Path original) {
        return new QuarantineRecord(name, original.toString(), 3L, null, 5, "2026-11-24T10:00:00Z",
                "2026-11-24T10:00:04Z", "name_rejected", "rejected", "erp01", "2026-11-24T10:00:04Z");
    }

    @Test
    void neverOverwritesAndReplayPutsTheFileBackWithItsTimeStamp() throws Exception {
        Quarantine q = new Quarantine(dir);
        Path first = Files.writeString(source.resolve("trans.log.1"), "one");
        FileTime stamp = FileTime.from(Instant.parse("2026-11-20T08:00:00Z"));
        Files.setLastModifiedTime(first, stamp);
        Path r1 = q.quarantine(first, name -> record(name, first));
        Path second = Files.writeString(source.resolve("trans.log.1"), "two");
        Path r2 = q.quarantine(second, name -> record(name, second));

        assertEquals(2, q.records().size());
        assertEquals(2, q.files().size());
        assertEquals("one", Files.readString(dir.resolve("trans.log.1")));
        String secondName = q.read(r2).file();
        assertTrue(secondName.startsWith("trans.log.1."), secondName);
        assertEquals("two", Files.readString(dir.resolve(secondName)));

        String line = q.replay(r1, source);
        assertEquals("put trans.log.1 back as " + source.resolve("trans.log.1"), line);
        assertEquals(stamp, Files.getLastModifiedTime(source.resolve("trans.log.1")));
        assertFalse(Files.exists(r1));
        // the second one would replace the first: refused, and both stay as they are
        assertThrows(FileAlreadyExistsException.class, () -> q.replay(r2, source));
        assertTrue(Files.exists(r2));
        assertEquals("one", Files.readString(source.resolve("trans.log.1")));
    }

    @Test
    void aRecordWithoutItsFileIsRemovedOnReplay() throws Exception {
        Quarantine q = new Quarantine(dir);
        Path gone = source.resolve("vanished.log");
        Path r = q.quarantine(gone, name -> record(name, gone));
        assertEquals(0, q.files().size());
        assertTrue(q.replay(r, source).startsWith("removed the record of " + gone));
        assertEquals(0, q.records().size());
    }

    @TempDir
    Path mountPoint;

    private boolean mounted;
    private Path immutable;

    /** A quarantine on another file system than the source folder (a small tmpfs; needs root). */
    private Path otherVolume() throws Exception {
        // fails rather than skips, as the Samba fixture does: the suite runs as root (.ci/run)
        assertTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root: run the tests as root");
        run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mountPoint.toString());
        mounted = true;
        return mountPoint.resolve("quarantine");
    }

    @AfterEach
    void undo() throws Exception {
        if (immutable != null) {
            run("chattr", "-i", immutable.toString());
        }
        if (mounted) {
            run("umount", mountPoint.toString());
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + new String(p.getInputStream().readAllBytes()));
    }

    @Test
    void aSourceThatCannotBeRemovedLeavesOneCopyAndOneRecordHoweverOftenItIsQuarantined() throws Exception {
        Quarantine q = new Quarantine(otherVolume());
        Path file = Files.writeString(source.resolve("trans.log.7"), "posting\n");
        run("chattr", "+i", file.toString());
        immutable = file;
        for (int attempt = 1; attempt <= 3; attempt++) {
            IOException e = assertThrows(IOException.class, () -> q.quarantine(file, name -> record(name, file)));
            assertEquals(1, q.files().size(), "attempt " + attempt + ": " + q.files());
            assertEquals(1, q.records().size(), "attempt " + attempt + ": " + q.records());
            assertTrue(e.getMessage().contains("cannot remove " + file), e.getMessage());
        }
        run("chattr", "-i", file.toString());
        immutable = null;
        Path r = q.quarantine(file, name -> record(name, file));
        assertFalse(Files.exists(file));
        assertEquals(List.of(r), q.records());
        assertEquals("posting\n", Files.readString(q.dir().resolve(q.read(r).file())));
    }

    @Test
    void aCopyToAnotherVolumeAppearsUnderItsNameOnlyWhenComplete() throws Exception {
        Path other = otherVolume();
        Files.createDirectories(other);
        Quarantine q = new Quarantine(other);
        Path file = Files.write(source.resolve("trans.log.8"), new byte[4 << 20]);
        List<String> created = new ArrayList<>();
        try (WatchService watch = other.getFileSystem().newWatchService()) {
            other.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            q.quarantine(file, name -> record(name, file));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!created.contains("trans.log.8") && System.nanoTime() < deadline) {
                WatchKey key = watch.poll(1, TimeUnit.SECONDS);
                if (key != null) {
                    for (WatchEvent<?> event : key.pollEvents()) {
                        created.add(String.valueOf(event.context()));
                    }
                    key.reset();
                }
            }
        }
        // the data goes to a hidden temporary name first, then gets its final name in one step
        int first = created.indexOf("trans.log.8");
        assertTrue(first > 0 && created.get(first - 1).startsWith(".trans.log.8."), created.toString());
        assertEquals(4 << 20, Files.size(other.resolve("trans.log.8")));
        assertEquals(List.of(other.resolve("trans.log.8")), q.files());
    }

    /**
     * A writer creates the file's name in the source folder while replay puts the quarantined copy
     * back: whoever comes second must fail, and a file that was created stays as it was written.
     */
    @Test
    void replayNeverOverwritesAFileThatAppearsMeanwhile() throws Exception {
        Quarantine q = new Quarantine(dir);
        Path name = source.resolve("trans.log.9");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int round = 0; round < 3000 && System.nanoTime() < deadline; round++) {
            Files.deleteIfExists(name);
            Path quarantined = Files.writeString(name, "old");
            Path r = q.quarantine(quarantined, n -> record(n, quarantined));
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean written = new AtomicBoolean();
            long spin = round % 200;
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                    for (long i = 0; i < spin * 50; i++) {
                        Thread.onSpinWait();
                    }
                    Files.writeString(name, "new", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    written.set(true);
                } catch (FileAlreadyExistsException e) {
                    // replay came first
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            go.countDown();
            boolean replayed;
            try {
                q.replay(r, source);
                replayed = true;
            } catch (FileAlreadyExistsException e) {
                replayed = false;
            }
            writer.get(10, TimeUnit.SECONDS);
            assertTrue(written.get() ^ replayed, "round " + round + ": exactly one of them gets the name (written "
                    + written.get() + ", replayed " + replayed + ")");
            assertEquals(written.get() ? "new" : "old", Files.readString(name), "round " + round);
            assertEquals(replayed ? 0 : 1, q.records().size(), "round " + round);
            for (Path left : q.records()) {
                Files.delete(q.dir().resolve(q.read(left).file()));
                Files.delete(left);
            }
        }
    }
}
