package io.logship.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file is shipped only once it is complete. */
class CompletionIT extends ShipITSupport {

    private static final int STABLE_SECONDS = 4;

    @Test
    void aSlowlyAppendedFileIsShippedOnlyWhenItStopsChanging() throws Exception {
        // the test's appender writes every 300 ms; 4 s, so that a stall of its thread on a loaded machine
        // (a GC, a busy core) is no quiet spell long enough for a legitimate ship of half the file
        props.put("logship.source.stableSeconds", Integer.toString(STABLE_SECONDS));
        Path local = source.resolve("trans-slow.log");
        Path remoteDay = nas.dayDir(java.time.LocalDate.now());
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        AtomicInteger lines = new AtomicInteger();
        AtomicLong lastWrite = new AtomicLong();
        AtomicLong longestGapMillis = new AtomicLong();
        ScheduledExecutorService writer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        startApp();
        ScheduledFuture<?> appending = writer.scheduleAtFixedRate(() -> {
            byte[] line = (Instant.now() + " TXN-" + lines.incrementAndGet() + " POSTED\n").getBytes(StandardCharsets.UTF_8);
            try {
                Files.write(local, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                synchronized (written) {
                    written.write(line);
                }
                long now = System.nanoTime();
                long last = lastWrite.getAndSet(now);
                if (last != 0) {
                    longestGapMillis.accumulateAndGet((now - last) / 1_000_000, Math::max);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, 0, 300, TimeUnit.MILLISECONDS);
        try {
            // while the writer appends, for well beyond stableSeconds, nothing reaches the NAS
            // (the bound leaves room for a late first look; the condition holds from the start)
            await().during(Duration.ofSeconds(3L * STABLE_SECONDS)).atMost(SHIP_TIMEOUT)
                    .failFast("on the NAS", () -> Files.exists(remoteDay.resolve("trans-slow.log")))
                    .until(() -> Files.exists(local));
        } catch (org.awaitility.core.ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
            throw new AssertionError("shipped while appended to; the longest pause between two appends was "
                    + longestGapMillis.get() + " ms, stableSeconds " + STABLE_SECONDS, e);
        } finally {
            appending.cancel(false);
            writer.shutdown();
            assertTrue(writer.awaitTermination(5, TimeUnit.SECONDS));
        }
        awaitGone(local);
        byte[] expected;
        synchronized (written) {
            expected = written.toByteArray();
        }
        System.out.printf("slow append: %d lines, longest pause between two %d ms%n", lines.get(), longestGapMillis.get());
        assertTrue(lines.get() >= 15, "the writer appended " + lines.get() + " lines");
        assertArrayEquals(expected, Files.readAllBytes(remoteDay.resolve("trans-slow.log")));
        nas.sha256sumCheck(remoteDay.resolve("trans-slow.log"));
    }

    @Test
    void inDoneFileModeAFileWaitsForItsMarker() throws Exception {
        props.put("logship.source.doneFileName", "${file:name}.done");
        Path local = writeLog("trans-done.log", "complete\n".getBytes(StandardCharsets.UTF_8));
        Path day = nas.dayDirOf(local);
        startApp();

        // (the bound leaves room for a late first look; without its marker the file is never taken)
        await().during(Duration.ofSeconds(3)).atMost(SHIP_TIMEOUT).until(() -> Files.exists(local));
        Path marker = Files.createFile(source.resolve("trans-done.log.done"));
        awaitGone(local);

        assertArrayEquals("complete\n".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(day.resolve("trans-done.log")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(marker));
        assertFalse(Files.exists(day.resolve("trans-done.log.done")));
    }
}
