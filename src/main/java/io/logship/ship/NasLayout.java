package io.logship.ship;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.util.InetAddressUtil;

/** Where files and temporary files go inside the share. */
public final class NasLayout {

    /** The folder under {@code logship.nas.dir} that holds uploads in progress, one sub-folder per host and route. */
    public static final String TEMP_FOLDER = ".logship-tmp";

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

    public static String child(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
