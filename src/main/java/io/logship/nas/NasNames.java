package io.logship.nas;

import java.util.Locale;
import java.util.Set;

/**
 * The name a file gets on the NAS when its own name holds what Windows and SMB refuse: each such
 * character becomes a Unicode look-alike, as rclone's {@code encoding} option does (its full-width
 * forms and control pictures), the same way every time, so a file shipped again meets its first copy
 * and the collision rules still apply.
 *
 * <table>
 * <caption>The mapping (logship.nas.nameEncoding=map)</caption>
 * <tr><th>in the name</th><th>on the NAS</th></tr>
 * <tr><td>{@code " * : < > ? |}</td><td>{@code ＂ ＊ ： ＜ ＞ ？ ｜} (U+FF02 … U+FF5C, full width)</td></tr>
 * <tr><td>control characters U+0001 … U+001F</td><td>U+2401 … U+241F (control pictures: ␉ for a tab)</td></tr>
 * <tr><td>a trailing {@code .}</td><td>{@code ．} (U+FF0E)</td></tr>
 * <tr><td>a trailing space</td><td>{@code ␠} (U+2420)</td></tr>
 * <tr><td>a reserved device name before its first dot ({@code CON PRN AUX NUL COM0-9 LPT0-9}, any case)</td>
 * <td>its last letter or digit full width: {@code CON} → {@code COＮ}, {@code nul.log} → {@code nuｌ.log}</td></tr>
 * </table>
 * A name already holding a look-alike keeps it: {@code a:b} and {@code a：b} both go to {@code a：b}, and
 * the second one with other content is shipped as {@code a：b~<hash>}. A {@code \} is no character of a
 * name on SMB but a folder separator: a file whose name holds one is never shipped (the ship step refuses it).
 */
public final class NasNames {

    /** Adding this to a printable ASCII character gives its full-width form. */
    private static final int FULL_WIDTH = 0xFEE0;
    /** U+2400, SYMBOL FOR NULL: adding a control character's code gives its picture. */
    private static final int CONTROL_PICTURES = 0x2400;
    private static final String REFUSED = "\"*:<>?|";
    private static final Set<String> DEVICES = Set.of("CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3",
            "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6",
            "LPT7", "LPT8", "LPT9");

    private NasNames() {
    }

    /** Each '/'-separated part of {@code path} as {@link #name} maps it. */
    public static String path(String path) {
        StringBuilder out = new StringBuilder(path.length());
        int start = 0;
        for (int slash; (slash = path.indexOf('/', start)) >= 0; start = slash + 1) {
            out.append(name(path.substring(start, slash))).append('/');
        }
        return out.append(name(path.substring(start))).toString();
    }

    /** One name (no '/'), with what Windows and SMB refuse mapped to look-alikes; unchanged when nothing is. */
    public static String name(String name) {
        if (name.isEmpty()) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (REFUSED.indexOf(c) >= 0) {
                out.append((char) (c + FULL_WIDTH));
            } else if (c >= 0x01 && c <= 0x1F) {
                out.append((char) (c + CONTROL_PICTURES));
            } else {
                out.append(c);
            }
        }
        int dot = out.indexOf(".");
        String stem = (dot < 0 ? out : out.subSequence(0, dot)).toString();
        if (DEVICES.contains(stem.toUpperCase(Locale.ROOT))) {
            int last = stem.length() - 1;
            out.setCharAt(last, (char) (stem.charAt(last) + FULL_WIDTH));
        }
        int end = out.length() - 1;
        if (out.charAt(end) == '.') {
            out.setCharAt(end, '\uFF0E');
        } else if (out.charAt(end) == ' ') {
            out.setCharAt(end, '\u2420');
        }
        return out.toString();
    }
}
