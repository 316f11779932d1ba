package io.logship.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The date folders (NAS layout and archive) follow logship.nas.timeZone, not the JVM's zone: a
 * restart after the server's zone changed files a re-shipped log in the same folder as before.
 */
class NasTimeZoneIT extends ShipITSupport {

    private static final String NAME = "trans-midnight.log";

    @Test
    void aFileFromJustBeforeMidnightLandsInTheDayFolderOfTheConfiguredZone() throws Exception {
        // yesterday 23:30 UTC: yesterday at UTC-11, already today at UTC+14
        Instant modified = LocalDate.now(ZoneOffset.UTC).minusDays(1).atTime(23, 30).toInstant(ZoneOffset.UTC);
        LocalDate systemDay = LocalDate.ofInstant(modified, ZoneId.systemDefault());
        ZoneId zone = Stream.of("Pacific/Kiritimati", "Pacific/Pago_Pago").map(ZoneId::of)
                .filter(z -> !LocalDate.ofInstant(modified, z).equals(systemDay)).findFirst().orElseThrow();
        LocalDate zoneDay = LocalDate.ofInstant(modified, zone);
        Path archive = work.resolve("archive");
        props.put("logship.nas.timeZone", zone.getId());
        props.put("logship.source.afterShip", "archive");
        props.put("logship.archive.dir", archive.toString());
        byte[] content = "posted just before midnight\n".getBytes(StandardCharsets.UTF_8);
        Path local = writeLog(NAME, content, modified);
        Path onNas = nas.dayDirOf(local, zone).resolve(NAME);

        startApp();
        awaitGone(local);
        assertTrue(Files.exists(onNas), "expected in " + zone + "'s day " + zoneDay + " (the system's day is "
                + systemDay + "): " + nas.allFiles());
        Path archiveDay = archive.resolve(String.format("%04d/%02d/%02d", zoneDay.getYear(), zoneDay.getMonthValue(),
                zoneDay.getDayOfMonth()));
        try (Stream<Path> s = Files.walk(archive)) {
            List<Path> archived = s.filter(p -> p.getFileName().toString().startsWith(NAME + ".")).toList();
            assertEquals(1, archived.size(), archived.toString());
            assertEquals(archiveDay, archived.get(0).getParent(), archived.toString());
        }
    }
}
