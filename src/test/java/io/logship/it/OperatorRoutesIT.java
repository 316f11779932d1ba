package io.logship.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.logship.audit.AuditLedger;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator does in routes/ship-logs.camel.yaml, run on an edited copy of the real route files:
 * another name on the NAS, a log line after the ship, a second destination share.
 */
class OperatorRoutesIT extends ShipITSupport {

    /** The last line of the route's to: nas: step, after which an operator adds steps. */
    private static final String AFTER_SHIP = "                domain: \"{{logship.target.{{target}}.nas.domain}}\"\n";
    private static final String FILE_NAME = "fileName: \"{{logship.target.{{target}}.nas.layout}}/${file:onlyname}\"";

    @Test
    void aCustomFileNameAndALogLineAfterTheShipStep() throws Exception {
        editShipRoute(yaml -> yaml.replace(FILE_NAME, "fileName: \"by-name/${file:onlyname.noext}.txt\"")
                .replace(AFTER_SHIP, AFTER_SHIP + steps("""
                          - log:
                              message: "operator: ${header.CamelFileNameProduced} ${header.LogshipOutcome} ${header.LogshipSha256}"
                          """)));
        byte[] content = "TXN-1 posted\n".getBytes(StandardCharsets.UTF_8);
        Path local = writeLog("trans-7.log", content);
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            awaitGone(local);
            Path shipped = nas.base().resolve("by-name/trans-7.txt");
            assertArrayEquals(content, Files.readAllBytes(shipped));
            assertTrue(nas.sha256sumCheck(shipped).contains("trans-7.txt: OK"));
            String path = nas.nasDir() + "/by-name/trans-7.txt";
            await().atMost(SHIP_TIMEOUT).until(() -> !log.matching("operator: " + path + " shipped " + NasShare.sha256(content)).isEmpty());
        }
        assertEquals(List.of(), nas.tempFiles(), "no temporary copy left");
    }

    @Test
    void aSecondNasStepShipsToASecondShareBeforeTheLocalFileGoes() throws Exception {
        NasShare copy = new NasShare(samba, SambaFixture.ENCRYPTED_SHARE, nas.nasDir());
        editShipRoute(yaml -> yaml.replace(AFTER_SHIP, AFTER_SHIP + secondNasStep(SambaFixture.ENCRYPTED_SHARE, "copies/${file:onlyname}")));
        byte[] content = ShipPathIT.randomBytes(300_000, 5);
        Path local = writeLog("trans-8.log", content);
        Path day = nas.dayDirOf(local);
        startApp();
        awaitGone(local);
        assertArrayEquals(content, Files.readAllBytes(day.resolve("trans-8.log")));
        nas.sha256sumCheck(day.resolve("trans-8.log"));
        Path second = copy.base().resolve("copies/trans-8.log");
        assertArrayEquals(content, Files.readAllBytes(second));
        nas.sha256sumCheck(second);
        // one ledger line per destination that published the file there; a retry of the route under load (a
        // NAS timeout in the second step) adds already_shipped lines, and one that timed out between its rename
        // and its line leaves only already_shipped for that destination
        List<AuditLedger.Entry> ledger = new AuditLedger(work.resolve("ledger"), 400).find("trans-8.log");
        for (String share : List.of(SambaFixture.SHARE, SambaFixture.ENCRYPTED_SHARE)) {
            List<String> outcomes = ledger.stream().filter(e -> e.nas().contains("/" + share + "/")).map(AuditLedger.Entry::outcome).toList();
            assertFalse(outcomes.isEmpty(), "no ledger line for " + share + ": " + ledger);
            assertTrue(outcomes.stream().allMatch(o -> o.equals("shipped") || o.equals("already_shipped")), share + ": " + ledger);
            assertTrue(outcomes.stream().filter(o -> o.equals("shipped")).count() <= 1, "published twice to " + share + ": " + ledger);
        }
        assertEquals(ledger.size(), ledger.stream().filter(e -> e.nas().contains("/" + SambaFixture.SHARE + "/")
                || e.nas().contains("/" + SambaFixture.ENCRYPTED_SHARE + "/")).count(), "lines of other destinations: " + ledger);
        assertEquals(List.of(), copy.tempFiles(), "no temporary copy left on the second share");
    }

    @Test
    void aSecondDestinationThatRefusesTheFileKeepsItFromBeingDeleted() throws Exception {
        // the read-only share refuses every upload while the target's own share takes files: a refusal of
        // this file's path, so it is retried and then quarantined, never deleted unshipped
        editShipRoute(yaml -> yaml.replace(AFTER_SHIP, AFTER_SHIP + secondNasStep(SambaFixture.READ_ONLY_SHARE, null)));
        byte[] content = "TXN-9\n".getBytes(StandardCharsets.UTF_8);
        Path local = writeLog("trans-9.log", content);
        Path day = nas.dayDirOf(local);
        startApp();
        Path record = quarantine.resolve("trans-9.log.error.json");
        await().atMost(SHIP_TIMEOUT).until(() -> Files.exists(record));
        assertTrue(Files.readString(record).contains("/" + SambaFixture.READ_ONLY_SHARE), Files.readString(record));
        assertArrayEquals(content, Files.readAllBytes(quarantine.resolve("trans-9.log")), "the file is kept in the quarantine");
        // the first destination has it, once, however often the second was tried
        assertArrayEquals(content, Files.readAllBytes(day.resolve("trans-9.log")));
        assertEquals(List.of("trans-9.log", "trans-9.log.sha256"),
                nas.allFiles().stream().map(f -> Path.of(f).getFileName().toString()).sorted().toList());
    }

    /** Steps as an operator adds them: at the indentation of the route's steps. */
    private static String steps(String yaml) {
        return yaml.indent(10);
    }

    /** Copies routes/ into the test's folder with ship-logs.camel.yaml edited, and runs on the copy. */
    private void editShipRoute(java.util.function.UnaryOperator<String> edit) throws IOException {
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> s = Files.list(Path.of("routes"))) {
            for (Path p : s.toList()) {
                Files.copy(p, routes.resolve(p.getFileName()));
            }
        }
        Path ship = routes.resolve("ship-logs.camel.yaml");
        String before = Files.readString(ship);
        String after = edit.apply(before);
        assertFalse(before.equals(after), "the edit must change the route");
        Files.writeString(ship, after);
        props.put("camel.main.routesIncludePattern", "file:" + routes + "/*.camel.yaml");
    }

    /** An operator's second destination: a to: nas: step to {@code share}, as the same user, optionally with a fileName. */
    private static String secondNasStep(String share, String fileName) {
        return steps("""
                          - to:
                              id: ship-copy
                              uri: "nas:{{logship.nas.host}}:{{logship.nas.port}}/%s"
                              parameters:
                                path: "{{logship.nas.dir}}"
                                username: "{{logship.nas.username}}"
                                password: "RAW({{logship.nas.password}})"
                          """.formatted(share) + (fileName == null ? ""
                : "      fileName: \"" + fileName + "\"\n"));
    }
}
