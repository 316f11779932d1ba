package io.logship.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.logship.component.nas.NasProducer;
import io.logship.core.AttemptObserver;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rotated logs reuse names: a taken name is never overwritten. */
class CollisionIT extends ShipITSupport {

    // noon on a fixed day, so the target folder is known before logship runs
    private static final Instant MODIFIED = LocalDateTime.of(2026, 3, 14, 12, 0).atZone(ZoneId.systemDefault()).toInstant();

    @Test
    void identicalContentUnderTheNameCountsAsAlreadyShipped() throws Exception {
        String content = "2026-03-14T11:59:59 TXN-77 ACC-1 5.00 POSTED\n";
        Path day = Files.createDirectories(nas.dayDir(java.time.LocalDate.of(2026, 3, 14)));
        // as a crash after the rename but before the sidecar and the local delete leaves it
        Files.writeString(day.resolve("trans.log.1"), content);
        Path local = writeLog("trans.log.1", content.getBytes(StandardCharsets.UTF_8), MODIFIED);

        startApp();
        awaitGone(local);

        assertEquals(List.of("trans.log.1", "trans.log.1.sha256"),
                nas.allFiles().stream().map(f -> Path.of(f).getFileName().toString()).toList());
        assertEquals(content, Files.readString(day.resolve("trans.log.1")));
        nas.sha256sumCheck(day.resolve("trans.log.1"));
    }

