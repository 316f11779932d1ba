package io.logship.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.logship.sandbox.SambaSandbox;
import io.logship.component.nas.NasProducer;
import io.logship.core.AttemptObserver;
import io.logship.ship.NasLayout;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.util.function.ThrowingConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each test gets its own source folder and its own folder on the shared sandbox share. */
@ExtendWith(SambaFixture.class)
abstract class ShipITSupport {

    static final Duration SHIP_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path source;

    @TempDir
    Path quarantine;

    /** Ledger and seal of in-process runs. */
    @TempDir
    Path work;

    SambaSandbox samba;
    NasShare nas;
    Map<String, String> props;
    LogshipApp app;

    @BeforeEach
    void prepareFolders(TestInfo test) throws IOException {
        samba = SambaFixture.sandbox();
        String nasDir = "it/" + getClass().getSimpleName() + "/" + test.getTestMethod().orElseThrow().getName()
                + "-" + Long.toHexString(System.nanoTime());
        nas = new NasShare(samba, nasDir);
        props = new LinkedHashMap<>(LogshipApp.defaults(samba, source, quarantine, work, nasDir));
    }

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    /**
     * Ships through the sandbox's DFS namespace: share {@link SambaFixture#DFS_SHARE}, folder
     * {@code <link>/<the test's folder>} with logship.nas.dfs=true. The link {@link SambaFixture#DFS_LINK}
     * points at {@link SambaFixture#SHARE}, so {@link #nas} sees the files where they land.
     */
    void throughDfs() {
        throughDfs(SambaFixture.DFS_LINK);
    }

    void throughDfs(String link) {
        props.put("logship.nas.share", SambaFixture.DFS_SHARE);
        props.put("logship.nas.dir", link + "/" + nas.nasDir());
        props.put("logship.nas.dfs", "true");
    }

    LogshipApp startApp() {
        app = LogshipApp.start(props);
        return app;
    }

    /** With {@code advice} applied to the route ship-logs before it starts. */
    LogshipApp startApp(ThrowingConsumer<AdviceWithRouteBuilder, Exception> advice) {
        app = LogshipApp.start(props, advice);
        return app;
    }

    /** A complete log: written and last modified a while ago, so it is past stableSeconds at once. */
    Path writeLog(String name, byte[] content) throws IOException {
        return writeLog(name, content, Instant.now().minusSeconds(120));
    }

    Path writeLog(String name, byte[] content, Instant modified) throws IOException {
        return writeLog(source, name, content, modified);
    }

    /** {@link #writeLog(String, byte[], Instant)} into another source folder {@code source}. */
    static Path writeLog(Path source, String name, byte[] content, Instant modified) throws IOException {
        Path staging = Files.createDirectories(source.resolve(".staging")).resolve(name);
        Files.write(staging, content);
        Files.setLastModifiedTime(staging, FileTime.from(modified));
        // appear whole in the watched folder, as a rotated log does
        return Files.move(staging, source.resolve(name));
    }

    /** What a test does to an uploaded temporary copy on the server's disk. */
    enum UploadDamage {
        /** Four bytes overwritten, the length unchanged: only verify=sha256 sees it. */
        OVERWRITTEN,
        /** One byte cut off the end. */
        TRUNCATED,
        /** One byte appended. */
        EXTENDED
    }

    /**
     * Damages every uploaded temporary copy on the server's disk just before it is verified (inside the
     * nas: producer, at its after-upload failpoint), while {@code active} says so; counts the copies damaged.
     */
    void corruptUploadsBeforeVerify(BooleanSupplier active, AtomicInteger damaged) {
        damageUploadsBeforeVerify(UploadDamage.OVERWRITTEN, active, damaged);
    }

    /** As {@link #corruptUploadsBeforeVerify}, with the {@code damage} given. */
    void damageUploadsBeforeVerify(UploadDamage damage, BooleanSupplier active, AtomicInteger damaged) {
        Path temps = nas.base().resolve(NasLayout.TEMP_FOLDER);
        // replaces logship's own (bound under the same name and type), for the attempts from now on
        app.context().getRegistry().unbind(NasProducer.OBSERVER_BEAN);
        app.context().getRegistry().bind(NasProducer.OBSERVER_BEAN, AttemptObserver.class, new AttemptObserver() {
            @Override
            public void reached(String stage) {
                if (stage.equals("after-upload") && active.getAsBoolean()) {
                    damage(temps, damage, damaged);
                }
            }
        });
    }

