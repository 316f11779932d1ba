package io.logship.ship;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OldestFirstWindowTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private GenericFileEndpoint<?> endpoint;
    private final Set<Path> waiting = new HashSet<>();
    private boolean held;
    private final OldestFirstWindow.Gate gate = new OldestFirstWindow.Gate() {
        @Override
        public boolean shippingHeld() {
            return held;
        }

        @Override
        public boolean mayTry(Path file) {
            return !waiting.contains(file);
        }
    };

    @BeforeEach
    void endpoint() {
        endpoint = camel.getEndpoint("file:" + dir + "?antInclude=*.log&antExclude=*.skip.log", GenericFileEndpoint.class);
    }

    @AfterEach
    void stop() throws IOException {
        camel.close();
    }

    @Test
    void aLookTakesOnlyTheOldestFilesWhateverTheirOrderInTheFolder() throws IOException {
        // names in the opposite order of their age, so the listing's order is no help
        for (int i = 0; i < 20; i++) {
            log("f" + (char) ('a' + i) + ".log", T0 + (20 - i) * 1000L);
        }
        assertEquals(List.of("ft.log", "fs.log", "fr.log", "fq.log", "fp.log"), accepted(window(5)));
    }

    @Test
    void filesOfTheSameTimeAreTakenByNameSoTheWindowStaysItsSize() throws IOException {
        for (int i = 0; i < 12; i++) {
            log(String.format("same-%02d.log", i), T0);
        }
        assertEquals(List.of("same-00.log", "same-01.log", "same-02.log", "same-03.log"), accepted(window(4)));
    }

    @Test
    void filesTheConsumerWouldSkipTakeNoPlaceSoTheyHoldNothingBack() throws IOException {
        log("a-oldest.skip.log", T0);            // excluded
        log("b-older.txt", T0 + 1);              // not included
        log(".c-hidden.log", T0 + 2);            // hidden
        Path failed = log("d-failed.log", T0 + 3); // waits for its next try
        Path inFlight = log("e-in-flight.log", T0 + 4);
        log("f.log", T0 + 5);
        log("g.log", T0 + 6);
        log("h.log", T0 + 7);
        waiting.add(failed);
        endpoint.getInProgressRepository().add(inFlight.toString());

        OldestFirstWindow window = window(2);
        window.begin(null, endpoint);
        assertTrue(window.accept(file(dir.resolve("f.log"))));
        assertTrue(window.accept(file(dir.resolve("g.log"))));
        assertFalse(window.accept(file(dir.resolve("h.log"))));
        assertFalse(window.accept(file(failed)), "a failed file waits for its try");
    }

    /**
     * The race DisposalIT met under load: the attempt that has the file ends while the filter looks. It
     * puts the file behind the gate (its delete failed), then Camel takes it out of progress. A filter
     * that asked the gate first let it through, and Camel, which asks about progress after the filter,
     * found it no longer in progress and shipped it again.
     */
    @Test
    void aFileWhoseAttemptEndsWhileTheFilterLooksIsNotTakenAgain() throws IOException {
        Path file = log("a.log", T0);
        endpoint.getInProgressRepository().add(file.toString());
        OldestFirstWindow.Gate endingMeanwhile = new OldestFirstWindow.Gate() {
            @Override
            public boolean shippingHeld() {
                return false;
            }

            @Override
            public boolean mayTry(Path asked) {
                boolean answer = !waiting.contains(asked);
                waiting.add(asked);
                endpoint.getInProgressRepository().remove(asked.toString());
                return answer;
            }
        };
        OldestFirstWindow window = new OldestFirstWindow(dir, 5, endingMeanwhile);
        window.begin(null, endpoint);
        assertFalse(window.accept(file(file)), "in progress when the filter looked");
        // ended by now in any case
        waiting.add(file);
        endpoint.getInProgressRepository().remove(file.toString());
        assertFalse(window.accept(file(file)), "the next look finds it behind the gate");
    }

    @Test
    void withFewerFilesThanTheWindowEveryFileIsTaken() throws IOException {
        for (int i = 0; i < 3; i++) {
            log("x" + i + ".log", T0 + i);
        }
        assertEquals(List.of("x0.log", "x1.log", "x2.log"), accepted(window(5)));
        assertEquals(List.of("x0.log", "x1.log", "x2.log"), accepted(window(0)), "no window in done-file mode");
    }

    @Test
    void nothingIsTakenWhileShippingIsHeld() throws IOException {
        log("a.log", T0);
        held = true;
        assertEquals(List.of(), accepted(window(5)));
    }

    @Test
    void aFileInUseAndAYoungEmptyFileTakeNoPlaceAndAreNotTaken() throws IOException {
        long now = System.currentTimeMillis();
        Path open = log("a-open.log", T0);
        Path empty = Files.write(dir.resolve("b-empty.log"), new byte[0]);
        Files.setLastModifiedTime(empty, FileTime.fromMillis(now - 60_000));
        Path oldEmpty = Files.write(dir.resolve("c-old-empty.log"), new byte[0]);
        Files.setLastModifiedTime(oldEmpty, FileTime.fromMillis(now - 3_600_000));
        log("d.log", now - 1000);
        log("e.log", now);
        // d.log changed a second ago: the read lock holds it back, so it is not asked about
        InUseCheck writers = folder -> file -> {
            String name = file.getFileName().toString();
            assertFalse(name.equals("d.log") || name.equals("e.log"), name + " is still changing");
            return name.equals("a-open.log");
        };
        OldestFirstWindow window = new OldestFirstWindow(dir, 2, gate, writers, 600, 30);
        assertEquals(List.of("c-old-empty.log", "d.log"), accepted(window));
        assertFalse(window.accept(file(open)));
        window.begin(null, endpoint);
        assertEquals(1, window.filesInUse(), "the last look found one file in use");
    }

    private OldestFirstWindow window(int size) {
        return new OldestFirstWindow(dir, size, gate);
    }

    /** What the consumer's look would take, after the window's walk, in the folder's listing order sorted by name. */
    private List<String> accepted(OldestFirstWindow window) throws IOException {
        window.begin(null, endpoint);
        List<String> taken = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                if (window.accept(file(p))) {
                    taken.add(p.getFileName().toString());
                }
            }
        }
        return taken.stream().sorted((x, y) -> {
            try {
                int byTime = Files.getLastModifiedTime(dir.resolve(x)).compareTo(Files.getLastModifiedTime(dir.resolve(y)));
                return byTime != 0 ? byTime : x.compareTo(y);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private Path log(String name, long modifiedMillis) throws IOException {
        Path p = Files.writeString(dir.resolve(name), name);
        Files.setLastModifiedTime(p, FileTime.fromMillis(modifiedMillis));
        return p;
    }

    /** The consumer's view of a listed file. */
    private static GenericFile<File> file(Path p) throws IOException {
        GenericFile<File> f = new GenericFile<>();
        f.setAbsoluteFilePath(p.toString());
        f.setFileNameOnly(p.getFileName().toString());
        f.setLastModified(Files.getLastModifiedTime(p).toMillis());
        f.setFileLength(Files.size(p));
        return f;
    }
}
