package io.logship.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /** sha256 reads the copy back and hashes it; size compares its length, so it sees a copy cut short or extended. */
    @ParameterizedTest(name = "verify={0}, copy {1}")
    @CsvSource({"sha256, OVERWRITTEN", "size, TRUNCATED", "size, EXTENDED"})
    void aCopyDamagedOnTheShareBeforeVerificationKeepsTheLocalFile(String verify, UploadDamage damage) throws Exception {
        props.put("logship.verify", verify);
        byte[] content = ShipPathIT.randomBytes(200_000, 11);
        Path local = writeLog("trans-corrupt.log", content);
        Path day = nas.dayDirOf(local);
        AtomicBoolean corrupt = new AtomicBoolean(true);
        AtomicInteger corrupted = new AtomicInteger();

        startApp();
        // between the upload and the read-back, damage the uploaded temporary copy on the server's disk
        damageUploadsBeforeVerify(damage, corrupt::get, corrupted);

        await().atMost(SHIP_TIMEOUT).until(() -> corrupted.get() >= 3 || !Files.exists(local));
        corrupt.set(false);
        int seen = corrupted.get();
        // after several failed verifications: local file untouched, nothing under the final name, no temp left
        assertTrue(Files.exists(local), "a damaged copy passed verify=" + verify);
        assertArrayEquals(content, Files.readAllBytes(local));
        assertFalse(Files.exists(day.resolve("trans-corrupt.log")));
        await().atMost(Duration.ofSeconds(10)).until(() -> nas.tempFiles().isEmpty() || Files.exists(day.resolve("trans-corrupt.log")));

        // once the share stops corrupting, the next attempt ships the file whole
        awaitGone(local);
        assertEquals(seen, corrupted.get());
        assertArrayEquals(content, Files.readAllBytes(day.resolve("trans-corrupt.log")));
        nas.sha256sumCheck(day.resolve("trans-corrupt.log"));
        assertEquals(List.of(), nas.tempFiles());
    }
}
