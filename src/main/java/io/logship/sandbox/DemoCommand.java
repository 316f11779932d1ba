package io.logship.sandbox;

import java.io.PrintStream;

/** {@code java -jar logship.jar demo}: logship against a throwaway Samba share with sample logs. */
public final class DemoCommand {

    private DemoCommand() {
    }

    public static int run(PrintStream out, PrintStream err) {
        err.println("logship: demo not written yet");
        return 1;
    }
}
