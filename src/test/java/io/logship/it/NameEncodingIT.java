package io.logship.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.logship.audit.AuditLedger;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names Windows and SMB refuse, against the real Samba: with logship.nas.nameEncoding=map they ship under
 * look-alikes, whole, with sidecars that keep the original name; off, the NAS's refusal is not retried
 * and the file stays where it is.
 */
class NameEncodingIT extends ShipITSupport {

    private static final LocalDate DAY = LocalDate.of(2026, 3, 14);
    private static final Instant MODIFIED = LocalDateTime.of(2026, 3, 14, 12, 0).atZone(ZoneId.systemDefault()).toInstant();

    /** Each local name and the name it must have on the NAS (docs/configuration.md's table). */
    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("trans-2026-12-06T12:30:00.log", "trans-2026-12-06T12：30：00.log");
        NAMES.put("what*.log", "what＊.log");
        NAMES.put("why?.log", "why？.log");
        NAMES.put("say \"hi\".log", "say ＂hi＂.log");
        NAMES.put("a<b>.log", "a＜b＞.log");
        NAMES.put("p|1.log", "p｜1.log");
        NAMES.put("tab\there.log", "tab␉here.log");
        NAMES.put("trailing.", "trailing．");
        NAMES.put("trailing ", "trailing␠");
        NAMES.put("CON", "COＮ");
        NAMES.put("nul.log", "nuｌ.log");
    }

    @Test
    void namesSmbRefusesShipUnderLookAlikesWithTheirOriginalNamesKept() throws Exception {
        startApp();
        Path day = nas.dayDir(DAY);
        for (Map.Entry<String, String> n : NAMES.entrySet()) {
            awaitGone(writeLog(n.getKey(), content(n.getKey()), MODIFIED));
        }
        AuditLedger ledger = new AuditLedger(work.resolve("ledger"), 400);
        for (Map.Entry<String, String> n : NAMES.entrySet()) {
            Path shipped = day.resolve(n.getValue());
            assertTrue(Files.isRegularFile(shipped), n.getValue() + " on the NAS: " + nas.allFiles());
            assertEquals(new String(content(n.getKey()), StandardCharsets.UTF_8), Files.readString(shipped));
            nas.sha256sumCheck(shipped);
            String sidecar = Files.readString(day.resolve(n.getValue() + ".sha256"));
            assertTrue(sidecar.endsWith("\n# logship: original name " + n.getKey().replace("\t", "\\x09") + "\n"), sidecar);
            // audit finds it by either name, and the entry holds both
            List<AuditLedger.Entry> byOriginal = ledger.find(n.getKey());
            assertEquals(1, byOriginal.size(), n.getKey());
            assertEquals(byOriginal, ledger.find(n.getValue()));
            assertTrue(byOriginal.get(0).source().endsWith("/" + n.getKey()) && byOriginal.get(0).nas().endsWith("/" + n.getValue()),
                    byOriginal.toString());
        }

        // the same name again with other content: the collision rules of any name, under the mapped one
        byte[] other = "why, again\n".getBytes(StandardCharsets.UTF_8);
        awaitGone(writeLog("why?.log", other, MODIFIED));
        String distinct = "why？.log~" + NasShare.sha256(other).substring(0, 12);
        assertEquals("why, again\n", Files.readString(day.resolve(distinct)));
        nas.sha256sumCheck(day.resolve(distinct));
        assertEquals(new String(content("why?.log"), StandardCharsets.UTF_8), Files.readString(day.resolve("why？.log")));
        // a local name that is already the look-alike, same content: already shipped, no third copy
        awaitGone(writeLog("why？.log", other, MODIFIED));
        assertEquals(List.of("why？.log", "why？.log.sha256", distinct, distinct + ".sha256"),
                nas.allFiles().stream().map(f -> Path.of(f).getFileName().toString()).filter(f -> f.startsWith("why")).sorted().toList());
        assertEquals(List.of("shipped", "shipped_under_distinct_name"),
                ledger.find("why?.log").stream().map(AuditLedger.Entry::outcome).toList());
        assertEquals(List.of("shipped_under_distinct_name", "already_shipped"),
                ledger.find(distinct).stream().map(AuditLedger.Entry::outcome).toList());
        assertEquals(List.of(), nas.tempFiles());
    }

    @Test
    void offSendsNamesAsTheyAreAndARefusedNameStaysInPlaceUntried() throws Exception {
        props.put("logship.nas.nameEncoding", "off");
        try (LogCapture log = LogCapture.attach()) {
            startApp();
            Path refused = writeLog("why?.log", content("why?.log"), MODIFIED);
            await().atMost(SHIP_TIMEOUT).until(() -> log.lines().stream().anyMatch(l -> l.startsWith("WARN Not shipped " + refused)));
            // a file after it ships; by then the refused one has had many looks, and no second try
            awaitGone(writeLog("trans.log", content("trans.log"), MODIFIED));
            List<String> about = log.lines().stream().filter(l -> l.contains(refused.toString())).toList();
            assertEquals(1, about.size(), about.toString());
            assertTrue(about.get(0).startsWith("WARN Not shipped " + refused + " (name_rejected): NAS //127.0.0.1:"), about.get(0));
            assertTrue(about.get(0).contains("STATUS_OBJECT_NAME_INVALID"), about.get(0));
            assertTrue(about.get(0).endsWith("It stays in " + source + " and is not tried again while it has this name;"
                    + " logship.nas.nameEncoding=map would ship it as why？.log"), about.get(0));
            assertTrue(Files.exists(refused), "left in place");
            assertEquals(List.of(), quarantineContents(), "not quarantined: replay could not cure it");
            assertEquals(List.of("trans.log", "trans.log.sha256"),
                    nas.allFiles().stream().filter(f -> !f.startsWith(".logship-tmp/")).map(f -> Path.of(f).getFileName().toString()).toList());
        }
    }

    private static byte[] content(String name) {
        return ("2026-03-14T11:59:59 TXN " + name + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
