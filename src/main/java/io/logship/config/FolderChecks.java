package io.logship.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The file-system checks of the configuration: folders that must exist or be writable, and folders
 * that must not be one another's (the archive pruner deletes everything under the archive).
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
        if (mustExist && !Files.isDirectory(p)) {
            r.problems.add(key + "=" + v + " is not an existing directory (" + p + "): create it or correct the key");
        } else if (Files.exists(p) && !Files.isDirectory(p)) {
            r.problems.add(key + "=" + v + " is a file, not a directory (" + p + ")");
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
            Path probe = Files.createTempFile(p, ".logship-probe", ".tmp");
            Files.delete(probe);
        } catch (java.io.IOException | RuntimeException e) {
            r.problems.add(key + "=" + p + " is not a writable directory (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "): create it and give logship's user write access");
        }
        return p;
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

    // a symbolic link must not hide that two keys name one folder
    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    static void sameFolder(Set<String> problems, String a, String b, String key, Path x, Path y) {
        if (x != null && y != null && x.toAbsolutePath().normalize().equals(y.toAbsolutePath().normalize())) {
            problems.add("targets " + a + " and " + b + " both use logship." + key + "=" + x + ": give each target"
                    + " its own folder (logship.target." + b + "." + key + ")");
        }
    }
}
