package io.logship.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A NAS copy that does not match never gets the final name, and the local file stays. */
class VerificationIT extends ShipITSupport {

    /** How many attempts in a row find their copy damaged before verification. */
    private static final int DAMAGED = 3;

    /** sha256 reads the copy back and hashes it; size compares its length, so it sees a copy cut short or extended. */
    @ParameterizedTest(name = "verify={0}, copy {1}")
    @CsvSource({"sha256, OVERWRITTEN", "size, TRUNCATED", "size, EXTENDED"})
    void aCopyDamagedOnTheShareBeforeVerificationKeepsTheLocalFile(String verify, UploadDamage damage) throws Exception {
        props.put("logship.verify", verify);
        byte[] content = ShipPathIT.randomBytes(200_000, 11);
        Instant modified = Instant.now().minusSeconds(120);
        Path local = source.resolve("trans-corrupt.log");
        Path day = nas.dayDir(LocalDate.ofInstant(modified, ZoneId.systemDefault()));
        // room for the damaged attempts and the good one after them, whatever the default
        props.put("logship.retry.maximumRedeliveries", Integer.toString(DAMAGED + 2));
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger corrupted = new AtomicInteger();
        List<String> leaked = new CopyOnWriteArrayList<>();

        startApp();
        // between the upload and the read-back of the first DAMAGED attempts, damage the uploaded temporary copy
        // on the server's disk. Asked once per attempt, when its upload is done: the attempts before it are
        // over, so what they left is seen here
        damageUploadsBeforeVerify(damage, () -> {
            int attempt = attempts.incrementAndGet();
            if (attempt > 1 && Files.exists(day.resolve("trans-corrupt.log"))) {
                leaked.add("a damaged copy under the final name before attempt " + attempt);
            }
            if (attempt > 1 && !Files.exists(local)) {
                leaked.add("the local file gone before attempt " + attempt);
            }
            return attempt <= DAMAGED;
        }, corrupted);
        // written once the observer is in place: its first attempt is one of the damaged ones
        writeLog(local.getFileName().toString(), content, modified);

        // the attempt after the damaged ones ships the file whole
        awaitGone(local);
        assertEquals(List.of(), leaked, "a damaged copy passed verify=" + verify);
        assertEquals(DAMAGED + 1, attempts.get(), "each damaged copy failed verification and was tried again");
        assertEquals(DAMAGED, corrupted.get(), "one copy damaged in each of the first " + DAMAGED + " attempts");
        assertArrayEquals(content, Files.readAllBytes(day.resolve("trans-corrupt.log")));
        nas.sha256sumCheck(day.resolve("trans-corrupt.log"));
        assertEquals(List.of(), nas.tempFiles());
    }
}
