package io.logship.ops;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service definitions operators install: systemd's own verifier finds nothing to say. */
class ServiceDefinitionsTest {

    private static final Path UNIT = Path.of("config/systemd/logship.service");

    @TempDir
    Path tmp;

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnitWithoutAWord() throws Exception {
        assertEquals("", verify(UNIT));
        String unit = Files.readString(UNIT);
        for (String line : new String[] {"User=logship", "Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "PrivateTmp=yes", "ReadWritePaths=", "EnvironmentFile=/etc/logship/logship.env", "RestartPreventExitStatus=2"}) {
            assertTrue(unit.contains("\n" + line), line);
        }
    }

    @Test
    void theVerifierWouldNoticeAMistake() throws Exception {
        Path bad = tmp.resolve("logship.service");
        Files.writeString(bad, Files.readString(UNIT).replace("NoNewPrivileges=yes", "NoNewPriviledges=yes"));
        assertTrue(verify(bad).contains("Unknown key 'NoNewPriviledges'"));
    }

    @Test
    void theWinswDefinitionIsWellFormedAndRunsTheJar() throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("config/windows/logship-service.xml").toFile());
        assertEquals("logship", xml.getElementsByTagName("id").item(0).getTextContent());
        assertTrue(xml.getElementsByTagName("arguments").item(0).getTextContent().contains("-jar \"%BASE%\\logship.jar\" run"));
        assertEquals(3, xml.getElementsByTagName("onfailure").getLength());
    }

    /** Runs systemd-analyze verify; returns everything it printed (nothing when the unit is clean). */
    private static String verify(Path unit) throws Exception {
        Process p = new ProcessBuilder("systemd-analyze", "verify", unit.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.strip();
    }
}
