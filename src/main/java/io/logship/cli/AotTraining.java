package io.logship.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import io.logship.config.LogshipSettings;
import io.logship.metrics.NasProbe;
import io.logship.nas.NasClient;
import io.logship.ship.NasLayout;
import org.apache.camel.main.Main;
import org.apache.camel.util.InetAddressUtil;

/**
 * The training run of {@code logship aot-cache} ({@link AotCache}), in the JVM it starts with
 * {@code -XX:AOTCacheOutput}: logship starts as the service does, with every folder it writes in a
 * temporary one and every target's NAS folder moved to {@code <logship.nas.dir>/.logship-tmp/<host>/aot-training};
 * test files, small ones and large ones so that both paths run, ship through the first target's route and
 * are deleted from the NAS afterwards. The JVM writes the cache when this run ends.
 */
public final class AotTraining {

    /** Small files, as most logs are, and large ones, whose first GiB the cache is for. */
    static final int SMALL_FILES = 64;
    static final int SMALL_BYTES = 64 * 1024;
    static final int LARGE_FILES = 4;
    static final int LARGE_BYTES = 32 * 1024 * 1024;
    static final String NAS_FOLDER = "aot-training";
    /** Where the test files land, under each target's training folder (logship.nas.layout). */
    private static final String FILES = "files";
    private static final Duration LIMIT = Duration.ofMinutes(10);

    private AotTraining() {
    }

    /**
     * Runs the training on {@code main} (configured, not started) and returns the exit code: 0 done, 1 not
     * (the NAS refused, or the files did not ship), with one line on {@code err}.
     */
    public static int train(Main main, Map<String, LogshipSettings> targets, Function<LogshipSettings, NasClient> nas,
            PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("logship-aot-training-");
        String host = InetAddressUtil.getLocalHostNameSafe();
        Map<String, String> nasDirs = new LinkedHashMap<>();
        targets.forEach((name, t) -> {
            String at = "logship.target." + name + ".";
            main.addOverrideProperty(at + "source.dir", createDirectories(work.resolve(name).resolve("source")));
            main.addOverrideProperty(at + "deadletter.dir", createDirectories(work.resolve(name).resolve("quarantine")));
            main.addOverrideProperty(at + "archive.dir", createDirectories(work.resolve(name).resolve("archive")));
            String nasDir = NasLayout.join(t.nasDir(), NasLayout.TEMP_FOLDER, host, NAS_FOLDER);
            nasDirs.put(name, nasDir);
            main.addOverrideProperty(at + "nas.dir", nasDir);
            main.addOverrideProperty(at + "nas.layout", FILES);
            main.addOverrideProperty(at + "source.afterShip", "delete");
            main.addOverrideProperty(at + "source.include", "*");
            main.addOverrideProperty(at + "source.exclude", "*.tmp");
            main.addOverrideProperty(at + "source.stableSeconds", "1");
            main.addOverrideProperty(at + "source.emptyFileMinAgeSeconds", "0");
        });
        main.addOverrideProperty("logship.ledger.dir", createDirectories(work.resolve("ledger")));
        main.addOverrideProperty("logship.integrity.manifest", work.resolve("logship.seal").toString());
        main.addOverrideProperty("logship.integrity.mode", "warn");
        String first = targets.keySet().iterator().next();
        Path source = work.resolve(first).resolve("source");
        Path quarantine = work.resolve(first).resolve("quarantine");
        main.start();
        try {
            NasProbe.State state = main.getCamelContext().getRegistry().lookupByNameAndType("nasProbe-" + first,
                    NasProbe.class).probe();
            if (!state.up()) {
                err.println("logship: " + state.message() + ": the training run ships test files to the NAS (check"
                        + " with 'logship validate --login')");
                return 1;
            }
            writeTestFiles(source, targets.get(first).doneFileName());
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (countFiles(source) > 0 && countFiles(quarantine) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (countFiles(source) > 0) {
                err.println("logship: the training run's test files did not reach the NAS (" + (countFiles(quarantine) > 0
                        ? "quarantined" : "still waiting after " + LIMIT.toMinutes() + " minutes") + "); see its log");
                return 1;
            }
        } finally {
            main.stop();
            for (Map.Entry<String, String> dir : nasDirs.entrySet()) {
                try (NasClient client = nas.apply(targets.get(dir.getKey()))) {
                    String files = NasLayout.join(dir.getValue(), FILES);
                    for (String name : client.listFiles(files)) {
                        client.delete(files + "/" + name);
                    }
                }
            }
            AotCache.deleteTree(work);
        }
        out.println("logship: training done: " + SMALL_FILES + " files of " + SMALL_BYTES / 1024 + " KiB and " + LARGE_FILES
                + " of " + LARGE_BYTES / (1024 * 1024) + " MiB shipped to " + nasDirs.get(first) + " and deleted");
        return 0;
    }

    /** Random data, complete a minute ago; in done-file mode with the markers the usual expressions name. */
    private static void writeTestFiles(Path source, String doneFileName) throws IOException {
        Random random = new Random();
        for (int i = 0; i < SMALL_FILES + LARGE_FILES; i++) {
            byte[] data = new byte[i < SMALL_FILES ? SMALL_BYTES : LARGE_BYTES];
            random.nextBytes(data);
            String name = String.format("aot-training-%03d.log", i);
            Path file = Files.write(source.resolve(name), data);
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
            if (!doneFileName.isEmpty()) {
                Files.createFile(source.resolve(doneFileName.replace("${file:name.noext}", name.substring(0, name.length() - 4))
                        .replace("${file:name}", name)));
            }
        }
    }

    private static String createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long countFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
