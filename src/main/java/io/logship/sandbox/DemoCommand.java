package io.logship.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.logship.LogshipMain;

/** {@code java -jar logship.jar demo}: logship against a throwaway Samba share with sample logs. */
public final class DemoCommand {

    private static final String SHARE = "logs";
    private static final String USER = "logship";
    /** How long the Ctrl-C hook waits for logship to stop (camel.main.shutdownTimeout is 30 s). */
    private static final long STOP_WAIT_SECONDS = 40;

    private final Path work;
    private SambaSandbox sandbox;
    private SampleLogGenerator generator;
    private boolean cleaned;

    private DemoCommand(Path work) {
        this.work = work;
    }

    public static int run(PrintStream out, PrintStream err) throws Exception {
        Path work;
        try {
            work = Files.createTempDirectory("logship-demo");
        } catch (IOException e) {
            err.println("logship demo: cannot create a work folder: " + e.getMessage());
            return 1;
        }
        return new DemoCommand(work).runDemo(out, err);
    }

    private int runDemo(PrintStream out, PrintStream err) throws Exception {
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        // Ctrl-C stops Camel through its own hook; ours waits for that stop, then removes the demo
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cleanUp();
        }, "logship-demo-cleanup"));
        try {
            try {
                sandbox = SambaSandbox.builder(work.resolve("samba")).user(USER, password).share(SHARE).start();
                Path outbox = Files.createDirectories(work.resolve("outbox"));
                generator = new SampleLogGenerator(outbox, 500, 8_000).start();
                setOverrides(outbox, password);
                LogshipMain.execute(out, err, "seal");
                printBanner(out, outbox, password);
            } catch (IllegalStateException | IOException e) {
                err.println("logship demo: " + e.getMessage());
                return e instanceof IllegalStateException ? 2 : 1;
            }
            // a configuration problem propagates to LogshipMain's one-line error reporting
            return LogshipMain.create().run(new String[0]);
        } finally {
            stopped.countDown();
            cleanUp();
        }
    }

    private void setOverrides(Path outbox, String password) {
        // Camel Main takes system properties as overrides of config/application.properties
        System.setProperty("logship.source.dir", outbox.toString());
        System.setProperty("logship.source.exclude", SampleLogGenerator.ACTIVE_NAME);
        System.setProperty("logship.source.stableSeconds", "3");
        System.setProperty("logship.nas.host", SambaSandbox.HOST);
        System.setProperty("logship.nas.port", Integer.toString(sandbox.port()));
        System.setProperty("logship.nas.share", SHARE);
        System.setProperty("logship.nas.username", USER);
        System.setProperty("logship.nas.password", password);
        System.setProperty("logship.deadletter.dir", work.resolve("quarantine").toString());
        // the demo seals the routes as an installation does, with its seal kept in its own folder
        System.setProperty("logship.integrity.manifest", work.resolve("logship.seal").toString());
    }

    private void printBanner(PrintStream out, Path outbox, String password) {
        String http = "http://127.0.0.1:" + System.getProperty("camel.management.port", "9810") + "/observe/";
        int port = sandbox.port();
        out.println();
        out.println("logship demo: a throwaway Samba share on 127.0.0.1:" + port + " and sample transaction logs");
        out.println("  sample logs are written to  " + outbox + " (trans.log, rotated every ~8 s)");
        out.println("  shipped files land in       " + sandbox.sharePath(SHARE).resolve("transaction-logs"));
        out.println("                              = //" + SambaSandbox.HOST + ":" + port + "/" + SHARE
                + "/transaction-logs");
        out.println("  health                      " + http + "health");
        out.println("  metrics                     " + http + "metrics");
        out.println("  list the share              smbclient //" + SambaSandbox.HOST + "/" + SHARE + " -p " + port
                + " -U " + USER + "%" + password + " -c 'recurse; ls'");
        out.println("Press Ctrl-C to stop; everything is removed.");
        out.println();
        out.flush();
    }

    /** Stops the generator and smbd and deletes the work folder; safe to call twice, from two threads. */
    private synchronized void cleanUp() {
        if (cleaned) {
            return;
        }
        cleaned = true;
        if (generator != null) {
            generator.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        deleteRecursively(work);
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("logship demo: could not remove " + root + ": " + e.getMessage());
        }
    }
}
