package io.logship.ops;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
                "-Dsun.nio.fs.ensureAccurateMetadata=true", "-XX:+ExitOnOutOfMemoryError",
                // WinSW restarts on every exit code but 0: a configuration error must stay stopped
                "-Dlogship.service.configErrorExitCode=0"}) {
            assertTrue(args.contains(flag + " "), flag);
        }
        assertEquals("%BASE%\\logs", text(xml, "logpath"));
        assertEquals("roll-by-size", ((org.w3c.dom.Element) xml.getElementsByTagName("log").item(0)).getAttribute("mode"));
        assertTrue(Integer.parseInt(text(xml, "keepFiles")) > 0);
    }

    @Test
    void theJvmsOfBothDefinitionsHaveRegionsThatHoldTheDefaultBuffer() throws Exception {
        // G1 allocates an array of half a region or more as humongous (io.logship.HeapRegions): the
        // default 1 MiB SMB buffer needs 4 MiB regions, which -Xmx256m alone would not give
        Matcher systemd = Pattern.compile("\nExecStart=/usr/bin/java (.*?) -jar ").matcher(Files.readString(UNIT));
        assertTrue(systemd.find());
        String windows = text(winsw(), "arguments");
        for (String flags : List.of(systemd.group(1), windows.substring(0, windows.indexOf(" -jar ")))) {
            assertEquals(4 * 1024 * 1024, regionOf(flags), flags);
        }
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

    /** G1HeapRegionSize of a JVM started with these flags, as it reports it. */
    private static long regionOf(String flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(Arrays.asList(flags.split(" ")));
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        String out = run(command);
        Matcher region = Pattern.compile("G1HeapRegionSize\\s+= (\\d+)").matcher(out);
        assertTrue(region.find(), out);
        return Long.parseLong(region.group(1));
    }

    /** Runs systemd-analyze verify; returns everything it printed (nothing when the unit is clean). */
    private static String verify(Path unit) throws Exception {
        return run(List.of("systemd-analyze", "verify", unit.toAbsolutePath().toString())).strip();
    }

    /** Runs a command to its end (within 60 s), which must succeed; returns everything it printed. */
    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
