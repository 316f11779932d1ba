package io.logship.ops;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import io.logship.cli.AotCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service definitions operators install: systemd's own verifier finds nothing to say; the WinSW
 * definition and its install script (no Windows and no Pester here) are checked as text: SIDs in every
 * grant, every native command's exit code, the pinned wrapper, the docs' commands.
 */
class ServiceDefinitionsTest {

    private static final Path UNIT = Path.of("config/systemd/logship.service");
    private static final Path WINSW = Path.of("config/windows/logship-service.xml");
    private static final Path SCRIPT = Path.of("config/windows/install-logship.ps1");
    private static final Path OPERATIONS = Path.of("docs/operations.md");
    /** JDK 17 as docs/operations.md runs it: Debian's, the one on the PATH of these machines. */
    private static final String JAVA_17 = "/usr/bin/java";

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
        // not whatever java.exe the service account's PATH finds first, nor a %JAVA_HOME% the service may not see
        assertTrue(text(xml, "executable").matches("[A-Z]:\\\\[^%]*\\\\bin\\\\java\\.exe"), text(xml, "executable"));
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
    void theWindowsServiceStopsWithinTheRebootWindow() throws Exception {
        Document xml = winsw();
        // Windows ends services 5 s after it told them of a shutdown, and WinSW 2.x cannot ask for more:
        // Ctrl+C to java itself, at most 3 s for the file in flight, then a clean stop
        Matcher drain = Pattern.compile("-Dcamel\\.main\\.shutdownTimeout=(\\d+) ").matcher(text(xml, "arguments"));
        assertTrue(drain.find(), text(xml, "arguments"));
        int seconds = Integer.parseInt(drain.group(1));
        assertTrue(seconds <= 3, seconds + " s");
        assertEquals("true", text(xml, "stopparentprocessfirst"));
        Matcher kill = Pattern.compile("(\\d+) sec").matcher(text(xml, "stoptimeout"));
        assertTrue(kill.matches() && Integer.parseInt(kill.group(1)) > seconds + 5, text(xml, "stoptimeout"));
        assertTrue(Files.readString(OPERATIONS).contains("`camel.main.shutdownTimeout`\n= " + seconds + " there"));
    }

    @Test
    void theServiceRunsAsTheAccountLogshipTrustsWithThePasswordFile() throws Exception {
        Document xml = winsw();
        String account = text(xml, "domain") + "\\" + text(xml, "user");
        assertEquals("NT SERVICE\\logship", account);
        java.util.Properties properties = new java.util.Properties();
        try (var in = Files.newBufferedReader(Path.of("config/application.properties"))) {
            properties.load(in);
        }
        assertEquals(account, properties.getProperty("logship.service.account"));
        assertTrue(script().contains("[string] $Account = \"" + account + "\""));
    }

    @Test
    void theJvmsOfBothDefinitionsHaveRegionsThatHoldTheDefaultBuffer() throws Exception {
        // G1 allocates an array of half a region or more as humongous (io.logship.HeapRegions): the
        // default 1 MiB SMB buffer needs 4 MiB regions, which -Xmx256m alone would not give
        for (String flags : List.of(unitJvmOptions(), windowsJvmOptions())) {
            assertEquals(4 * 1024 * 1024, regionOf(unitJava(), flags), flags);
        }
        // and the JDK 17 line of docs/operations.md
        assertEquals(4 * 1024 * 1024, regionOf(JAVA_17, jdk17JvmOptions()));
    }

    @Test
    void bothDefinitionsStartJava25WithTheAotCacheBesideTheJarAndNoneOfItsLines() throws Exception {
        assertTrue(run(List.of(unitJava(), "-version")).contains("version \"25"), unitJava());
        assertTrue(Files.readString(UNIT).contains(" -XX:AOTCache=/opt/logship/" + AotCache.FILE_NAME
                + " -Xlog:aot*=off -jar /opt/logship/logship.jar run\n"));
        assertTrue(text(winsw(), "arguments").endsWith(" -XX:AOTCache=\"%BASE%\\" + AotCache.FILE_NAME
                + "\" -Xlog:aot*=off -jar \"%BASE%\\logship.jar\" run"));
        // no cache at that path here: Java 25 starts without one, and says nothing (logship's summary does)
        for (String flags : List.of(unitJvmOptions(), windowsJvmOptions())) {
            List<String> command = new ArrayList<>(List.of(unitJava()));
            command.addAll(Arrays.asList(flags.split(" ")));
            command.add("-version");
            String out = run(command);
            assertFalse(out.toLowerCase(java.util.Locale.ROOT).contains("aot") || out.contains("WARNING"), out);
        }
    }

