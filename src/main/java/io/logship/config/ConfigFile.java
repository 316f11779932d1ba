package io.logship.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.spi.PropertiesComponent;

/**
 * The configuration file as the operator wrote it, line by line: the only place where a mistake the
 * properties format swallows can still be told from an intended value. A single backslash of a Windows
 * path (dropped, or read as a TAB or a newline), a comment after a value (part of the value), a key set
 * twice (the last wins) and a file not saved as UTF-8 (a byte-order mark, UTF-16, the ANSI code page)
 * are each one problem line naming the key, the line and the fix. Camel and logship read the file as
 * UTF-8 ({@code PropertiesComponent.setEncoding}).
 */
public final class ConfigFile {

    /** The encoding Camel is told to read the file in, and the one the checks here expect. */
    public static final String ENCODING = "UTF-8";

    /** The prefix of Camel's property locations that are files. */
    private static final String FILE = "file:";

    /**
     * One entry of the file: its key, the line it starts on and the problems of how it was written, each to
     * follow "KEY (FILE line N)": ": the properties format drops...", " is also set on line 3...".
     */
    record Entry(String key, int line, List<String> problems) {
    }

    private ConfigFile() {
    }

    /**
     * Throws one line when the file cannot be read as a properties file in UTF-8: saved with a byte-order
     * mark, as UTF-16 or in the ANSI code page, or with a backslash followed by u that is no Unicode escape
     * ({@code C:\\users}: {@code Properties.load} refuses the whole file). Nothing when it does not exist:
     * Camel names a missing file.
     *
     * @param location the file, optionally as Camel's location ({@code file:...;optional=true})
     */
    public static void requireReadable(String location) {
        String file = file(location);
        entries(Path.of(file), file);
    }

    /** The files Camel reads properties from: its {@code file:} locations, as written there. */
    static List<String> files(PropertiesComponent properties) {
        return properties.getLocations().stream().filter(l -> l.startsWith(FILE)).map(ConfigFile::file).toList();
    }

    /** {@code file:config/x.properties;optional=true} (or the plain path) to {@code config/x.properties}. */
    private static String file(String location) {
        String file = location.startsWith(FILE) ? location.substring(FILE.length()) : location;
        return file.replaceFirst(";optional=\\w+$", "");
    }

    /**
     * The file's entries, read once; one line ({@link SettingsException}) when it is no UTF-8 properties file;
     * none when missing.
     */
    static List<Entry> entries(Path file, String shownAs) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            // missing or unreadable: Camel reports it
            return List.of();
        }
        String save = ": save it as UTF-8 without BOM (Notepad: Save as, Encoding UTF-8)";
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
            throw problem(shownAs + " is UTF-16" + save);
        }
        if (bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
            throw problem(shownAs + " starts with a byte order mark" + save);
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw problem(shownAs + " holds NUL bytes (UTF-16 without a byte order mark?)" + save);
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw problem(shownAs + " line " + firstNonUtf8Line(bytes) + " is not UTF-8 (saved in the ANSI code page?)"
                    + save);
        }
        List<Entry> entries = entries(text.lines().toList());
        for (Entry entry : entries) {
            for (String p : entry.problems()) {
                if (p.startsWith(UNICODE)) {
                    throw problem(entry.key() + " (" + shownAs + " line " + entry.line() + ")" + p);
                }
            }
        }
        return entries;
    }

    private static SettingsException problem(String line) {
        return new SettingsException(List.of(line));
    }

    private static int firstNonUtf8Line(byte[] bytes) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return line;
    }

    private static final String UNICODE = ": the properties format reads \\u as the start of a Unicode escape";
    private static final String FIX = ": write / in paths, \\\\ where a backslash is meant (CORP\\\\logship)";

    /**
     * The entries of a properties file's lines (java.util.Properties.load's rules: '#' or '!' starts a
     * comment line, an odd number of backslashes at the end continues the line), each with the problems
     * of its value when its key is a logship or Camel key.
     */
    private static List<Entry> entries(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripLeading();
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == '!') {
                continue;
            }
            int start = i;
            String key = key(line);
            StringBuilder value = new StringBuilder();
            List<String> problems = new ArrayList<>();
            String piece = line.substring(valueStart(line));
            while (true) {
                boolean continued = endsInBackslash(piece);
                String text = continued ? piece.substring(0, piece.length() - 1) : piece;
                escapes(text, key, problems);
                value.append(text);
                if (!continued || i + 1 >= lines.size()) {
                    break;
                }
                piece = lines.get(++i).stripLeading();
            }
            if (checked(key)) {
                comment(value.toString(), key, problems);
                Integer before = firstLine.putIfAbsent(key, start + 1);
                if (before != null) {
                    problems.add(" is also set on line " + before + ", and this line wins: remove one of them");
                }
            } else {
                problems.removeIf(p -> !p.startsWith(UNICODE));
            }
            entries.add(new Entry(key, start + 1, List.copyOf(problems)));
        }
        return entries;
    }

    /** A logship or Camel key, in any case: the keys whose values are checked. */
    private static boolean checked(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.startsWith("logship.") || lower.startsWith("camel.");
    }

    /** A password may hold " #": it is not refused, and no message quotes any part of it. */
    static boolean secret(String key) {
        return key.toLowerCase(Locale.ROOT).endsWith("password");
    }

    private static void escapes(String text, String key, List<String> problems) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '\\') {
                continue;
            }
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            String problem = null;
            switch (next) {
                case '\\', ' ', '=', ':', '#', '!' -> {
                    // an escaped backslash, or a character the format would otherwise read differently
                }
                case 'u' -> {
                    if (!text.substring(i + 2, Math.min(text.length(), i + 6)).matches("[0-9a-fA-F]{4}")) {
                        problem = UNICODE + ", and refuses the file" + FIX;
                    }
                }
                case 't', 'n', 'r', 'f' -> problem = ": the properties format reads " + (secret(key) ? "a backslash and a letter"
                        : "\\" + next) + " as a control character" + FIX;
                default -> problem = ": the properties format drops a single backslash" + FIX;
            }
            // one line per entry: the first backslash, or one that makes the file unreadable
            if (problem != null && problems.isEmpty()) {
                problems.add(problem);
            } else if (problem != null && problem.startsWith(UNICODE) && !problems.get(0).startsWith(UNICODE)) {
                problems.set(0, problem);
            }
            i++;
        }
    }

    /** Whitespace then '#' or '!' in a value: a comment the format keeps as part of the value. */
    private static void comment(String value, String key, List<String> problems) {
        if (secret(key)) {
            return;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c == '#' || c == '!') && Character.isWhitespace(value.charAt(i - 1))) {
                problems.add(": '" + value.substring(i).strip() + "' is part of the value, not a comment: put the comment"
                        + " on its own line");
                return;
            }
        }
    }

    private static boolean endsInBackslash(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    /** The key of a properties line: up to the first unescaped '=', ':' or blank. */
    private static String key(String line) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                key.append(line.charAt(++i));
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    /** Where the value of a properties line starts: after the key, blanks, one '=' or ':' and blanks. */
    private static int valueStart(String line) {
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                i += 2;
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            } else {
                i++;
            }
        }
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        if (i < line.length() && (line.charAt(i) == '=' || line.charAt(i) == ':')) {
            i++;
        }
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }
}
