package io.logship.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * logship as operators run it: {@code java -jar target/logship.jar} in its own JVM, in a folder
 * holding copies of config/ and routes/, so that it can be killed with SIGKILL.
 */
final class LogshipProcess implements AutoCloseable {

    static final Path JAR = Path.of("target/logship.jar").toAbsolutePath();

    private final Process process;
    private final Path log;

    private LogshipProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Copies config/ and routes/ into {@code dir}, as an installation holds them. */
    static Path install(Path dir) throws IOException {
        for (String sub : List.of("config", "routes")) {
            Files.createDirectories(dir.resolve(sub));
            try (var files = Files.list(Path.of(sub))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, dir.resolve(sub).resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    /** Runs {@code logship seal} in the installation, as the documented install does after checking it. */
    static void seal(Path installDir, Map<String, String> properties) throws IOException, InterruptedException {
        CommandResult seal = command(installDir, properties, Map.of(), "seal");
        if (seal.exitCode() != 0) {
            throw new AssertionError("logship seal failed: " + seal.output());
        }
    }

    /** What a short command of the jar (check, status, …) printed and returned. */
    record CommandResult(int exitCode, String output) {
    }

    /** Runs {@code java [-Dk=v…] -jar logship.jar ARGS} in {@code dir} with {@code env} added, to its end. */
    static CommandResult command(Path dir, Map<String, String> properties, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        return command(Path.of(thisJava()), JAR, dir, properties, env, args);
    }

    /** The java of the JVM that runs the tests. */
    private static String thisJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code JAVA… -Dk=v… -jar JAR ARGS}: {@code java} is the java and its JVM options. */
    private static List<String> javaCommand(List<String> java, Path jar, Map<String, String> properties, String... args) {
        List<String> cmd = new ArrayList<>(java);
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code java [-Dk=v…] -jar JAR ARGS} in {@code dir}, to its end (within 10 minutes). */
    static CommandResult command(Path java, Path jar, Path dir, Map<String, String> properties, Map<String, String> env,
            String... args) throws IOException, InterruptedException {
        List<String> cmd = javaCommand(List.of(java.toString()), jar, properties, args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("logship " + String.join(" ", args) + " did not end within 10 minutes: " + out);
        }
        return new CommandResult(p.exitValue(), out);
    }

    /** What a command of the jar printed on stdout and on stderr, apart, and its exit code. */
    record Output(int exit, String out, String err) {
    }

    /** Runs {@code java -Xmx256m [-Dk=v…] -jar logship.jar ARGS} in {@code dir} to its end, stdout and stderr apart. */
    static Output run(Path dir, Map<String, String> properties, String... args) throws IOException, InterruptedException {
        return run(dir, properties, Map.of(), args);
    }

    /** {@link #run(Path, Map, String...)} with {@code env} added to the environment. */
    static Output run(Path dir, Map<String, String> properties, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        return run(dir, properties, env, List.of(), args);
    }

    /** {@link #run(Path, Map, Map, String...)} with {@code prefix} before java (e.g. setpriv to drop root). */
    static Output run(Path dir, Map<String, String> properties, Map<String, String> env, List<String> prefix,
            String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(javaCommand(List.of(thisJava(), "-Xmx256m"), JAR, properties, args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("logship " + String.join(" ", args) + " did not end within 90 s: " + Files.readString(out));
        }
        return new Output(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * Starts the jar in {@code installDir}; each property becomes {@code -Dkey=value}. {@code prefix}
     * runs before java (e.g. setpriv to drop root).
     */
    static LogshipProcess start(Path installDir, Map<String, String> properties, Map<String, String> env,
            List<String> prefix, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(thisJava());
        cmd.add("-Xmx256m");
        return start(cmd, JAR, installDir, properties, env, log);
    }

    /** Starts {@code java} (with its JVM options) on {@code jar} in {@code installDir}, as a service definition does. */
    static LogshipProcess start(List<String> java, Path jar, Path installDir, Map<String, String> properties,
            Map<String, String> env, Path log) throws IOException {
        List<String> cmd = javaCommand(java, jar, properties);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(installDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return new LogshipProcess(pb.start(), log);
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    void awaitOutput(String fragment, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> output().contains(fragment));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    /** kill -9: no shutdown hook, no clean-up, as a crash or power cut. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as systemd stops a service; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("logship did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