    @Test
    void onAJdk17TheScriptInstallsTheDefinitionWithoutTheJava25Options() throws Exception {
        String ps = script();
        Matcher list = Pattern.compile("\n\\$Java25Options = @\\(([^)]*)\\)\n").matcher(ps);
        assertTrue(list.find());
        List<String> java25Only = Pattern.compile("\"([^\"]+)\"").matcher(list.group(1)).results().map(r -> r.group(1)).toList();
        // the script drops them from <arguments> for a JDK before 25, after writing the JDK it checked
        int executable = ps.indexOf("SelectSingleNode(\"/service/executable\").InnerText = $Java");
        int strip = ps.indexOf("if ($JavaFeature -lt 25) {");
        assertTrue(executable > 0 && strip > executable, executable + " " + strip);
        assertTrue(ps.indexOf("$Java25Options | Where-Object { $option.StartsWith($_) }", strip) > strip);
        List<String> all = Arrays.asList(windowsJvmOptions().split(" "));
        List<String> kept = all.stream().filter(o -> java25Only.stream().noneMatch(o::startsWith)).toList();
        // a JDK 17 refuses the definition's options as they are, and starts with what the script keeps
        assertFalse(exitsZero(JAVA_17, all), "JDK 17 accepted " + all);
        assertTrue(exitsZero(JAVA_17, kept), "JDK 17 refused " + kept);
        // the systemd unit's options less the same ones are the JDK 17 line of docs/operations.md
        assertEquals(Arrays.stream(unitJvmOptions().split(" ")).filter(o -> java25Only.stream().noneMatch(o::startsWith))
                .toList(), Arrays.asList(jdk17JvmOptions().split(" ")));
        assertTrue(exitsZero(JAVA_17, Arrays.asList(jdk17JvmOptions().split(" "))));
    }

    /** The java of the systemd unit's ExecStart. */
    private static String unitJava() throws Exception {
        Matcher m = Pattern.compile("\nExecStart=(\\S+) ").matcher(Files.readString(UNIT));
        assertTrue(m.find());
        return m.group(1);
    }

    /** The JVM options of the systemd unit's ExecStart (before -jar). */
    private static String unitJvmOptions() throws Exception {
        Matcher m = Pattern.compile("\nExecStart=\\S+ (.*?) -jar ").matcher(Files.readString(UNIT));
        assertTrue(m.find());
        return m.group(1);
    }

    private static String windowsJvmOptions() throws Exception {
        String windows = text(winsw(), "arguments");
        return windows.substring(0, windows.indexOf(" -jar "));
    }

    /** The JVM options of the JDK 17 ExecStart line in docs/operations.md. */
    private static String jdk17JvmOptions() throws Exception {
        Matcher m = Pattern.compile("\nExecStart=/usr/bin/java (.*?) -jar /opt/logship/logship.jar run\n")
                .matcher(Files.readString(OPERATIONS));
        assertTrue(m.find(), "the JDK 17 line in docs/operations.md");
        return m.group(1);
    }

    /** Whether {@code java} starts (-version) with these options. */
    private static boolean exitsZero(String java, List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(options);
        command.add("-version");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue() == 0;
    }

    @Test
    void theInstallScriptNeedsAnAdministratorAndStopsWhenANativeCommandFails() throws Exception {
        String ps = script();
        assertTrue(ps.startsWith("#Requires -Version 5.1\n#Requires -RunAsAdministrator\n"), ps.substring(0, 60));
        assertTrue(ps.contains("\n$ErrorActionPreference = \"Stop\"\n"));
        // Windows PowerShell 5.1 reads a script without a byte-order mark in the ANSI code page
        assertTrue(ps.chars().allMatch(c -> c < 128), "ASCII only");
        // Windows PowerShell 5.1's $ErrorActionPreference does not cover native commands: each one runs
        // through Invoke-Native, which checks $LASTEXITCODE right after the only call operator in the script
        List<String> code = code(ps);
        List<String> calls = code.stream().filter(l -> l.replaceAll("\"[^\"]*\"", "\"\"").contains("& ")).toList();
        assertEquals(List.of("$output = & $Exe @Arguments 2>&1 | ForEach-Object { \"$_\" }"), calls);
        assertTrue(code.get(code.indexOf(calls.get(0)) + 1).startsWith("if ($LASTEXITCODE -ne 0) {"));
        int nativeCommands = 0;
        for (String line : code.stream().map(l -> l.replaceAll("\"[^\"]*\"", "\"\"")).toList()) {
            Matcher m = Pattern.compile("(?<![\\w.-])(icacls|sc\\.exe|\\$Winsw|\\$Java)\\s+@\\(|(?<![\\w.-])(icacls|sc\\.exe)\\s").matcher(line);
            while (m.find()) {
                nativeCommands++;
                assertTrue(line.substring(0, m.start()).endsWith("Invoke-Native "), "not through Invoke-Native: " + line);
            }
        }
        assertTrue(nativeCommands >= 10, nativeCommands + " native commands");
        for (String exe : List.of("icacls", "sc.exe", "$Winsw", "$Java")) {
            assertTrue(ps.contains("Invoke-Native " + exe + " @("), exe);
        }
    }

