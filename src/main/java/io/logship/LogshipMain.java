package io.logship;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.logship.audit.AuditLedger;
import io.logship.cli.AotCache;
import io.logship.cli.AotTraining;
import io.logship.cli.QuarantineReplay;
import io.logship.cli.ServiceClient;
import io.logship.cli.ValidationReport;
import io.logship.config.ConfigFile;
import io.logship.config.LogshipSettings;
import io.logship.config.OneLine;
import io.logship.config.SecretLogMasker;
import io.logship.config.SettingsException;
import io.logship.health.NagiosCheck;
import io.logship.integrity.SealManifest;
import io.logship.metrics.BacklogScanner;
import io.logship.metrics.NasProbe;
import org.apache.camel.CamelContext;
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
// scope INHERIT: every subcommand answers --help and --version too
@Command(name = "logship", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = LogshipMain.Version.class,
        description = "Moves completed log files to an SMB share, verified end to end.",
        subcommands = {LogshipMain.Run.class, LogshipMain.Validate.class, LogshipMain.Seal.class, LogshipMain.Check.class,
            LogshipMain.Status.class, LogshipMain.Replay.class, LogshipMain.Audit.class, LogshipMain.AotCacheCommand.class,
            LogshipMain.AotTrainingCommand.class, LogshipMain.Demo.class})
public final class LogshipMain implements Callable<Integer> {

    /** Where the configuration is read from, relative to the working directory unless absolute. */
    public static final String CONFIG_PROPERTY = "logship.config";
    static final String DEFAULT_CONFIG = "config/application.properties";

    /** The key of the exit code a configuration error ends the process with (default 2). */
    static final String CONFIG_ERROR_EXIT_CODE = "logship.service.configErrorExitCode";

    public static void main(String[] args) {
        nettyWithoutUnsafeWarnings();
        logSettingsFromConfig();
        int code = execute(System.out, System.err, args);
        System.exit(code == 2 && runsTheService(args) ? configErrorExitCode(System.getProperty(CONFIG_ERROR_EXIT_CODE)) : code);
    }

    /**
     * True for {@code run} and the default command, the only ones a service manager starts: every other
     * command keeps exit code 2 whatever logship.service.configErrorExitCode says (a check that answers
     * CRITICAL, a validate that found a problem, must never end with 0).
     */
    static boolean runsTheService(String... args) {
        try {
            CommandLine.ParseResult parsed = new CommandLine(new LogshipMain()).parseArgs(args);
            return !parsed.hasSubcommand() || "run".equals(parsed.subcommand().commandSpec().name());
        } catch (CommandLine.ParameterException e) {
            // a service's command line with a bad option is a configuration error of the service too
            return args.length == 0 || "run".equals(args[0]);
        }
    }

    /**
     * From Java 24 on the JVM prints four warning lines at every start when Netty (under the health and metrics
     * server) uses sun.misc.Unsafe's memory access; Netty does the same through ByteBuffer when told not to use
     * it. On Java 17 nothing changes, and a command line that decides (--sun-misc-unsafe-memory-access,
     * -Dio.netty.noUnsafe) is left alone.
     */
    static void nettyWithoutUnsafeWarnings() {
        if (Runtime.version().feature() >= 24 && System.getProperty("io.netty.noUnsafe") == null
                && java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .noneMatch(a -> a.startsWith("--sun-misc-unsafe-memory-access"))) {
            System.setProperty("io.netty.noUnsafe", "true");
        }
    }

    /**
     * systemd does not restart on exit code 2 (RestartPreventExitStatus=2); WinSW restarts on every
     * exit code but 0, so its definition sets this key to 0: a configuration error stays stopped. A
     * missing source folder alone is not one: it ends with 1 and is restarted until the folder appears.
     */
    static int configErrorExitCode(String value) {
        try {
            int code = value == null || value.isBlank() ? 2 : Integer.parseInt(value.strip());
            return code >= 0 && code <= 255 ? code : 2;
        } catch (NumberFormatException e) {
            return 2;
        }
    }

