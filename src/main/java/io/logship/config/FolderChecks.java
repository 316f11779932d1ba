package io.logship.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The file-system checks of the configuration: folders that must exist or be writable, and folders
 * that must not be one another's (the archive pruner deletes everything under the archive; whatever
 * lands in a source folder is shipped).
 */
final class FolderChecks {

    private FolderChecks() {
    }

    /** A folder named by {@code key}, absolute; checked to exist when {@code mustExist}, never a plain file. */
    static Path directory(SettingsReader r, String key, boolean mustExist) {
        String v = r.required(key);
        if (v == null) {
            return null;
        }
        Path p = Path.of(v).toAbsolutePath().normalize();
        if (Files.exists(p) && !Files.isDirectory(p)) {
            // a value that is wrong, not a folder still to appear: a configuration error (exit 2), also for a source
            r.problems.add(key + "=" + v + " is a file, not a folder (" + p + "): name a folder");
        } else if (mustExist && !Files.isDirectory(p)) {
            r.problems.add(key + "=" + v + " is not an existing directory (" + p + "): create it or correct the key");
        }
        return p;
    }

    /**
     * The folder logship watches: it must exist, and logship's user must list it and delete in it (a
     * shipped file is deleted or moved from there), tried with a probe file as {@link #writableDirectory}
     * does; the probe's name starts with a dot, which the file consumer and the backlog scan skip.
     */
    static Path sourceDirectory(SettingsReader r, String key) {
        Path p = directory(r, key, true);
        if (p == null || !Files.isDirectory(p)) {
            return p;
        }
        List<String> cannot = new ArrayList<>();
        Exception cause = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(p)) {
            files.iterator().hasNext();
        } catch (IOException | RuntimeException e) {
            cannot.add("listed");
            cause = e;
        }
        try {
            probe(p);
        } catch (IOException | RuntimeException e) {
            cannot.add("written");
            cause = cause == null ? e : cause;
        }
        if (cause != null) {
            r.problems.add(key + "=" + p + " cannot be " + String.join(" or ", cannot) + " by logship's user ("
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "): give it read and write access"
                    + " to the folder");
        }
        return p;
    }

    /** A folder logship must write to: created if missing, and tried with a probe file. */
    static Path writableDirectory(SettingsReader r, String key) {
        Path p = directory(r, key, false);
        if (p == null || (Files.exists(p) && !Files.isDirectory(p))) {
            return p;
        }
        try {
            Files.createDirectories(p);
            probe(p);
        } catch (IOException | RuntimeException e) {
            r.problems.add(key + "=" + p + " is not a writable directory (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "): create it and give logship's user write access");
        }
        return p;
    }

    /** Creates and deletes a hidden file in {@code folder}: what logship's user may do there, root or not. */
    private static void probe(Path folder) throws IOException {
        Files.delete(Files.createTempFile(folder, ".logship-probe", ".tmp"));
    }

    /** The problem line of a source folder that does not exist, of any target (see {@link #directory}). */
    private static final java.util.regex.Pattern MISSING_SOURCE = java.util.regex.Pattern.compile(
            "logship\\.(target\\.[^.=]+\\.)?source\\.dir=.* is not an existing directory \\(.*\\): create it or correct the key");

    /**
     * Whether a problem line says a source folder does not exist: a folder that may appear by itself
     * (a volume mounted late at boot), unlike a value that is wrong.
     */
    static boolean missingSource(String problem) {
        return MISSING_SOURCE.matcher(problem).matches();
    }

    /** The end of the problem line when the archive holds another folder. */
    static final String PRUNED = ": the archive pruner deletes every file in it; give the archive a folder of its own";

    /** Adds {@code key=folder} to {@code held} when the archive pruner's walk of {@code archive} would reach it. */
    static void held(String key, Path folder, Path archive, List<String> held) {
        if (folder != null && archive != null && real(folder).startsWith(real(archive))) {
            held.add(key + "=" + folder);
        }
    }

    /**
     * Whether two keys name one folder: compared as real paths, so that a symbolic link, a {@code ..}, a
     * trailing slash or (on Windows) the case does not hide it. The source is not watched recursively:
     * only the folder itself counts, not one below it.
     */
    static boolean same(Path x, Path y) {
        return x != null && y != null && real(x).equals(real(y));
    }

    // a symbolic link must not hide that two keys name one folder
    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** The end of the problem line when the quarantine is a source folder. */
    static final String SHIPPED_AGAIN = ": quarantined files would be shipped again; give the quarantine its own folder";

    static void sameFolder(Set<String> problems, String a, String b, String key, Path x, Path y) {
        if (same(x, y)) {
            problems.add("targets " + a + " and " + b + " both use logship." + key + "=" + x + ": give each target"
                    + " its own folder (logship.target." + b + "." + key + ")");
        }
    }
}
