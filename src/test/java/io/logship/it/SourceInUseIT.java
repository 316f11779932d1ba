package io.logship.it;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.logship.audit.AuditLedger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A log that is quiet but not finished must stay where it is: an empty file just rotated in, and a
 * log its writer still holds open. Neither is named to logship.
 */
class SourceInUseIT extends ShipITSupport {

    /** Long enough to see a file held back for a while after stableSeconds has passed. */
    private static final Duration HELD = Duration.ofSeconds(3);

    @Test
    void anEmptyFileIsTakenOnlyOnceOlderThanTheEmptyFileAge() throws Exception {
        props.put("logship.source.emptyFileMinAgeSeconds", "12");
        Path first = writeLog("trans-0.log", "first\n".getBytes(StandardCharsets.UTF_8));
        startApp();
        // timed from a running app: start-up under load takes longer than the age
        awaitGone(first);
        Instant emptySince = Instant.now().minusSeconds(2);
        Path empty = writeLog("trans-new.log", new byte[0], emptySince);
        Path complete = writeLog("trans-old.log", "complete\n".getBytes(StandardCharsets.UTF_8));
        awaitGone(complete);
        awaitGone(empty);
        // timed by the ledger, not by this thread: an attempt that shipped it began (its line's time less its
        // duration) once the file was 12 s old; a broken age check ships it with trans-old.log, ~10 s early.
        // (Each line: a retry under load may add an already_shipped one.)
        List<AuditLedger.Entry> lines = new AuditLedger(work.resolve("ledger"), 400).find("trans-new.log");
        assertFalse(lines.isEmpty(), "no ledger line");
        for (AuditLedger.Entry line : lines) {
            Instant attemptStart = Instant.parse(line.time()).minusMillis(line.durationMs());
            System.out.printf("empty file: attempt began %d ms after it was 12 s old%n",
                    Duration.between(emptySince.plusSeconds(12), attemptStart).toMillis());
            // less the millisecond the file's modified time and the duration may each be rounded by
            assertFalse(attemptStart.isBefore(emptySince.plusSeconds(12).minusMillis(2)),
                    "its attempt began at " + attemptStart + ", empty since " + emptySince + ": " + line);
        }
        assertArrayEquals(new byte[0], nas.read("trans-new.log"));
    }

    @Test
    void aQuietLogHeldOpenForWritingWaitsUntilItsWriterClosesIt() throws Exception {
        Path open = source.resolve("trans-current.log");
        byte[] first = "posted 1\n".getBytes(StandardCharsets.UTF_8);
        byte[] last = "posted 2\n".getBytes(StandardCharsets.UTF_8);
        try (FileChannel writer = FileChannel.open(open, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            writer.write(ByteBuffer.wrap(first));
            // quiet for far longer than stableSeconds, as a log between two transactions
            Files.setLastModifiedTime(open, FileTime.from(Instant.now().minusSeconds(120)));
            Path rotated = writeLog("trans-rotated.log", "rotated\n".getBytes(StandardCharsets.UTF_8));
            startApp();
            awaitGone(rotated);
            await().during(HELD).atMost(HELD.plus(SHIP_TIMEOUT)).until(() -> Files.exists(open));
            await().atMost(SHIP_TIMEOUT).until(() -> filesInUse() == 1.0);
            writer.write(ByteBuffer.wrap(last));
        }
        awaitGone(open);
        assertArrayEquals("posted 1\nposted 2\n".getBytes(StandardCharsets.UTF_8), nas.read("trans-current.log"));
        await().atMost(SHIP_TIMEOUT).until(() -> filesInUse() == 0.0);
    }

    private double filesInUse() {
        MeterRegistry meters = app.context().getRegistry().findSingleByType(MeterRegistry.class);
        Gauge gauge = meters.find("logship.source.files.in.use").tag("target", "main").gauge();
        return gauge == null ? -1 : gauge.value();
    }
}
