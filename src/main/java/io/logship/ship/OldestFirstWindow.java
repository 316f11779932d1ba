package io.logship.ship;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.AntFilter;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file consumer's filter and poll strategy: each look at the source folder takes only the
 * {@code logship.source.maxFilesPerPoll} oldest files that may ship now.
 *
 * <p>Camel's file consumer makes an exchange for every file it accepts before it sorts them and keeps
 * the first {@code maxMessagesPerPoll}; with 10 000 files waiting that is 10 000 exchanges a look. So
 * before each look ({@link #begin}) this walks the folder once, keeping only the oldest
 * {@code maxFilesPerPoll} names (by modification time, then name) in a bounded heap, and the filter
 * then accepts nothing newer than the last of them. Memory stays the same whatever the backlog; the
 * order is still the consumer's {@code sortBy}. Files the consumer would skip anyway (hidden, not
 * matched by include/exclude, already in progress, waiting for their next try) do not take a place.
 *
 * <p>The filter also holds every file back while shipping is paused and a failed file until its next
 * try ({@link Gate}), an empty file until it is {@code logship.source.emptyFileMinAgeSeconds} old, and
 * a file another process holds open for writing ({@link InUseCheck}); none of them takes a place.
 * In done-file mode there is no window: which files have their done file
 * is the consumer's own business, and a window of files without one would hold back those that have.
 */
public final class OldestFirstWindow extends DefaultPollingConsumerPollStrategy implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(OldestFirstWindow.class);

    /** A file's place in the order: modification time, then name. */
    record Place(long modified, String name) implements Comparable<Place> {
        private static final Comparator<Place> ORDER =
                Comparator.comparingLong(Place::modified).thenComparing(Place::name);

        @Override
        public int compareTo(Place other) {
            return ORDER.compare(this, other);
        }
    }

    /** Which files may go now: {@link io.logship.failure.ShipFailures}. */
    public interface Gate {
        /** True while no file may go (shipping paused after a NAS failure, or stopped). */
        boolean shippingHeld();

        /** False while this file waits for its next try after a failure of its own. */
        boolean mayTry(Path file);
    }

    private final Path dir;
    private final int size;
    private final Gate failures;
    private final InUseCheck inUseCheck;
    private final long emptyMinAgeMillis;
    private final long stableMillis;
    /** The newest place a file may have to be taken in this look; null when every file may. */
    private volatile Place last;
    /** This look's answers of the in-use check, and the names it found in use. */
    private volatile Predicate<Path> inUse = file -> false;
    private volatile Set<String> foundInUse = ConcurrentHashMap.newKeySet();
    private volatile int inUseLastLook;
    /** The consumer's endpoint, known from the first look: its in-progress files are refused first. */
    private volatile GenericFileEndpoint<?> endpoint;

    /** @param size the window, {@code logship.source.maxFilesPerPoll}; 0 for no window (done-file mode) */
    public OldestFirstWindow(Path dir, int size, Gate failures) {
        this(dir, size, failures, InUseCheck.OFF, 0, 0);
    }

    /**
     * @param emptyMinAgeSeconds {@code logship.source.emptyFileMinAgeSeconds}; 0 takes an empty file like any other
     * @param stableSeconds {@code logship.source.stableSeconds}: only files unchanged this long are asked about
     */
    public OldestFirstWindow(Path dir, int size, Gate failures, InUseCheck inUseCheck, int emptyMinAgeSeconds,
            int stableSeconds) {
        this.dir = dir.toAbsolutePath();
        this.size = size;
        this.failures = failures;
        this.inUseCheck = inUseCheck;
        this.emptyMinAgeMillis = emptyMinAgeSeconds * 1000L;
        this.stableMillis = stableSeconds * 1000L;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        if (endpoint instanceof GenericFileEndpoint<?> files) {
            this.endpoint = files;
        }
        if (!failures.shippingHeld()) {
            inUseLastLook = foundInUse.size();
            foundInUse = ConcurrentHashMap.newKeySet();
            inUse = inUseCheck.look(dir);
            if (size > 0) {
                last = endpoint instanceof GenericFileEndpoint<?> files ? lastPlace(files) : null;
            }
        }
        return true;
    }

    /** Files the last complete look left because another process held them open for writing. */
    public int filesInUse() {
        return inUseLastLook;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        // In progress first, the gate after. An attempt that ends puts its file behind the gate (a failed
        // try, a failed delete or archive move) before Camel takes it out of progress, so asked in this
        // order a file whose attempt ends meanwhile is found in one or the other. Camel asks about
        // progress only after this filter: a file could pass the gate just before its attempt ended and
        // be out of progress just after, and it was taken again (DisposalIT, under load).
        GenericFileEndpoint<?> files = endpoint;
        if (files != null && files.getInProgressRepository().contains(file.getAbsoluteFilePath())) {
            return false;
        }
        if (failures.shippingHeld() || !failures.mayTry(Path.of(file.getAbsoluteFilePath()))) {
            return false;
        }
        Place limit = last;
        if (limit != null && new Place(file.getLastModified(), file.getFileNameOnly()).compareTo(limit) > 0) {
            return false;
        }
        return !waitsEmpty(file.getFileLength(), file.getLastModified()) && !heldOpen(Path.of(file.getAbsoluteFilePath()), file.getLastModified());
    }

    /**
     * An empty file may be a log just rotated in whose writer has not written yet; the mtime alone
     * cannot tell it from a finished empty one, so it waits for the longer age.
     */
    private boolean waitsEmpty(long length, long modified) {
        return length == 0 && System.currentTimeMillis() - modified < emptyMinAgeMillis;
    }

    /**
     * A file still changing is held back by the read lock anyway: it is not asked about, so a writer
     * at work never meets the Windows probe and a busy active log alone never costs a /proc scan.
     */
    private boolean heldOpen(Path file, long modified) {
        boolean held = System.currentTimeMillis() - modified >= stableMillis && inUse.test(file);
        if (held) {
            foundInUse.add(file.getFileName().toString());
        }
        return held;
    }

    /** The place of the size-th oldest file that may ship now; null when fewer wait. */
    private Place lastPlace(GenericFileEndpoint<?> endpoint) {
        AntFilter ant = endpoint.getAntFilter();
        PriorityQueue<Place> oldest = new PriorityQueue<>(size + 1, Comparator.reverseOrder());
        long candidates = 0;
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
            for (Path p : listing) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || name.indexOf('\\') >= 0 || (ant != null && !ant.accept(false, name))
                        || endpoint.getInProgressRepository().contains(p.toString()) || !failures.mayTry(p)) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue; // shipped meanwhile
                }
                if (!a.isRegularFile() || waitsEmpty(a.size(), a.lastModifiedTime().toMillis())) {
                    continue;
                }
                Place place = new Place(a.lastModifiedTime().toMillis(), name);
                // asked only of a file that would take a place: a newer one is beyond the window anyway
                boolean takesPlace = oldest.size() < size || place.compareTo(oldest.peek()) < 0;
                if (takesPlace && heldOpen(p, place.modified())) {
                    continue;
                }
                candidates++;
                if (oldest.size() < size) {
                    oldest.add(place);
                } else if (place.compareTo(oldest.peek()) < 0) {
                    oldest.poll();
                    oldest.add(place);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the consumer's own look reports an unreadable folder; this look goes without a window
            LOG.debug("Cannot list {} ahead of a look: {}", dir, e.toString());
            return null;
        }
        return candidates > size ? oldest.peek() : null;
    }
}
