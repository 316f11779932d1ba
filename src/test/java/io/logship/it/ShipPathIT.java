package io.logship.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.logship.ship.NasLayout;
import org.apache.camel.util.InetAddressUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files reach the real Samba share whole, under their own names, with sidecars sha256sum accepts. */
class ShipPathIT extends ShipITSupport {

    @Test
    void shipsSeveralFilesIncludingEmptySpacesAndNonAsciiNames() throws Exception {
        Map<String, byte[]> logs = new LinkedHashMap<>();
        logs.put("trans-0001.log", "2026-11-24T10:00:00 TXN-1 ACC-9 120.00 POSTED\n".getBytes(StandardCharsets.UTF_8));
        logs.put("empty.log", new byte[0]);
        logs.put("with spaces in name.log", "a b c\n".getBytes(StandardCharsets.UTF_8));
        logs.put("Überweisung-ñ-日本.log", "non-ascii\n".getBytes(StandardCharsets.UTF_8));
        logs.put("trans.log.1", randomBytes(300_000, 1));
        List<Path> locals = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : logs.entrySet()) {
            locals.add(writeLog(e.getKey(), e.getValue()));
        }
        Path day = nas.dayDirOf(locals.get(0));
        // the empty log, written 120 s ago, is past this age (SourceInUseIT tests a younger one)
        props.put("logship.source.emptyFileMinAgeSeconds", "60");

        startApp();
        locals.forEach(this::awaitGone);