    @Test
    void theScriptInstallsTheJdkItCheckedAndMakesScmRestartOnEveryFailure() throws Exception {
        String ps = script();
        assertTrue(ps.contains("Invoke-Native $Java @(\"-XshowSettings:properties\", \"-version\") | Select-String \"java.specification.version"));
        assertTrue(ps.contains("-lt 17) { throw"));
        // the restart actions apply to a non-zero exit too, not only to a crash
        assertTrue(ps.contains("Invoke-Native sc.exe @(\"failureflag\", $ServiceId, \"1\")"));
        // a service installed before is stopped and removed first: install on an existing one fails (1073)
        assertTrue(ps.indexOf("\nRemove-LogshipService\n") < ps.indexOf("Copy-Item -LiteralPath (Join-Path $Base \"WinSW-x64.exe\")"));
        assertTrue(ps.indexOf("Copy-Item -LiteralPath (Join-Path $Base \"WinSW-x64.exe\")") < ps.indexOf("Invoke-Native $Winsw @(\"install\")"));
    }

    @Test
    void everyIcaclsGrantNamesItsAccountBySid() throws Exception {
        String ps = script();
        // the well-known SIDs, whatever the language of Windows names them
        for (String sid : List.of("$System = \"S-1-5-18\"", "$Administrators = \"S-1-5-32-544\"", "$Users = \"S-1-5-32-545\"",
                "$AccountSid = Get-AccountSid $Account")) {
            assertTrue(ps.contains("\n" + sid + "\n"), sid);
        }
        assertTrue(ps.contains("Invoke-Native sc.exe @(\"showsid\""), "a virtual account's SID from sc.exe showsid");
        List<String> grants = new ArrayList<>();
        for (String statement : statements(code(ps))) {
            if (statement.startsWith("Invoke-Native icacls")) {
                Matcher grant = Pattern.compile("\"([^\"]*):(\\(OI\\)\\(CI\\))?(F|M|R|RX)\"").matcher(statement);
                while (grant.find()) {
                    grants.add(grant.group(1));
                }
                assertFalse(statement.contains("/grant") && !grant.reset().find(), "a grant the check cannot read: " + statement);
            }
        }
        assertTrue(grants.size() >= 11, grants.toString());
        for (String who : grants) {
            assertTrue(who.matches("\\*\\$\\{(System|Administrators|Users|AccountSid)\\}"), "not by SID: " + who);
        }
        // no account by its English name: it does not resolve on a German server
        for (String line : code(ps)) {
            for (String english : List.of("Administrators:", "SYSTEM:", "Users:", "Everyone", "NT AUTHORITY", "BUILTIN", "Jeder")) {
                assertFalse(line.contains(english), line);
            }
        }
    }

    @Test
    void thePasswordFileIsNeverReadableByOthersAndAnUnattendedInstallAsksNothing() throws Exception {
        String ps = script();
        // created empty, its ACL set, then written
        int created = ps.indexOf("New-Item -ItemType File -Path $pwFile");
        int acl = ps.indexOf("Invoke-Native icacls @($pwFile, \"/inheritance:r\"");
        int written = ps.indexOf("[IO.File]::WriteAllText($pwFile,");
        assertTrue(created > 0 && created < acl && acl < written, created + " " + acl + " " + written);
        // Read-Host only without -NasPassword and without an existing file
        int readHost = ps.indexOf("Read-Host");
        assertTrue(ps.lastIndexOf("$newPassword = -not (Test-Path -LiteralPath $pwFile)", readHost) > 0
                && ps.lastIndexOf("if (-not $NasPassword) {", readHost) > ps.indexOf("if ($newPassword) {"), "Read-Host unguarded");
        assertEquals(readHost, ps.lastIndexOf("Read-Host"));
        // the JDK's path goes into the XML through the DOM, which escapes it
        assertTrue(ps.contains("SelectSingleNode(\"/service/executable\").InnerText = $Java"));
        assertFalse(ps.contains("-replace '<executable>"));
    }

