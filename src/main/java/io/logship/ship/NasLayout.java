package io.logship.ship;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.util.InetAddressUtil;

/** Where files and temporary files go inside the share. */
public final class NasLayout {

    /** The folder under {@code logship.nas.dir} that holds uploads in progress, one sub-folder per host and route. */
    public static final String TEMP_FOLDER = ".logship-tmp";

    private static final Pattern DATE_FUNCTION = Pattern.compile("\\$\\{date:([^:}]+):");

    private final String baseDir;
    private final String hostName;

    public NasLayout(String baseDir) {
        this(baseDir, InetAddressUtil.getLocalHostNameSafe());
    }

    NasLayout(String baseDir, String hostName) {
        this.baseDir = baseDir;
        this.hostName = hostName == null || hostName.isBlank() ? "localhost" : hostName;
    }

    /** The target folder: {@code logship.nas.dir} joined with the evaluated layout. */
    public String targetDir(String layout) {
        return join(baseDir, layout);
    }

    /** Temporary uploads of one route on this host; nothing else writes there, so it can be swept at start. */
    public String tempDir(String routeId) {
        return join(baseDir, TEMP_FOLDER + "/" + hostName + "/" + routeId);
    }

    /**
     * Joins folder names with '/', dropping empty and "." segments. A ".." segment is refused: a
     * layout must never climb out of {@code logship.nas.dir}.
     */
    public static String join(String... parts) {
        List<String> segments = new ArrayList<>();
        for (String part : parts) {
            if (part == null) {
                continue;
            }
            for (String s : part.replace('\\', '/').split("/")) {
                if (s.isEmpty() || s.equals(".")) {
                    continue;
                }
                if (s.equals("..")) {
                    throw new IllegalArgumentException("A NAS path may not contain '..': " + String.join("/", parts));
                }
                segments.add(s);
            }
        }
        return String.join("/", segments);
    }

    /**
     * {@code expression} with every {@code ${date:COMMAND:PATTERN}} formatted in {@code zone}, as Camel's
     * {@code ${date-with-timezone:COMMAND:ZONE:PATTERN}}; Camel formats {@code ${date:...}} in the JVM's
     * zone. Functions that already name a zone are left as they are.
     */
    public static String inZone(String expression, ZoneId zone) {
        String replacement = Matcher.quoteReplacement("${date-with-timezone:") + "$1:"
                + Matcher.quoteReplacement(timeZoneId(zone)) + ":";
        return DATE_FUNCTION.matcher(expression).replaceAll(replacement);
    }

    /** The zone as {@link java.util.TimeZone}, which Camel uses, reads it, without ':' (Camel splits on it). */
    public static String timeZoneId(ZoneId zone) {
        if (zone.normalized() instanceof ZoneOffset offset) {
            return offset.getTotalSeconds() == 0 ? "UTC" : "GMT" + offset.getId().replace(":", "");
        }
        return zone.getId();
    }

    public static String child(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
