package io.logship.ship;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.logship.core.PeriodicService;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the archive folder ({@code logship.source.afterShip=archive}) within its limits: archived
 * copies older than {@code logship.archive.maxAgeDays}, then the oldest beyond
 * {@code logship.archive.maxBytes}, are deleted. Every file in it was verified on the NAS before it
 * was moved there, so nothing is lost that the NAS does not hold.
 */
public class ArchivePruner extends PeriodicService {

    private static final Logger LOG = LoggerFactory.getLogger(ArchivePruner.class);

    /** What one pass found and did. */
    public record Pass(long files, long bytes, long deletedFiles, long deletedBytes) {
    }

    private final Path dir;
    private final long maxBytes;
    private final Duration maxAge;
    private final int intervalSeconds;
    private volatile Pass last = new Pass(0, 0, 0, 0);

    public ArchivePruner(CamelContext context, Path dir, long maxBytes, int maxAgeDays, int intervalSeconds) {
        super(context);
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.maxAge = Duration.ofDays(maxAgeDays);
        this.intervalSeconds = intervalSeconds;
    }

    public Pass last() {
        return last;
    }

    private record Archived(Path path, long size, long modified) {
    }

    /** One pass: deletes what is over the age limit, then the oldest files until under the size limit. */
    public Pass prune(long nowMillis) throws IOException {
        if (!Files.isDirectory(dir)) {
            return last = new Pass(0, 0, 0, 0);
        }
        List<Archived> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        files.add(new Archived(p, a.size(), a.lastModifiedTime().toMillis()));
                    }
                } catch (IOException e) {
                    // vanished meanwhile
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        files.sort(Comparator.comparingLong(Archived::modified));
        long total = files.stream().mapToLong(Archived::size).sum();
        long oldestKept = nowMillis - maxAge.toMillis();
        long deletedFiles = 0;
        long deletedBytes = 0;
        for (Archived f : files) {
            if (f.modified() >= oldestKept && total <= maxBytes) {
                break;
            }
            Files.deleteIfExists(f.path());
            total -= f.size();
            deletedFiles++;
            deletedBytes += f.size();
        }
        if (deletedFiles > 0) {
            removeEmptyFolders();
            LOG.info("Archive {}: deleted {} shipped copies ({} bytes) over logship.archive.maxAgeDays={} or"
                    + " logship.archive.maxBytes={}; {} files, {} bytes remain", dir, deletedFiles, deletedBytes,
                    maxAge.toDays(), maxBytes, files.size() - deletedFiles, total);
        }
        return last = new Pass(files.size() - deletedFiles, total, deletedFiles, deletedBytes);
    }

    private void removeEmptyFolders() throws IOException {
        List<Path> folders;
        try (Stream<Path> walk = Files.walk(dir)) {
            folders = walk.filter(Files::isDirectory).filter(p -> !p.equals(dir))
                    .sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
        }
        for (Path folder : folders) {
            try (Stream<Path> entries = Files.list(folder)) {
                if (entries.findAny().isEmpty()) {
                    Files.deleteIfExists(folder);
                }
            } catch (IOException e) {
                // a file arrived meanwhile, or the folder went: either way it stays as it is
            }
        }
    }

    @Override
    protected void doStart() {
        every("archive-pruner", 0, intervalSeconds, () -> {
            try {
                prune(System.currentTimeMillis());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Archive {} could not be pruned: {}", dir, e.toString());
            }
        });
    }
}
