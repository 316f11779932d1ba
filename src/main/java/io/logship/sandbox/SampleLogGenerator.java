package io.logship.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Writes sample transaction lines to {@code trans.log} in a folder, the way the ERP server does, and
 * every few seconds rotates it to {@code trans-<yyyyMMdd-HHmmss>.log}: the completed log logship ships.
 */
public final class SampleLogGenerator implements Runnable, AutoCloseable {

    static final String ACTIVE_NAME = "trans.log";

    private static final DateTimeFormatter LINE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter ROTATED_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String[] STATUSES = {"POSTED", "POSTED", "POSTED", "POSTED", "PENDING", "REJECTED"};

    private final Path dir;
    private final long writeMillis;
    private final long rotateMillis;
    private final Random random = new Random();
    private final Thread thread;
    private volatile boolean running = true;
    private long txn = 100_000;

    public SampleLogGenerator(Path dir, long writeMillis, long rotateMillis) {
        this.dir = dir;
        this.writeMillis = writeMillis;
        this.rotateMillis = rotateMillis;
        this.thread = new Thread(this, "sample-log-generator");
        // never the reason the JVM stays up
        this.thread.setDaemon(true);
    }

    /** Starts writing in the background; returns this for try-with-resources. */
    public SampleLogGenerator start() {
        thread.start();
        return this;
    }

    @Override
    public void run() {
        long nextRotation = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(rotateMillis);
        try {
            while (running) {
                appendLines(1 + random.nextInt(4));
                if (System.nanoTime() >= nextRotation) {
                    rotate();
                    nextRotation = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(rotateMillis);
                }
                Thread.sleep(writeMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | UncheckedIOException e) {
            // the demo's folder is being removed under us: stop quietly unless we were meant to run on
            if (running) {
                System.err.println("logship demo: sample log generator stopped: " + e.getMessage());
            }
        }
    }

    private void appendLines(int count) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append(String.format(Locale.ROOT, "%s TXN-%08d ACCT-%05d %10.2f EUR %s%n",
                    LocalDateTime.now().format(LINE_TIME), ++txn, 10_000 + random.nextInt(90_000),
                    (random.nextInt(2_000_000) - 200_000) / 100.0, STATUSES[random.nextInt(STATUSES.length)]));
        }
        Files.writeString(dir.resolve(ACTIVE_NAME), lines, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void rotate() throws IOException {
        Path rotated = dir.resolve("trans-" + LocalDateTime.now().format(ROTATED_TIME) + ".log");
        // no REPLACE_EXISTING: a clash would lose a log, so it fails loudly instead
        Files.move(dir.resolve(ACTIVE_NAME), rotated);
    }

    /** Stops writing and waits (bounded) for the thread to end. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