    @Test
    void differentContentIsShippedUnderADistinctNameAndTheOldCopyKept() throws Exception {
        String old = "yesterday's rotation\n";
        String fresh = "today's rotation\n";
        Path day = Files.createDirectories(nas.dayDir(java.time.LocalDate.of(2026, 3, 14)));
        Files.writeString(day.resolve("trans.log.1"), old);
        Files.writeString(day.resolve("trans.log.1.sha256"), NasShare.sha256(old.getBytes(StandardCharsets.UTF_8)) + "  trans.log.1\n");
        Path local = writeLog("trans.log.1", fresh.getBytes(StandardCharsets.UTF_8), MODIFIED);

        startApp();
        awaitGone(local);

        String distinct = "trans.log.1~" + NasShare.sha256(fresh.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        assertEquals(old, Files.readString(day.resolve("trans.log.1")));
        nas.sha256sumCheck(day.resolve("trans.log.1"));
        assertEquals(fresh, Files.readString(day.resolve(distinct)));
        nas.sha256sumCheck(day.resolve(distinct));
        assertEquals(List.of(), nas.tempFiles());
    }

    @Test
    void theSameContentShippedTwiceUnderATakenNameLandsOnce() throws Exception {
        // a second ship of the same rotated content (e.g. restored from backup) finds its distinct copy
        String old = "first\n";
        String fresh = "second\n";
        Path day = Files.createDirectories(nas.dayDir(java.time.LocalDate.of(2026, 3, 14)));
        Files.writeString(day.resolve("trans.log.1"), old);
        startApp();

        Path local = writeLog("trans.log.1", fresh.getBytes(StandardCharsets.UTF_8), MODIFIED);
        awaitGone(local);
        local = writeLog("trans.log.1", fresh.getBytes(StandardCharsets.UTF_8), MODIFIED);
        awaitGone(local);

        String distinct = "trans.log.1~" + NasShare.sha256(fresh.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        // the copy found without a sidecar gets one, from its content on the NAS (below)
        assertEquals(List.of("trans.log.1", "trans.log.1.sha256", distinct, distinct + ".sha256"),
                nas.allFiles().stream().map(f -> Path.of(f).getFileName().toString()).toList());
        assertEquals(old, Files.readString(day.resolve("trans.log.1")));
    }

    @Test
    void anAttemptThatEndedBetweenItsRenameAndItsSidecarLeavesNoCopyWithoutOne() throws Exception {
        // the NAS (or logship) stops after the rename, before the sidecar; the log is rewritten before the
        // next attempt, which ships the new content under the distinct name: the earlier copy, verified
        // before its rename, gets its sidecar too (ChaosIT saw one stay without)
        byte[] first = "2026-03-14T11:59:58 TXN-80 ACC-4 1.00 POSTED\n".getBytes(StandardCharsets.UTF_8);
        byte[] second = "2026-03-14T11:59:59 TXN-81 ACC-4 2.00 POSTED\n".getBytes(StandardCharsets.UTF_8);
        Path day = nas.dayDir(java.time.LocalDate.of(2026, 3, 14));
        startApp();
        AtomicBoolean stopped = new AtomicBoolean();
        app.context().getRegistry().unbind(NasProducer.OBSERVER_BEAN);
        app.context().getRegistry().bind(NasProducer.OBSERVER_BEAN, AttemptObserver.class, new AttemptObserver() {
            @Override
            public void reached(String stage) {
                if (stage.equals("after-rename") && stopped.compareAndSet(false, true)) {
                    try {
                        // rewritten in place, as a logger that reopens its file with truncation does
                        Files.write(source.resolve("trans.log.4"), second);
                        Files.setLastModifiedTime(source.resolve("trans.log.4"), java.nio.file.attribute.FileTime.from(MODIFIED));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    throw new IllegalStateException("the attempt ends after the rename (test)");
                }
            }
        });
        Path local = writeLog("trans.log.4", first, MODIFIED);
        awaitGone(local);

        assertTrue(stopped.get(), "the first attempt did not reach its rename");
        String distinct = "trans.log.4~" + NasShare.sha256(second).substring(0, 12);
        assertEquals(List.of("trans.log.4", "trans.log.4.sha256", distinct, distinct + ".sha256"),
                nas.allFiles().stream().map(f -> Path.of(f).getFileName().toString()).toList());
        assertEquals(new String(first, StandardCharsets.UTF_8), Files.readString(day.resolve("trans.log.4")));
        nas.sha256sumCheck(day.resolve("trans.log.4"));
        assertTrue(Files.readString(day.resolve("trans.log.4.sha256")).contains("written later from the copy on the NAS"));
        nas.sha256sumCheck(day.resolve(distinct));
        assertEquals(List.of(), nas.tempFiles());
    }

    @Test
    void aShippedFileNamedLikeASidecarIsNeverReplacedByOne() throws Exception {
        // a local file that happens to carry the name of another file's sidecar ships first
        String notASidecar = "operator's notes, shipped as a log\n";
        String content = "2026-03-14T11:59:59 TXN-78 ACC-2 7.00 POSTED\n";
        Path day = nas.dayDir(java.time.LocalDate.of(2026, 3, 14));
        startApp();
        awaitGone(writeLog("trans.log.2.sha256", notASidecar.getBytes(StandardCharsets.UTF_8), MODIFIED));
        awaitGone(writeLog("trans.log.2", content.getBytes(StandardCharsets.UTF_8), MODIFIED));

        assertEquals(notASidecar, Files.readString(day.resolve("trans.log.2.sha256")));
        assertEquals(content, Files.readString(day.resolve("trans.log.2")));
        // its sidecar stands beside it under a distinct name, and names the data file
        String sidecar = "trans.log.2~" + NasShare.sha256(content.getBytes(StandardCharsets.UTF_8)).substring(0, 12) + ".sha256";
        assertEquals(NasShare.sha256(content.getBytes(StandardCharsets.UTF_8)) + "  trans.log.2\n",
                Files.readString(day.resolve(sidecar)));
        nas.sha256sumCheck(day.resolve(sidecar.substring(0, sidecar.length() - ".sha256".length())), sidecar);
        assertEquals(List.of(), nas.tempFiles());
    }

    @Test
    void aStaleSidecarOfTheSameFileIsReplaced() throws Exception {
        String content = "2026-03-14T11:59:59 TXN-79 ACC-3 9.00 POSTED\n";
        Path day = Files.createDirectories(nas.dayDir(java.time.LocalDate.of(2026, 3, 14)));
        // a sidecar logship wrote for an earlier, damaged copy that an operator removed
        Files.writeString(day.resolve("trans.log.3.sha256"), "0".repeat(64) + "  trans.log.3\n");
        Path local = writeLog("trans.log.3", content.getBytes(StandardCharsets.UTF_8), MODIFIED);
        startApp();
        awaitGone(local);
        nas.sha256sumCheck(day.resolve("trans.log.3"));
    }
}
