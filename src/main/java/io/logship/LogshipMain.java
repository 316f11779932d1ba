package io.logship;

import java.io.PrintStream;

import io.logship.config.SettingsException;
import org.apache.camel.main.Main;

/**
 * The entry point of {@code java -jar logship.jar}: a Camel Main application whose routes are the
 * YAML files in {@code routes/} and whose configuration is {@code config/application.properties}
 * (any key can be overridden with {@code -Dkey=value} or an environment variable).
 */
public final class LogshipMain {

    /** Where the configuration is read from, relative to the working directory unless absolute. */
    public static final String CONFIG_PROPERTY = "logship.config";
    static final String DEFAULT_CONFIG = "config/application.properties";

    private LogshipMain() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("demo")) {
            System.exit(io.logship.sandbox.DemoCommand.run(System.out, System.err));
        }
        System.exit(run(System.err, args));
    }

    /** Runs logship until it is stopped and returns the process exit code. */
    public static int run(PrintStream err, String... args) {
        try {
            Main main = create();
            return main.run(args);
        } catch (SettingsException e) {
            e.problems().forEach(p -> err.println("logship: " + p));
            return 2;
        } catch (Exception e) {
            err.println("logship: " + e.getMessage());
            return 1;
        }
    }

    /** A configured, not yet started application; tests start it with their own overrides. */
    public static Main create() {
        // no main class: Camel would scan io.logship and configure LogshipConfiguration a second time
        Main main = new Main();
        main.configure().addConfiguration(LogshipConfiguration.class);
        String config = System.getProperty(CONFIG_PROPERTY, DEFAULT_CONFIG);
        main.setDefaultPropertyPlaceholderLocation("file:" + config);
        return main;
    }
}
