package io.logship.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * JDK 25's AOT cache (JEP 483, 514, 515) for logship: the classes logship loads and links, and the
 * method profiles of a training run, kept in one file, so that a fresh JVM ships its first GiB about as
 * fast as a warm one. {@code logship aot-cache} makes it: a second JVM with {@code -XX:AOTCacheOutput}
 * runs the training ({@link AotTraining}: start-up, then test files shipped to the NAS's {@code .logship-tmp}
 * folder and deleted), and the JVM writes the cache as that run ends. The cache is
 * checked with {@code -XX:AOTMode=on} before it replaces the one in use. The training's own output
 * (the JVM's {@code [warning][aot]} lines included) goes to a file of its own, never to the service's log.
 * The service definitions start java with {@code -XX:AOTCache=<this file> -Xlog:aot*=off}: the JVM then
 * runs without a cache that is missing or stale (made for another logship.jar or JDK build), silently, and
 * {@link #status} gives the start-up summary the one line that says so.
 */
public final class AotCache {

    /** The cache's name, beside logship.jar, where the service definitions look for it. */
    public static final String FILE_NAME = "logship.aot";
    /** The first Java with an AOT cache made in one step (JEP 514) and method profiles (JEP 515). */
    static final int FIRST_JAVA = 25;
    /** A training run takes about a minute on a busy machine; more means it hangs. */
    private static final long TRAINING_MINUTES = 15;

    private AotCache() {
    }

    /** One start-up line: whether the cache the JVM was started with is in use. */
    public record Status(boolean used, String line) {
    }

    /**
     * The start-up line about this JVM's AOT cache: nothing when none was asked for (no
     * {@code -XX:AOTCache}, or a Java before 25, as with JDK 17).
     */
    public static Optional<Status> status() {
        String requested;
        try {
            requested = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("AOTCache").getValue();
        } catch (RuntimeException | LinkageError e) {
            // a Java before 24 has no such option (IllegalArgumentException), or this is no HotSpot
            return Optional.empty();
        }
        return status(requested, System.getProperty("java.vm.info", ""),
                requested != null && !requested.isEmpty() && Files.isRegularFile(Path.of(requested)));
    }

    /**
     * The line for a JVM started with {@code -XX:AOTCache=requested}. HotSpot maps a cache it accepts and
     * says "sharing" in java.vm.info; one it refuses (missing, another jar, another JDK build) leaves it
     * without any shared archive, and java.vm.info without "sharing".
     */
    static Optional<Status> status(String requested, String vmInfo, boolean exists) {
        if (requested == null || requested.isEmpty()) {
            return Optional.empty();
        }
        if (vmInfo.contains("sharing")) {
            return Optional.of(new Status(true, "  JVM: AOT cache " + requested + " in use"));
        }
        String why = exists ? "was made for another logship.jar or Java build" : "does not exist";
        return Optional.of(new Status(false, "  JVM: AOT cache " + requested + " not used: it " + why
                + "; logship runs without it, and the first GiB after a start is slower: make it again with"
                + " 'java -jar logship.jar aot-cache' in the installation folder (docs/operations.md)"));
    }

    /**
     * {@code logship aot-cache}: makes the cache for the running java and jar at {@code cache}, beside
     * logship.jar by default. Returns the exit code: 0 made, 1 not (one line says why).
     */
    public static int make(Path cache, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        Runtime.Version java = Runtime.version();
        if (java.feature() < FIRST_JAVA) {
            err.println("logship: an AOT cache needs Java " + FIRST_JAVA + " or later; this is Java " + java + " ("
                    + System.getProperty("java.home") + "), on which logship runs without one: nothing to make");
            return 1;
        }
        Path jar = runningJar();
        if (jar == null) {
            err.println("logship: aot-cache runs from logship.jar (java -jar logship.jar aot-cache), not from classes");
            return 1;
        }
        Path target = (cache != null ? cache : jar.resolveSibling(FILE_NAME)).toAbsolutePath();
        Path fresh = target.resolveSibling(target.getFileName() + ".new");
        Files.deleteIfExists(fresh);
        // the training's output and log, kept when it fails
        Path work = Files.createTempDirectory("logship-aot-");
        Path log = work.resolve("training.log");
        long started = System.nanoTime();
        List<String> training = new ArrayList<>(List.of(javaExecutable()));
        training.addAll(jvmOptions());
        // after this JVM's options, so they win: the training's log in its own folder, and the health and metrics
        // server as the service runs it, on a free port. Also, Temurin 25.0.3 checks a cache against logship.jar
        // only when the training ran that server (JDK-8377932: the check below makes sure it does)
        training.addAll(List.of("-Dlogship.log.dir=" + work.resolve("logs"), "-Dcamel.management.enabled=true",
                "-Dcamel.management.host=127.0.0.1", "-Dcamel.management.port=" + freePort()));
        training.addAll(List.of("-XX:AOTCacheOutput=" + fresh, "-jar", jar.toString(), "aot-training"));
        int code = run(training, log);
        if (code != 0 || !Files.isRegularFile(fresh)) {
            Files.deleteIfExists(fresh);
            err.println("logship: the AOT training run failed (exit code " + code + "), " + target + " is unchanged: "
                    + lastLines(log) + " (all of its output: " + log + ")");
            return 1;
        }
        // the JDK's own check (-XX:AOTMode=on refuses to start with a cache it cannot use): it takes this cache
        // with this jar, and refuses it with another jar, which it tells by the jar's size and time stamp.
        // Temurin 25.0.3 skips that check for some caches (JDK-8377932) and would then run classes of an older
        // logship.jar after an upgrade: such a cache is never used
        List<String> check = new ArrayList<>(List.of(javaExecutable()));
        check.addAll(jvmOptions());
        check.addAll(List.of("-XX:AOTCache=" + fresh, "-XX:AOTMode=on", "-jar", jar.toString(), "--version"));
        code = run(check, log);
        int another;
        FileTime stamp = Files.getLastModifiedTime(jar);
        try {
            Files.setLastModifiedTime(jar, FileTime.fromMillis(stamp.toMillis() + 2_000));
            another = run(check, log);
        } finally {
            Files.setLastModifiedTime(jar, stamp);
        }
        if (code != 0 || another == 0) {
            Files.deleteIfExists(fresh);
            err.println("logship: this java " + (code != 0 ? "refuses the AOT cache it just made (exit code " + code + ": "
                    + lastLines(log) + ")" : "would take the AOT cache it just made for another logship.jar too"
                    + " (JDK-8377932)") + ", so " + target + " is unchanged (the checks' output: " + log + ")");
            return 1;
        }
        try {
            Files.move(fresh, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            Files.deleteIfExists(fresh);
            // Windows keeps the file of a running JVM's cache open
            err.println("logship: cannot replace " + target + " (" + e.getMessage() + "): stop the service, then run"
                    + " aot-cache again");
            return 1;
        }
        deleteTree(work);
        out.println("logship: AOT cache " + target + " made for " + jar.getFileName() + " and Java " + java + " ("
                + Files.size(target) / (1024 * 1024) + " MiB, training " + (System.nanoTime() - started) / 1_000_000_000L
                + " s); the service uses it from its next start. Make it again after each upgrade of logship or Java");
        return 0;
    }

    /** The jar this JVM runs, or null when it runs from a classes folder (tests, an IDE). */
    static Path runningJar() {
        try {
            Path location = Path.of(AotCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) && location.getFileName().toString().endsWith(".jar") ? location : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** This JVM's options (heap, region size, -D keys), for the training run: without any AOT option of its own. */
    static List<String> jvmOptions() {
        return jvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    static List<String> jvmOptions(List<String> arguments) {
        return arguments.stream().filter(a -> !a.startsWith("-XX:AOT") && !a.startsWith("-Xlog:aot")).toList();
    }

    /** Runs a command to its end, its output into {@code log}; returns its exit code. */
    private static int run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(TRAINING_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            return -1;
        }
        return p.exitValue();
    }

    static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String lastLines(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("logship:") || l.contains("ERROR") || l.contains("Error")).toList();
        return lines.isEmpty() ? "no error line" : lines.get(lines.size() - 1).strip();
    }
}
