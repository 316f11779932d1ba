package io.logship.config;

import io.logship.core.Causes;

/**
 * Turns a start-up failure into the one line an operator reads: the innermost cause's first line
 * and where it is ("in file:routes/x.camel.yaml, line 7, column 23"), without the echoed YAML,
 * the caret under it or the stack trace.
 */
public final class OneLine {

    private OneLine() {
    }

    public static String describe(Throwable failure) {
        Throwable root = failure;
        for (Throwable t : Causes.of(failure)) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                root = t;
            }
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String[] lines = message.strip().split("\\R");
        StringBuilder out = new StringBuilder(lines[0].strip());
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith("in file:") || l.startsWith("in classpath:") || l.startsWith("in 'reader'")) {
                out.append(' ').append(l.endsWith(":") ? l.substring(0, l.length() - 1) : l);
            }
        }
        return out.toString();
    }
}
