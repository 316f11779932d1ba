package io.logship.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A writer that touches a file after its NAS copy was verified, before the local copy is disposed
 * of: the local file is kept and what it then holds is shipped too; no byte is lost.
 */
class SourceChangeIT extends ShipITSupport {

    private static final String NAME = "trans.log";
    private static final String SHIPPED = "2026-03-14T11:59:58 TXN-1 POSTED\n";

    @Test
    void bytesAppendedAfterPublishAreKeptAndShippedUnderADistinctName() throws Exception {
        String late = SHIPPED + "2026-03-14T11:59:59 TXN-2 POSTED\n";
        shipWhileChangingAfterPublish(local -> Files.writeString(local, late.substring(SHIPPED.length()),
                StandardOpenOption.APPEND), late);
    }

    @Test
    void aNewFileRenamedOntoTheNameAfterPublishIsKeptAndShipped() throws Exception {
        String rotatedIn = "2026-03-14T12:00:00 TXN-3 POSTED\n";
        shipWhileChangingAfterPublish(local -> {
            Path staged = Files.writeString(source.resolve(".staging").resolve("next"), rotatedIn);
            Files.move(staged, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }, rotatedIn);
    }

    @Test
    void aFileTruncatedAndRewrittenToTheSameLengthAfterPublishIsKeptAndShipped() throws Exception {
        String rewritten = SHIPPED.replace("TXN-1", "TXN-9");
        shipWhileChangingAfterPublish(local -> Files.writeString(local, rewritten,
                StandardOpenOption.TRUNCATE_EXISTING), rewritten);
    }

    private interface Change {
        void apply(Path local) throws IOException;
    }

    /** Ships NAME; right after its first publish applies {@code change}; then expects both contents on the NAS. */
    private void shipWhileChangingAfterPublish(Change change, String changed) throws Exception {
        Path local = source.resolve(NAME);
        AtomicBoolean once = new AtomicBoolean();
        startApp(a -> a.weaveById("ship").after().process(e -> {
            if (once.compareAndSet(false, true)) {
                change.apply(local);
            }
        }));
        // only now, so that its first ship meets the change
        writeLog(NAME, SHIPPED.getBytes(StandardCharsets.UTF_8));
        Path day = nas.dayDir(java.time.LocalDate.now());
        awaitGone(local);

        String distinct = NAME + "~" + NasShare.sha256(changed.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        assertEquals(Map.of(NAME, SHIPPED, distinct, changed), contents(day), "what the NAS holds");
        nas.sha256sumCheck(day.resolve(distinct));
        try (Stream<Path> q = Files.list(quarantine)) {
            assertEquals(0, q.count(), "nothing quarantined");
        }
    }

    private static Map<String, String> contents(Path day) throws IOException {
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> s = Files.list(day)) {
            for (Path p : s.filter(p -> !p.toString().endsWith(".sha256")).toList()) {
                found.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return found;
    }
}
