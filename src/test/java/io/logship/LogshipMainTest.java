package io.logship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class LogshipMainTest {

    /** {@code logship <command> --help} prints that command's usage and exits 0, as {@code logship --help} does. */
    @Test
    void everyCommandAnswersHelp() {
        for (String command : new String[] {"run", "validate", "seal", "check", "status", "replay", "audit", "aot-cache", "demo"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = LogshipMain.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), command, "--help");
            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, command + ": " + err.toString(StandardCharsets.UTF_8));
            assertTrue(printed.startsWith("Usage: logship " + command), command + ": " + printed);
        }
    }

    /** Camel prints a refused endpoint's whole URI: a password under a misspelt option is masked all the same. */
    @Test
    void aFailedCommandsLineMasksAPasswordEvenUnderAMisspeltOption() {
        String line = LogshipMain.failureLine(new IllegalArgumentException("Failed to resolve endpoint:"
                + " nas://localhost:445/logs?pasword=secret123&verify=sha256 due to: Unknown parameters=[{pasword=secret123}]"));
        assertFalse(line.contains("secret123"), line);
        assertTrue(line.startsWith("logship: Failed to resolve endpoint: nas://localhost:445/logs?pasword=******&verify=sha256"), line);
    }

    /** Only the service's command maps a configuration error to logship.service.configErrorExitCode. */
    @Test
    void onlyRunAndTheDefaultCommandAreTheService() {
        assertTrue(LogshipMain.runsTheService());
        assertTrue(LogshipMain.runsTheService("run"));
        assertTrue(LogshipMain.runsTheService("run", "--no-such-option"));
        for (String command : new String[] {"validate", "seal", "check", "status", "replay", "audit", "aot-cache", "demo"}) {
            assertFalse(LogshipMain.runsTheService(command), command);
        }
        assertFalse(LogshipMain.runsTheService("no-such-command"));
    }
}
