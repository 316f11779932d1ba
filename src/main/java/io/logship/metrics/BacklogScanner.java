package io.logship.metrics;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.logship.core.PeriodicService;
import io.logship.failure.Quarantine;
import org.apache.camel.CamelContext;
import org.apache.camel.util.AntPathMatcher;
import org.apache.camel.util.FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what waits in the source folder and the quarantine, in the background every
 * {@code logship.backlog.scanSeconds}: a scrape or a health check reads the last result and never
 * walks a folder that may hold 100 000 files.
 */
public class BacklogScanner extends PeriodicService {

    private static final Logger LOG = LoggerFactory.getLogger(BacklogScanner.class);
    private static final AntPathMatcher ANT = AntPathMatcher.INSTANCE;
    /** As the file consumer matches names (antFilterCaseSensitive): Windows' file names ignore case. */
    private static final boolean CASE_SENSITIVE = !FileUtil.isWindows();

    /** One scan's result; {@code oldestModifiedMillis} is 0 when nothing waits. */
    public record Snapshot(long files, long bytes, long oldestModifiedMillis, long quarantined, long scanMillis) {
    }

    private final Path sourceDir;
    private final List<String> includes;
    private final List<String> excludes;
    private final Quarantine quarantine;
    private final int intervalSeconds;
    private volatile Snapshot last = new Snapshot(0, 0, 0, 0, 0);
    private final java.util.Set<String> warnedNames = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public BacklogScanner(CamelContext context, Path sourceDir, List<String> includes, List<String> excludes,
            Quarantine quarantine, int intervalSeconds) {
        super(context);
        this.sourceDir = sourceDir;
        this.includes = includes;
        this.excludes = excludes;
        this.quarantine = quarantine;
        this.intervalSeconds = intervalSeconds;
    }

    public Snapshot snapshot() {
        return last;
    }

    /** Scans now and keeps the result. */
    public Snapshot scan() {
        long start = System.nanoTime();
        long files = 0;
        long bytes = 0;
        long oldest = Long.MAX_VALUE;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(sourceDir)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.indexOf('\\') >= 0 && warnedNames.add(name)) {
                    // Camel's file consumer reads '\' as a folder separator on Linux and never takes such a file
                    LOG.warn("{} has a '\\' in its name: logship cannot ship it (SMB would read it as a folder"
                            + " separator). Rename it; until then it stays where it is", p);
                }
                if (name.startsWith(".") || !waits(name)) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue; // shipped or moved meanwhile
                }
                if (a.isRegularFile()) {
                    files++;
                    bytes += a.size();
                    oldest = Math.min(oldest, a.lastModifiedTime().toMillis());
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", sourceDir, e.getMessage());
        }
        long quarantined;
        try {
            quarantined = quarantine.files().size();
        } catch (IOException e) {
            quarantined = last.quarantined();
        }
        last = new Snapshot(files, bytes, files == 0 ? 0 : oldest, quarantined,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return last;
    }

    public Path sourceDir() {
        return sourceDir;
    }

    public List<String> includes() {
        return includes;
    }

    /**
     * When the source folder holds files and not one of them is included or excluded: a pattern that
     * matches nothing (a regular expression where Ant patterns are meant, {@code .*.log}), under which
     * nothing would ever ship and the backlog, counted with the same patterns, would show nothing either.
     * Their names, sorted; none when any file is included or excluded, or the folder is empty.
     */
    public List<String> noneMatched() {
        List<String> names = new java.util.ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(sourceDir)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(p)) {
                    continue;
                }
                if (excluded(name, excludes) || included(name, includes)) {
                    return List.of();
                }
                names.add(name);
            }
        } catch (IOException e) {
            return List.of();
        }
        java.util.Collections.sort(names);
        return names;
    }

    private boolean waits(String name) {
        return !excluded(name, excludes) && included(name, includes);
    }

    private static boolean excluded(String name, List<String> excludes) {
        for (String ex : excludes) {
            if (ANT.match(ex, name, CASE_SENSITIVE)) {
                return true;
            }
        }
        return false;
    }

    private static boolean included(String name, List<String> includes) {
        for (String in : includes) {
            if (ANT.match(in, name, CASE_SENSITIVE)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void doStart() {
        scan();
        every("backlog-scan", intervalSeconds, intervalSeconds, this::scanQuietly);
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.warn("Backlog scan failed: {}", e.toString());
        }
    }
}