    private static void damage(Path temps, UploadDamage damage, AtomicInteger damaged) {
        try {
            for (Path part : NasShare.regularFiles(temps).stream().filter(p -> p.toString().endsWith(".part")).toList()) {
                try (var ch = Files.newByteChannel(part, StandardOpenOption.WRITE)) {
                    switch (damage) {
                        case OVERWRITTEN -> ch.write(ByteBuffer.wrap("XXXX".getBytes(StandardCharsets.US_ASCII)));
                        case TRUNCATED -> ch.truncate(ch.size() - 1);
                        case EXTENDED -> ch.position(ch.size()).write(ByteBuffer.wrap(new byte[] {'\n'}));
                    }
                } catch (NoSuchFileException e) {
                    // another attempt's copy, renamed or removed since the walk: not damaged
                    continue;
                }
                damaged.incrementAndGet();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The templatedRoute an operator adds to routes/targets.camel.yaml for target {@code name}. */
    static String targetRoute(String name) {
        return """
                - templatedRoute:
                    routeTemplateRef: ship-logs
                    routeId: ship-logs-%s
                    parameters:
                      - name: target
                        value: %s
                """.formatted(name, name);
    }

    /** In-process runs: the real routes/ plus this test's route file for target {@code name}. */
    void addTargetRoute(String name) throws IOException {
        Path file = Files.writeString(work.resolve("target-" + name + ".camel.yaml"), targetRoute(name));
        props.put("camel.main.routesIncludePattern", "file:routes/*.camel.yaml,file:" + file);
    }

    /** Runs a command as this test's user (root), e.g. to mount a small tmpfs; fails on a bad exit. */
    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + " failed");
    }

    /**
     * The first "Shipping paused (CLASS)" line, once the pause has come round twice (the first failure
     * and a failed probe after it): a NAS-side failure that lasts.
     */
    static String pausedLine(LogCapture log, String failureClass) {
        String paused = "Shipping paused (" + failureClass + ")";
        await().atMost(SHIP_TIMEOUT).until(() -> log.matching(paused).size() >= 2);
        return log.matching(paused).get(0);
    }

    /**
     * A plain file where the day folder of {@code day} should be: the NAS refuses the path of that day's
     * files, and no retry helps (nas_path_rejected).
     */
    Path blockedDayFolder(Instant day) throws IOException {
        Path dayDir = nas.dayDir(java.time.LocalDate.ofInstant(day, java.time.ZoneId.systemDefault()));
        Files.createDirectories(dayDir.getParent());
        return Files.writeString(dayDir, "not a folder\n");
    }

    /** The in-process app's health check {@code id}, called now. */
    HealthCheck.Result health(String id) {
        return HealthCheckHelper.invoke(app.context()).stream().filter(r -> r.getCheck().getId().equals(id))
                .findFirst().orElseThrow(() -> new AssertionError("no health check " + id));
    }

    /** The in-process app's metrics as Prometheus scrapes them. */
    String scrape() {
        return app.context().getRegistry().findSingleByType(PrometheusMeterRegistry.class).scrape();
    }

    /** A TCP port free on loopback, for a server a test starts: no other process is handed it meanwhile ({@link FreePorts}). */
    static int freePort() throws IOException {
        return FreePorts.claim();
    }

    /** What the quarantine folder holds: files and their records. */
    List<Path> quarantineContents() throws IOException {
        try (Stream<Path> s = Files.list(quarantine)) {
            return s.toList();
        }
    }

    void awaitGone(Path local) {
        await().atMost(SHIP_TIMEOUT).until(() -> !Files.exists(local));
    }

    /** chattr +i: the root may still read the file, but neither unlink nor rename it (EPERM). */
    static void chattr(String flag, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("chattr " + flag + " " + file + " failed: " + out);
        }
    }
}
