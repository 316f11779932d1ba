package io.logship.metrics;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.logship.failure.FailureClass;
import io.logship.failure.ShipOutcomeListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * One target's Prometheus metrics (label {@code target}), registered on the registry Camel serves at
 * /observe/metrics. They are domain state and events Camel does not see (backlog, disks, the NAS probe,
 * failure causes, bytes and time of a verified copy); the count of shipped files is the route's own
 * ({@code micrometer:} step) and Camel's route policy adds the exchange metrics ({@code camel_*}).
 * Names follow Prometheus conventions: base units, {@code _total} counters, bounded label values
 * (the failure classes).
 */
public class ShipMetrics implements ShipOutcomeListener {

    private final Counter bytesShipped;
    private final Counter quarantinedTotal;
    private final Timer shipDuration;
    private final Map<FailureClass, Counter> failures = new EnumMap<>(FailureClass.class);
    private volatile double lastSuccessSeconds;

    public ShipMetrics(MeterRegistry registry, String target, BacklogScanner backlog, NasProbe nas, Path sourceDir) {
        // counted by the route's micrometer: step after the NAS steps (routes/ship-logs.camel.yaml);
        // registered here so the series exists, at 0, from the start (a rate() needs its first sample)
        Counter.builder("logship.files.shipped").description("Files verified on the NAS")
                .tag("target", target).register(registry);
        bytesShipped = Counter.builder("logship.bytes.shipped").description("Bytes of files verified on the NAS")
                .tag("target", target).register(registry);
        quarantinedTotal = Counter.builder("logship.quarantined").description("Files moved to the quarantine")
                .tag("target", target).register(registry);
        shipDuration = Timer.builder("logship.ship.duration").description("Time to upload, verify and publish one file")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(10)).tag("target", target).register(registry);
        for (FailureClass c : FailureClass.values()) {
            if (c != FailureClass.PAUSED && c != FailureClass.SOURCE_CHANGED && c != FailureClass.DISPOSE_PENDING) {
                failures.put(c, Counter.builder("logship.ship.failures").description("Failed attempts by cause")
                        .tag("reason", c.label()).tag("target", target).register(registry));
            }
        }
        Gauge.builder("logship.last.success.timestamp.seconds", this, m -> m.lastSuccessSeconds)
                .description("Unix time of the last file verified on the NAS (0: none since start)")
                .tag("target", target).register(registry);
        Gauge.builder("logship.quarantined.files", backlog, b -> b.snapshot().quarantined())
                .description("Files in the quarantine now").tag("target", target).register(registry);
        Gauge.builder("logship.backlog.files", backlog, b -> b.snapshot().files())
                .description("Files waiting in the source folder").tag("target", target).register(registry);
        Gauge.builder("logship.backlog.bytes", backlog, b -> b.snapshot().bytes())
                .description("Bytes waiting in the source folder").tag("target", target).register(registry);
        Gauge.builder("logship.backlog.oldest.age.seconds", backlog, ShipMetrics::oldestAgeSeconds)
                .description("Age of the oldest waiting file (0: none)").tag("target", target).register(registry);
        Gauge.builder("logship.nas.up", nas, n -> n.state().up() ? 1 : 0)
                .description("1 when the NAS is reachable, accepts the login and is writable")
                .tag("target", target).register(registry);
        diskGauges(registry, "source", "logship.source.dir", sourceDir, Tags.of("target", target));
    }

    /** logship_build_info{version}, always 1: once per process, not per target. */
    public static void buildInfo(MeterRegistry registry, String version) {
        Gauge.builder("logship.build.info", () -> 1).tag("version", version).description("logship's version")
                .register(registry);
    }

    /** A file verified on the NAS; its count is the route's (logship_files_shipped_total). */
    @Override
    public void shipped(long bytes, Duration took) {
        bytesShipped.increment(bytes);
        shipDuration.record(took);
        lastSuccessSeconds = System.currentTimeMillis() / 1000.0;
    }

    @Override
    public void failed(FailureClass cause) {
        Counter c = failures.get(cause);
        if (c != null) {
            c.increment();
        }
    }

    @Override
    public void quarantined() {
        quarantinedTotal.increment();
    }

    static double oldestAgeSeconds(BacklogScanner backlog) {
        long oldest = backlog.snapshot().oldestModifiedMillis();
        return oldest == 0 ? 0 : Math.max(0, (System.currentTimeMillis() - oldest) / 1000.0);
    }

    /**
     * {@code logship_<volume>_disk_free_bytes} and {@code _size_bytes}: the volume holding {@code dir}
     * (the folder of the key {@code key}).
     */
    public static void diskGauges(MeterRegistry registry, String volume, String key, Path dir, Tags tags) {
        FileStore store = fileStore(dir);
        // Micrometer holds a gauge's object weakly: keep the volume reachable
        Gauge.builder("logship." + volume + ".disk.free.bytes", store, ShipMetrics::usable).strongReference(true)
                .description("Free bytes on the volume holding " + key).tags(tags).register(registry);
        Gauge.builder("logship." + volume + ".disk.size.bytes", store, ShipMetrics::total).strongReference(true)
                .description("Size of the volume holding " + key).tags(tags).register(registry);
    }

    static FileStore fileStore(Path dir) {
        try {
            return Files.getFileStore(dir);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the volume of " + dir + ": " + e.getMessage(), e);
        }
    }

    static double usable(FileStore store) {
        try {
            return store.getUsableSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    static double total(FileStore store) {
        try {
            return store.getTotalSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