    @Test
    void theScriptTheDefinitionAndTheDocsPinOneWinswAndItsHash() throws Exception {
        String ps = script();
        Matcher version = Pattern.compile("\n\\$WinswVersion = \"(\\d+\\.\\d+\\.\\d+)\"\n").matcher(ps);
        Matcher hash = Pattern.compile("\n\\$WinswSha256 = \"([0-9a-f]{64})\"\n").matcher(ps);
        assertTrue(version.find() && hash.find());
        assertEquals("2.12.0", version.group(1), "2.10 and later send Ctrl+C to java itself");
        assertTrue(ps.contains("(Get-FileHash -LiteralPath (Join-Path $Base \"WinSW-x64.exe\") -Algorithm SHA256).Hash"));
        assertTrue(ps.contains("if ($hash -ne $WinswSha256) {"));
        String xml = Files.readString(WINSW);
        String docs = Files.readString(OPERATIONS);
        for (String text : List.of(xml, docs)) {
            assertTrue(text.contains("WinSW v" + version.group(1)), "the version");
            assertTrue(text.contains(hash.group(1)), "the hash");
        }
    }

    @Test
    void theDocsRunTheScriptWithParametersItHas() throws Exception {
        Set<String> parameters = new HashSet<>();
        String ps = script();
        String block = ps.substring(ps.indexOf("\nparam(\n"), ps.indexOf("\n)\n", ps.indexOf("\nparam(\n")));
        Matcher p = Pattern.compile("\\[(?:string|switch|SecureString)\\] \\$(\\w+)").matcher(block);
        while (p.find()) {
            parameters.add(p.group(1));
        }
        assertEquals(Set.of("Java", "SourceDir", "Base", "Account", "PasswordFile", "NasPassword", "NoStart", "Uninstall"), parameters);
        int runs = 0;
        try (var docs = Files.list(Path.of("docs"))) {
            for (Path doc : docs.toList()) {
                for (String line : Files.readAllLines(doc)) {
                    int at = line.indexOf("install-logship.ps1 -");
                    if (at < 0) {
                        continue;
                    }
                    runs++;
                    Matcher used = Pattern.compile(" -(\\w+)").matcher(line.substring(at));
                    while (used.find()) {
                        assertTrue(parameters.contains(used.group(1)), doc + ": -" + used.group(1) + " in " + line);
                    }
                }
            }
        }
        assertTrue(runs >= 2, runs + " runs of the script in docs/");
        String operations = Files.readString(OPERATIONS);
        assertTrue(operations.contains("install-logship.ps1 -Uninstall -SourceDir"), "the uninstall runbook uses the script");
        assertTrue(operations.contains("Unblock-File"));
        assertTrue(operations.contains("-Exclude nas-password.txt"), "the backup leaves the password out");
        // every icacls line in the docs names its accounts by SID too
        Matcher icacls = Pattern.compile("icacls [^\\n]*").matcher(operations + Files.readString(Path.of("docs/security.md")));
        while (icacls.find()) {
            for (Matcher grant = Pattern.compile("\"?([^\\s\"]+):(\\(OI\\)\\(CI\\))?(F|M|R|RX)\\b").matcher(icacls.group()); grant.find();) {
                assertTrue(grant.group(1).startsWith("*S-1-"), icacls.group());
            }
        }
    }

    private static Document winsw() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(WINSW.toFile());
    }

    private static String script() throws Exception {
        return Files.readString(SCRIPT, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    /** The script's code lines, stripped: without its comment lines and its help block. */
    private static List<String> code(String ps) {
        String withoutHelp = ps.replaceAll("(?s)<#.*?#>", "");
        return withoutHelp.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** Code lines joined where a statement goes on in the next line (after a comma). */
    private static List<String> statements(List<String> code) {
        List<String> statements = new ArrayList<>();
        StringBuilder open = new StringBuilder();
        for (String line : code) {
            open.append(open.length() == 0 ? "" : " ").append(line);
            if (!line.endsWith(",")) {
                statements.add(open.toString());
                open.setLength(0);
            }
        }
        return statements;
    }

    private static String text(Document xml, String tag) {
        return xml.getElementsByTagName(tag).item(0).getTextContent().strip();
    }

    /** G1HeapRegionSize of a JVM started with these flags, as it reports it. */
    private static long regionOf(String java, String flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(java));
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
