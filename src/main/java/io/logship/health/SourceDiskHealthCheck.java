package io.logship.health;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * {@code source-disk}: the volume holding the source folder. DOWN below
 * {@code logship.disk.critFreePercent}; UP with {@code warning=true} below {@code logship.disk.warnFreePercent}.
 */
public class SourceDiskHealthCheck extends ReadinessCheck {

    private final String volume;
    private final Path dir;
    private final int warnPercent;
    private final int critPercent;

    public SourceDiskHealthCheck(Path dir, int warnPercent, int critPercent, String target) {
        this(id("source-disk", target), "source disk", dir, warnPercent, critPercent);
    }

    /** The same check of another volume logship writes to ({@code volume} names it in the message). */
    SourceDiskHealthCheck(String id, String volume, Path dir, int warnPercent, int critPercent) {
        super(id);
        this.volume = volume;
        this.dir = dir;
        this.warnPercent = warnPercent;
        this.critPercent = critPercent;
    }


    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            FileStore store = Files.getFileStore(dir);
            long free = store.getUsableSpace();
            long total = store.getTotalSpace();
            double percent = total == 0 ? 100 : 100.0 * free / total;
            // the same words on every machine, whatever its locale
            String text = String.format(Locale.ROOT, "%s of %s: %.1f%% free (%d MiB of %d MiB)", volume, dir, percent,
                    free >> 20, total >> 20);
            builder.detail("free.percent", Math.round(percent * 10) / 10.0).detail("warning", percent < warnPercent);
            if (percent < critPercent) {
                builder.down().message(text + ", below logship.disk.critFreePercent=" + critPercent);
            } else if (percent < warnPercent) {
                builder.up().message(text + ", below logship.disk.warnFreePercent=" + warnPercent);
            } else {
                builder.up().message(text);
            }
        } catch (IOException e) {
            builder.down().message("cannot read the " + volume + " of " + dir + ": " + e.getMessage());
        }
    }
}
