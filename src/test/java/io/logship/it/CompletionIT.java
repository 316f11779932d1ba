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

import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file is shipped only once it is complete. */
class CompletionIT extends ShipITSupport {

    @Test
    void aSlowlyAppendedFileIsShippedOnlyWhenItStopsChanging() throws Exception {
        props.put("logship.source.stableSeconds", "2");
        Path local = source.resolve("trans-slow.log");
        Path remoteDay = nas.dayDir(java.time.LocalDate.now());
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        AtomicInteger lines = new AtomicInteger();
        ScheduledExecutorService writer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        startApp();
        ScheduledFuture<?> appending = writer.scheduleAtFixedRate(() -> {
            byte[] line = (Instant.now() + " TXN-" + lines.incrementAndGet() + " POSTED\n").getBytes(StandardCharsets.UTF_8);
            try {
                Files.write(local, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                synchronized (written) {
                    written.write(line);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, 0, 300, TimeUnit.MILLISECONDS);
        try {
            // while the writer appends, for well beyond stableSeconds, nothing reaches the NAS
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8))
                    .until(() -> !Files.exists(remoteDay.resolve("trans-slow.log")) && Files.exists(local));
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

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> Files.exists(local));
        Path marker = Files.createFile(source.resolve("trans-done.log.done"));
        awaitGone(local);

        assertArrayEquals("complete\n".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(day.resolve("trans-done.log")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(marker));
        assertFalse(Files.exists(day.resolve("trans-done.log.done")));
    }
}