        for (Map.Entry<String, byte[]> e : logs.entrySet()) {
            Path remote = day.resolve(e.getKey());
            assertArrayEquals(e.getValue(), Files.readAllBytes(remote), e.getKey());
            assertEquals(NasShare.sha256(e.getValue()) + "  " + e.getKey() + "\n",
                    Files.readString(day.resolve(e.getKey() + ".sha256"), StandardCharsets.UTF_8));
            assertTrue(nas.sha256sumCheck(remote).contains(": OK"));
        }
        // the default layout: <logship.nas.dir>/<host>/<yyyy>/<MM>/<dd>/<original name>
        assertTrue(nas.base().relativize(day).startsWith(InetAddressUtil.getLocalHostNameSafe()));
        String listing = nas.smbclientLs(day);
        for (String name : logs.keySet()) {
            assertTrue(listing.contains(name), "smbclient lists " + name + ": " + listing);
        }
        assertEquals(List.of(), nas.tempFiles());
        assertEquals(2 * logs.size(), nas.allFiles().size(), nas.allFiles().toString());
    }

    @Test
    void shipsA100MegabyteFileWhole() throws Exception {
        Path big = source.resolve(".staging-big");
        Random random = new Random(7);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < 100; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        String expected = NasShare.sha256(big);
        Files.setLastModifiedTime(big, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(120)));
        Path local = Files.move(big, source.resolve("big-100MB.log"));
        Path day = nas.dayDirOf(local);

        startApp();
        awaitGone(local);

        Path remote = day.resolve("big-100MB.log");
        assertEquals(100L << 20, Files.size(remote));
        assertEquals(expected, NasShare.sha256(remote));
        nas.sha256sumCheck(remote);
        assertEquals(List.of(), nas.tempFiles());
    }

    /**
     * A file many times the request size goes in many writes, four on the wire at once, and must
     * arrive byte for byte in order; with verify=size too, which does not read it back.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sha256", "size"})
    void aFileOfManyRequestsArrivesWholeWithSeveralWritesInFlight(String verify) throws Exception {
        props.put("logship.nas.bufferSize", "65536");
        props.put("logship.nas.writesInFlight", "4");
        props.put("logship.verify", verify);
        // 80 requests and an odd tail; random, so a reordered or repeated request shows
        byte[] content = randomBytes(80 * 65536 + 4321, 7);
        Path local = writeLog("big.log", content);
        Path day = nas.dayDirOf(local);
        startApp();
        awaitGone(local);
        assertArrayEquals(content, Files.readAllBytes(day.resolve("big.log")));
        assertTrue(nas.sha256sumCheck(day.resolve("big.log")).contains(": OK"));
        assertEquals(List.of(), nas.tempFiles());
    }

    /** Files are handed to the shipping threads oldest first; with several at once they may finish in another order. */
    @Test
    void takesOldestFirst() throws Exception {
        Instant t0 = Instant.now().minusSeconds(3600);
        List<String> expectedOrder = List.of("c.log", "a.log", "e.log", "b.log", "d.log");
        for (int i = expectedOrder.size() - 1; i >= 0; i--) {
            writeLog(expectedOrder.get(i), ("log " + i).getBytes(StandardCharsets.UTF_8), t0.plusSeconds(60L * i));
        }
        List<String> taken = java.util.Collections.synchronizedList(new ArrayList<>());
        startApp(a -> a.weaveById("hand-off").before().process(e -> taken.add(e.getIn().getHeader("CamelFileName", String.class))));

        await().atMost(SHIP_TIMEOUT).until(() -> taken.size() == expectedOrder.size());
        assertEquals(expectedOrder, taken);
        await().atMost(SHIP_TIMEOUT).until(() -> nas.allFiles().size() == 2 * expectedOrder.size());
    }

    @Test
    void sizeVerificationShipsAndArchiveModeKeepsTheLocalCopyAside() throws Exception {
        Path archive = source.resolveSibling(source.getFileName() + "-archive");
        props.put("logship.verify", "size");
        props.put("logship.source.afterShip", "archive");
        props.put("logship.archive.dir", archive.toString());
        byte[] content = randomBytes(70_000, 3);
        Path local = writeLog("trans-archive.log", content);
        Path day = nas.dayDirOf(local);

        startApp();
        awaitGone(local);

        assertArrayEquals(content, Files.readAllBytes(day.resolve("trans-archive.log")));
        nas.sha256sumCheck(day.resolve("trans-archive.log"));
        List<Path> archived;
        try (var s = Files.walk(archive)) {
            archived = s.filter(Files::isRegularFile).toList();
        }
        assertEquals(1, archived.size(), archived.toString());
        assertTrue(archived.get(0).getFileName().toString().startsWith("trans-archive.log."));
        assertArrayEquals(content, Files.readAllBytes(archived.get(0)));

        // the audit ledger answers where it went
        app.close();
        app = null;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        props.forEach(System::setProperty);
        try {
            assertEquals(0, io.logship.LogshipMain.execute(new java.io.PrintStream(out, true), System.err, "audit", "trans-archive.log"));
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
        String line = out.toString().strip();
        assertTrue(line.contains(" " + local + " -> //127.0.0.1:" + samba.port() + "/logs/" + nas.nasDir() + "/"), line);
        assertTrue(line.endsWith("trans-archive.log (70000 bytes, sha256 " + NasShare.sha256(content)
                + ", verified by size, shipped, attempt 1, " + line.substring(line.lastIndexOf(", ") + 2)), line);
    }

    @Test
    void sweepsTemporaryFilesLeftByAnEarlierCrash() throws Exception {
        Path orphanDir = nas.base().resolve(".logship-tmp").resolve(InetAddressUtil.getLocalHostNameSafe()).resolve("ship-logs");
        Files.createDirectories(orphanDir);
        Path orphan = Files.writeString(orphanDir.resolve("trans.log.1.0badc0de.part"), "half an upload");
        Path local = writeLog("after-crash.log", "x\n".getBytes(StandardCharsets.UTF_8));

        startApp();
        awaitGone(local);

        assertFalse(Files.exists(orphan));
        assertEquals(List.of(), nas.tempFiles());
    }

    /**
     * logship does not look for its folders before each file (the create and the rename answer whether
     * they exist): a day folder and the temporary folder removed on the NAS between two files are made
     * again by the next file, which ships whole with its sidecar; nothing waits or is quarantined.
     */
    @Test
    void aDayFolderRemovedOnTheNasBetweenTwoFilesIsMadeAgain() throws Exception {
        Path first = writeLog("trans-before.log", "2026-12-06 TXN-1 POSTED\n".getBytes(StandardCharsets.UTF_8));
        Path day = nas.dayDirOf(first);
        startApp();
        awaitGone(first);
        assertTrue(Files.exists(day.resolve("trans-before.log")));

        // an operator moves the day's folder away, and the temporary uploads' folder with it
        deleteTree(day);
        deleteTree(nas.base().resolve(NasLayout.TEMP_FOLDER));
        byte[] content = randomBytes(70_000, 5);
        Path second = writeLog("trans-after.log", content);
        awaitGone(second);

        assertArrayEquals(content, Files.readAllBytes(day.resolve("trans-after.log")));
        assertTrue(nas.sha256sumCheck(day.resolve("trans-after.log")).contains(": OK"));
        assertEquals(List.of(), nas.tempFiles());
        try (var q = Files.list(quarantine)) {
            assertEquals(List.of(), q.toList());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

}
