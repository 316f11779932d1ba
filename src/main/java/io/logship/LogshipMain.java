package io.logship;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.logship.config.LogshipSettings;
import io.logship.config.SettingsException;
import io.logship.failure.Quarantine;
import io.logship.failure.QuarantineRecord;
import io.logship.sandbox.DemoCommand;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.component.properties.PropertiesComponent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The entry point of {@code java -jar logship.jar}: a Camel Main application whose routes are the
 * YAML files in {@code routes/} and whose configuration is {@code config/application.properties}
 * (any key can be overridden with {@code -Dkey=value} or an environment variable). The subcommands
 * are thin: {@link #execute} returns an exit code, so tests drive them in-process.
 */
@Command(name = "logship", mixinStandardHelpOptions = true, versionProvider = LogshipMain.Version.class,
        description = "Moves completed log files to an SMB share, verified end to end.",
        subcommands = {LogshipMain.Run.class, LogshipMain.Replay.class, LogshipMain.Demo.class})
public final class LogshipMain implements Callable<Integer> {

    /** Where the configuration is read from, relative to the working directory unless absolute. */
    public static final String CONFIG_PROPERTY = "logship.config";
    static final String DEFAULT_CONFIG = "config/application.properties";

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs one command line and returns the process exit code. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new LogshipMain());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof SettingsException s) {
                s.problems().forEach(p -> err.println("logship: " + p));
                return 2;
            }
            err.println("logship: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    /** No subcommand: run. */
    @Override
    public Integer call() throws Exception {
        return new Run().call();
    }

    /** A configured, not yet started application; tests start it with their own overrides. */
    public static Main create() {
        // no main class: Camel would scan io.logship and configure LogshipConfiguration a second time
        Main main = new Main();
        main.configure().addConfiguration(LogshipConfiguration.class);
        main.setDefaultPropertyPlaceholderLocation("file:" + configLocation());
        return main;
    }

    static String configLocation() {
        return System.getProperty(CONFIG_PROPERTY, DEFAULT_CONFIG);
    }

    /** The validated configuration, without starting anything (for the operator's commands). */
    static LogshipSettings loadSettings() {
        // the same sources and precedence as the running service: file, then environment, then -D
        PropertiesComponent properties = new PropertiesComponent();
        properties.setCamelContext(new DefaultCamelContext(false));
        properties.setLocation("file:" + configLocation());
        properties.start();
        return LogshipSettings.from(properties);
    }

    @Command(name = "run", description = "Watch the source folder and ship completed files (the default).")
    static final class Run implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return create().run(new String[0]);
        }
    }

    @Command(name = "replay", description = "Put quarantined files back into the source folder and remove their records.")
    static final class Replay implements Callable<Integer> {

        @Parameters(arity = "0..*", paramLabel = "NAME",
                description = "Quarantined file names (as in logship.deadletter.dir); all when none is given.")
        List<String> names = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LogshipSettings settings = loadSettings();
            Quarantine quarantine = new Quarantine(settings.deadletterDir());
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<String> wanted = new ArrayList<>(names);
            int replayed = 0;
            int problems = 0;
            for (Path record : quarantine.records()) {
                QuarantineRecord r = quarantine.read(record);
                if (!names.isEmpty() && !wanted.remove(r.file())) {
                    continue;
                }
                try {
                    out.println("logship: " + quarantine.replay(record, settings.sourceDir()));
                    replayed++;
                } catch (java.io.IOException e) {
                    err.println("logship: cannot replay " + r.file() + ": " + e.getMessage());
                    problems++;
                }
            }
            for (String missing : wanted) {
                err.println("logship: " + missing + " is not in the quarantine " + settings.deadletterDir());
                problems++;
            }
            out.println("logship: replayed " + replayed + ", problems " + problems);
            return problems == 0 ? 0 : 1;
        }
    }

    @Command(name = "demo", description = "Run logship against a throwaway Samba share with sample logs (needs root and Samba).")
    static final class Demo implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return DemoCommand.run(System.out, System.err);
        }
    }

    /** {@code --version}: the jar's Implementation-Version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LogshipMain.class.getPackage().getImplementationVersion();
            return new String[] {"logship " + (v == null ? "(development build)" : v)};
        }
    }
}
