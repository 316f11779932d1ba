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
        // regions in which logship's 1 MiB SMB buffers are not humongous (HeapRegions)
        assertTrue(unit.contains("\nExecStart=/usr/bin/java -Xmx256m -XX:G1HeapRegionSize=4m "), unit);
    }

    @Test
    void theVerifierWouldNoticeAMistake() throws Exception {
        Path bad = tmp.resolve("logship.service");
        Files.writeString(bad, Files.readString(UNIT).replace("NoNewPrivileges=yes", "NoNewPriviledges=yes"));
        assertTrue(verify(bad).contains("Unknown key 'NoNewPriviledges'"));
    }

    @Test
    void theWinswDefinitionIsWellFormedAndRunsTheJar() throws Exception {
        Document xml = winsw();
        assertEquals("logship", text(xml, "id"));
        assertTrue(text(xml, "arguments").contains("-jar \"%BASE%\\logship.jar\" run"));
        assertEquals(3, xml.getElementsByTagName("onfailure").getLength());
    }

    @Test
    void theWinswDefinitionRunsAnExplicitJavaWithTheFlagsTheServiceNeeds() throws Exception {
        Document xml = winsw();
        // not whatever java.exe the service account's PATH finds first
        assertEquals("%JAVA_HOME%\\bin\\java.exe", text(xml, "executable"));
        String args = text(xml, "arguments");
        for (String flag : new String[] {"-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8",
                "-Dsun.nio.fs.ensureAccurateMetadata=true", "-XX:+ExitOnOutOfMemoryError", "-XX:G1HeapRegionSize=4m",
                // WinSW restarts on every exit code but 0: a configuration error must stay stopped
                "-Dlogship.service.configErrorExitCode=0"}) {
            assertTrue(args.contains(flag + " "), flag);
        }
        assertEquals("%BASE%\\logs", text(xml, "logpath"));
        assertEquals("roll-by-size", ((org.w3c.dom.Element) xml.getElementsByTagName("log").item(0)).getAttribute("mode"));
        assertTrue(Integer.parseInt(text(xml, "keepFiles")) > 0);
    }

    @Test
    void theInstallScriptSetsTheAccountTheAclsAndTheJavaItChecked() throws Exception {
        String ps = Files.readString(Path.of("config/windows/install-logship.ps1"));
        for (String line : new String[] {"NT SERVICE\\logship", "/inheritance:r", "obj= ", "failureflag",
                "<executable>", "java.specification.version"}) {
            assertTrue(ps.contains(line), line);
        }
    }

    private static Document winsw() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("config/windows/logship-service.xml").toFile());
    }

    private static String text(Document xml, String tag) {
        return xml.getElementsByTagName(tag).item(0).getTextContent().strip();
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