    /**
     * log4j2 starts before Camel reads the configuration: hand it the logship.log.* keys (and main the
     * exit code of a configuration error) as system properties first (a -D option or a LOGSHIP_*
     * variable wins over the file).
     */
    static void logSettingsFromConfig() {
        java.util.Properties file = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(Path.of(configLocation()), java.nio.charset.StandardCharsets.UTF_8)) {
            file.load(in);
        } catch (java.io.IOException | IllegalArgumentException e) {
            // no configuration file, or one Properties refuses (a backslash and u that is no Unicode escape):
            // the log uses its defaults, and run reports the file
        }
        for (String key : new String[] {"logship.log.dir", "logship.log.maxFileSize", "logship.log.maxFiles",
            CONFIG_ERROR_EXIT_CODE}) {
            String env = System.getenv(LogshipSettings.envName(key));
            String value = System.getProperty(key, env != null ? env : file.getProperty(key));
            if (value != null && !value.isBlank()) {
                System.setProperty(key, value.strip());
            }
        }
    }

    /** Runs one command line and returns the process exit code. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new LogshipMain());
        // UTF-8 whatever the console's code page: file names and Nagios lines reach agents intact
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, arguments) -> {
            for (String a : arguments) {
                if (a.startsWith("-D") || a.startsWith("-X")) {
                    // java -jar logship.jar -Dkey=value validate: the option reached logship, not the JVM
                    e.getCommandLine().getErr().println("logship: " + a + " is an option of java, not of logship: put it"
                            + " before -jar (java " + a + " -jar logship.jar …)");
                    return 2;
                }
            }
            return usage.handleParseException(e, arguments);
        });
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            Path config = Path.of(configLocation());
            boolean demo = parsed.hasSubcommand() && "demo".equals(parsed.subcommand().commandSpec().name());
            if (!demo && !Files.exists(config)) {
                line.getErr().println("logship: " + config + " does not exist (working directory "
                        + Path.of("").toAbsolutePath() + "): run logship in its installation folder, or name the file"
                        + " with -D" + CONFIG_PROPERTY + "=… or " + LogshipSettings.envName(CONFIG_PROPERTY));
                return 2;
            }
            if (e instanceof SettingsException s) {
                s.problems().forEach(p -> line.getErr().println("logship: " + SecretLogMasker.mask(p)));
                // a source folder that may still appear is a start-up problem: systemd and WinSW restart on 1
                return s.awaitsSourceFolders() ? 1 : 2;
            }
            line.getErr().println(failureLine(e));
            return 1;
        });
        return cli.execute(args);
    }

    /**
     * The one line a failed command prints, passwords masked as in the log: a route's endpoint with a
     * misspelt option (pasword=) is printed whole by Camel, which masks only the options it knows.
     */
    static String failureLine(Throwable e) {
        return "logship: " + SecretLogMasker.mask(OneLine.describe(e));
    }

    /** No subcommand: run. */
    @Override
    public Integer call() throws Exception {
        return new Run().call();
    }

    /** A configured, not yet started application; tests start it with their own overrides. */
    public static Main create() {
        SecretLogMasker.install();
        // no main class: Camel would scan io.logship and configure LogshipConfiguration a second time
        Main main = new Main() {
            @Override
            protected void configurePropertiesService(CamelContext context) throws Exception {
                // before Camel reads the file: as UTF-8 (Camel's default is ISO-8859-1), and one line if it cannot
                context.getPropertiesComponent().setEncoding(ConfigFile.ENCODING);
                ConfigFile.requireReadable(getDefaultPropertyPlaceholderLocation());
                super.configurePropertiesService(context);
            }
        };
        main.configure().addConfiguration(LogshipConfiguration.class);
        // the routes each target needs, checked once routes/ is loaded and before the context starts
        main.addMainListener(new TargetRoutes());
        main.setDefaultPropertyPlaceholderLocation("file:" + configLocation());
        return main;
    }

    /** {@code -Dlogship.config}, else the environment variable {@code LOGSHIP_CONFIG}, else config/application.properties. */
    public static String configLocation() {
        String env = System.getenv(LogshipSettings.envName(CONFIG_PROPERTY));
        return System.getProperty(CONFIG_PROPERTY, env == null || env.isBlank() ? DEFAULT_CONFIG : env.strip());
    }

    /** The validated configuration, without starting anything (for the operator's commands). */
    static LogshipSettings loadSettings() {
        return loadTargets().values().iterator().next();
    }

    /** Every target of logship.targets, validated. */
    static Map<String, LogshipSettings> loadTargets() {
        return LogshipSettings.targets(loadProperties());
    }

    /** The same sources and precedence as the running service: file, then environment, then -D. */
    static PropertiesComponent loadProperties() {
        PropertiesComponent properties = new PropertiesComponent();
        properties.setCamelContext(new DefaultCamelContext(false));
        properties.setEncoding(ConfigFile.ENCODING);
        ConfigFile.requireReadable(configLocation());
        properties.setLocation("file:" + configLocation());
        properties.start();
        return properties;
    }

    @Command(name = "run", description = "Watch the source folder and ship completed files (the default).")
    static final class Run implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return create().run(new String[0]);
        }
    }

    @Command(name = "validate", description = "Parse the configuration and every route without shipping anything;"
            + " with --login also log in to the NAS and write a test file. One line per problem; exit 0 when valid,"
            + " 2 for a configuration problem (an unknown or bad key), 1 otherwise.")
    static final class Validate implements Callable<Integer> {

        @CommandLine.Option(names = "--login", description = "Also log in to the NAS and check that logship may write there.")
        boolean login;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Main main = create();
            // build every route and endpoint, start none, open no port, probe no NAS
            main.addOverrideProperty("camel.main.autoStartup", "false");
            main.addOverrideProperty("camel.management.enabled", "false");
            main.addOverrideProperty("logship.nas.probeSeconds", "0");
            try {
                main.start();
            } catch (SettingsException e) {
                // validate's exit codes: 0 valid, 2 a configuration problem (a missing source folder too, which run retries), 1 anything else
                e.problems().forEach(p -> spec.commandLine().getErr().println("logship: " + p));
                return 2;
            }
            try {
                PrintWriter out = spec.commandLine().getOut();
                if (login) {
                    // one probe per target
                    boolean up = true;
                    for (NasProbe probe : main.getCamelContext().getRegistry().findByType(NasProbe.class)) {
                        NasProbe.State state = probe.probe();
                        (state.up() ? out : spec.commandLine().getErr()).println("logship: " + state.message());
                        up &= state.up();
                    }
                    if (!up) {
                        return 1;
                    }
                }
                List<String> targets = LogshipSettings.targetNames(
                        key -> main.getCamelContext().getPropertiesComponent().resolveProperty(key).orElse(null));
                ValidationReport.lines(main.getCamelContext(), configLocation(), targets)
                        .forEach(line -> out.println("logship: " + line));
                // each target's backlog scanner, as the start made it: its folder and patterns, read once
                for (String target : targets) {
                    includeNote(target, main.getCamelContext().getRegistry().lookupByNameAndType(
                            LogshipConfiguration.BACKLOG_BEAN + "-" + target, BacklogScanner.class)).ifPresent(out::println);
                }
                return 0;
            } finally {
                main.stop();
            }
        }
    }

    /**
     * A line when the source folder holds files and the include and exclude patterns name none of them:
     * nothing would ship, and the backlog, counted with the same patterns, would show nothing either. Not a
     * problem (a folder may hold other files only, for a while), so validate still exits 0.
     */
    static java.util.Optional<String> includeNote(String target, BacklogScanner backlog) {
        List<String> names = backlog.noneMatched();
        if (names.isEmpty()) {
            return java.util.Optional.empty();
        }
        String of = LogshipSettings.MAIN.equals(target) ? "" : " (target " + target + ")";
        return java.util.Optional.of("logship: note: logship.source.include=" + String.join(",", backlog.includes()) + of
                + " matches none of the "
                + names.size() + " file" + (names.size() == 1 ? "" : "s") + " in " + backlog.sourceDir() + " ("
                + String.join(", ", names.subList(0, Math.min(3, names.size()))) + (names.size() > 3 ? ", …" : "")
                + "), and no exclude names them: if they are logs to ship, correct the pattern (Ant style, e.g. *.log)");
    }

    @Command(name = "seal", description = "Record the SHA-256 of the configuration and of every route file;"
            + " the service compares them at start and every logship.integrity.checkSeconds.")
    static final class Seal implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PropertiesComponent properties = loadProperties();
            SealManifest seal = LogshipConfiguration.sealManifest(properties, LogshipSettings.from(properties));
            int files = seal.seal();
            spec.commandLine().getOut().println("logship: sealed " + files + " files in " + seal.path());
            return 0;
        }
    }

    @Command(name = "audit", description = "Where did a file go? Every ledger entry for a file name:"
            + " time, NAS path, size, SHA-256, how it was verified. Exit 0 when found, 1 when not.")
    static final class Audit implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "The file's name, as it was in the source folder.")
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LogshipSettings settings = loadSettings();
            List<AuditLedger.Entry> entries = new AuditLedger(settings.ledgerDir(), settings.ledgerRetentionDays()).find(name);
            PrintWriter out = spec.commandLine().getOut();
            for (AuditLedger.Entry e : entries) {
                out.println(e.time() + " " + e.source() + " -> " + e.nas() + " (" + e.size() + " bytes, sha256 "
                        + e.sha256() + ", verified by " + e.verify() + ", " + e.outcome().replace('_', ' ') + ", attempt "
                        + e.attempts() + ", " + e.durationMs() + " ms)");
            }
            if (entries.isEmpty()) {
                spec.commandLine().getErr().println("logship: no ledger entry for " + name + " in " + settings.ledgerDir()
                        + " (kept logship.ledger.retentionDays=" + settings.ledgerRetentionDays() + " days)");
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "replay", description = "Put quarantined files back into the source folder and remove their records.")
    static final class Replay implements Callable<Integer> {

        @Parameters(arity = "0..*", paramLabel = "NAME",
                description = "Quarantined file names (as in logship.deadletter.dir); all when none is given.")
        List<String> names = new ArrayList<>();

        @CommandLine.Option(names = "--target", paramLabel = "TARGET",
                description = "The target whose quarantine to replay (logship.targets); the first one by default.")
        String target;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, LogshipSettings> targets = loadTargets();
            LogshipSettings settings = target == null ? targets.values().iterator().next() : targets.get(target);
            if (settings == null) {
                spec.commandLine().getErr().println("logship: --target " + target + " is not in logship.targets="
                        + String.join(",", targets.keySet()));
                return 1;
            }
            return new QuarantineReplay(settings.deadletterDir(), settings.sourceDir())
                    .replay(names, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    @Command(name = "check", description = "Nagios plugin: ask the running service and print one line with perfdata;"
            + " exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.")
    static final class Check implements Callable<Integer> {

        @CommandLine.Mixin
        ServiceUrl service;

        @CommandLine.Option(names = "--warn-files", defaultValue = "100", description = "Files waiting for WARNING.")
        long warnFiles;

        @CommandLine.Option(names = "--crit-files", defaultValue = "1000", description = "Files waiting for CRITICAL.")
        long critFiles;

        @CommandLine.Option(names = "--warn-age", defaultValue = "600", description = "Age of the oldest waiting file, seconds, for WARNING.")
        long warnAge;

        @CommandLine.Option(names = "--crit-age", defaultValue = "1800", description = "Same, for CRITICAL.")
        long critAge;

        @CommandLine.Option(names = "--warn-disk", defaultValue = "20", description = "Free percent of the source disk for WARNING.")
        double warnDisk;

        @CommandLine.Option(names = "--crit-disk", defaultValue = "10", description = "Same, for CRITICAL.")
        double critDisk;

        @CommandLine.Option(names = "--timeout", defaultValue = "8", description = "Seconds to wait for the service, in"
                + " all: below the 10 s after which NRPE and NSClient++ give up on a plugin. Default: ${DEFAULT-VALUE}")
        int timeout;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            NagiosCheck.Result result;
            ServiceClient client = service.client();
            try {
                String[] answer = client.fetch(Duration.ofSeconds(timeout));
                result = NagiosCheck.evaluate(answer[0], answer[1],
                        new NagiosCheck.Thresholds(warnFiles, critFiles, warnAge, critAge, warnDisk, critDisk));
            } catch (Exception e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                result = NagiosCheck.unknown("cannot reach logship at " + client.url() + " (" + why + ")");
            }
            spec.commandLine().getOut().println(result.line());
            return result.exitCode();
        }
    }

    @Command(name = "status", description = "The running service's state: NAS, backlog, quarantine, disk, integrity,"
            + " last ship. Exit 0 when it answers, 3 when it does not.")
    static final class Status implements Callable<Integer> {

        @CommandLine.Mixin
        ServiceUrl service;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ServiceClient client = service.client();
            try {
                String[] answer = client.fetch(Duration.ofSeconds(10));
                spec.commandLine().getOut().print(io.logship.health.StatusReport.render(client.url(), answer[0], answer[1]));
                spec.commandLine().getOut().flush();
                return 0;
            } catch (Exception e) {
                spec.commandLine().getErr().println("logship: cannot reach logship at " + client.url() + " ("
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
                return 3;
            }
        }
    }

    /** {@code --url} of the commands that ask the running service. */
    static final class ServiceUrl {

        @CommandLine.Option(names = "--url", description = "Base URL of logship's management server. Default: the"
                + " address the service binds, from camel.management.host and camel.management.port of the same"
                + " configuration as run (file, environment, -D).")
        String url;

        ServiceClient client() {
            PropertiesComponent properties;
            try {
                properties = loadProperties();
            } catch (RuntimeException e) {
                // no readable configuration: the keys' defaults, -D and the environment still apply
                properties = null;
            }
            PropertiesComponent p = properties;
            return ServiceClient.of(key -> {
                String value = p == null ? null : p.resolveProperty(key).orElse(null);
                if (value == null) {
                    value = System.getProperty(key, System.getenv(LogshipSettings.envName(key)));
                }
                return value;
            }, url);
        }
    }

    @Command(name = "aot-cache", description = "On Java 25 or later: make logship.aot, the AOT cache the service"
            + " definitions start java with, by a training run that starts logship and ships test files to the NAS's"
            + " .logship-tmp folder, then deletes them. Run it in the installation folder at install and after each"
            + " upgrade of logship or Java. Exit 0 when made.")
    static final class AotCacheCommand implements Callable<Integer> {

        @CommandLine.Option(names = "--cache", paramLabel = "FILE", description = "Where to write it. Default: "
                + AotCache.FILE_NAME + " beside logship.jar, where the service definitions look for it.")
        Path cache;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return AotCache.make(cache, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    /** The training run of {@code aot-cache}, in the JVM it starts with {@code -XX:AOTCacheOutput}. */
    @Command(name = "aot-training", hidden = true)
    static final class AotTrainingCommand implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return AotTraining.train(create(), loadTargets(), LogshipConfiguration::nasClient, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }

    @Command(name = "demo", description = "Run logship against a throwaway Samba share with sample logs (needs root and Samba).")
    static final class Demo implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            // by name: the demo's Samba sandbox is no part of the service's code (io.logship.sandbox)
            try {
                return (Integer) Class.forName("io.logship.sandbox.DemoCommand")
                        .getMethod("run", PrintStream.class, PrintStream.class).invoke(null, System.out, System.err);
            } catch (java.lang.reflect.InvocationTargetException e) {
                // the demo's own failure (a bad configuration, say) reaches the one-line error reporting
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
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
