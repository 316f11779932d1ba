package io.logship.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogshipSettingsTest {

    @TempDir
    Path source;

    /** The problem lines of settings that must be refused. */
    private List<String> problems(Map<String, String> p) {
        return assertThrows(SettingsException.class, () -> LogshipSettings.from(p::get)).problems();
    }

    private Map<String, String> valid() {
        Map<String, String> p = new HashMap<>();
        p.put("logship.source.dir", source.toString());
        p.put("logship.source.stableSeconds", "30");
        p.put("logship.source.afterShip", "delete");
        p.put("logship.archive.dir", source.resolve("archive").toString());
        p.put("logship.archive.maxAgeDays", "30");
        p.put("logship.archive.maxBytes", "5368709120");
        p.put("logship.nas.host", "nas01");
        p.put("logship.nas.port", "445");
        p.put("logship.nas.share", "logs");
        p.put("logship.nas.dir", "/erp/logs/");
        p.put("logship.nas.username", "svc");
        p.put("logship.nas.password", "s3cret!");
        p.put("logship.nas.domain", "");
        p.put("logship.nas.bufferSize", "4194304");
        p.put("logship.nas.writesInFlight", "4");
        p.put("logship.source.maxFilesPerPoll", "500");
        p.put("logship.source.pollMillis", "1000");
        p.put("logship.source.emptyFileMinAgeSeconds", "600");
        p.put("logship.source.inUseCheck", "true");
        p.put("logship.source.disposeRetrySeconds", "30");
        p.put("logship.nas.parallelFiles", "2");
        p.put("logship.nas.timeoutSeconds", "60");
        p.put("logship.verify", "SHA256");
        p.put("logship.retry.initialDelay", "1s");
        p.put("logship.retry.maxDelay", "5m");
        p.put("logship.retry.multiplier", "2");
        p.put("logship.retry.maximumRedeliveries", "4");
        p.put("logship.deadletter.dir", source.resolve("quarantine").toString());
        p.put("logship.source.include", "*.log, trans.*");
        p.put("logship.source.exclude", "");
        p.put("logship.nas.probeSeconds", "20");
        p.put("logship.backlog.scanSeconds", "15");
        p.put("logship.backlog.maxAgeSeconds", "900");
        p.put("logship.disk.warnFreePercent", "20");
        p.put("logship.disk.critFreePercent", "10");
        p.put("logship.nas.cryptoProvider", "jdk");
        p.put("logship.nas.encrypt", "true");
        p.put("logship.integrity.mode", "enforce");
        p.put("logship.integrity.checkSeconds", "300");
        p.put("logship.integrity.manifest", "config/logship.seal");
        p.put("logship.ledger.dir", source.resolve("ledger").toString());
        p.put("logship.ledger.retentionDays", "400");
        p.put("logship.nas.nameEncoding", "map");
        p.put("logship.nas.bandwidth", "off");
        return p;
    }

    /** A folder for secret files, out of the source folder (which logship refuses to hold one). */
    private Path secrets() throws java.io.IOException {
        return java.nio.file.Files.createDirectories(source.resolve("secrets"));
    }

    @Test
    void readsValidKeysAndNormalisesTheNasFolder() {
        LogshipSettings s = LogshipSettings.from(valid()::get);
        assertEquals("erp/logs", s.nasDir());
        assertEquals(LogshipSettings.VerifyMode.SHA256, s.verify());
        assertEquals(LogshipSettings.AfterShip.DELETE, s.afterShip());
        assertEquals(java.util.List.of("*.log", "trans.*"), s.includes());
        assertEquals(java.util.List.of(), s.excludes());
        assertFalse(s.toString().contains("s3cret!"), "toString must not show the password");
    }

    /**
     * parallelFiles = auto: 8 files at once under the service's -Xmx256m (a WAN's round trips overlap), but
     * no more large files in flight than half the heap holds: 2 under -Xmx64m, where 8 ran out of memory.
     */
    @Test
    void parallelFilesAutoFitsTheHeap() {
        int mib = 1 << 20;
        assertEquals(8, LogshipSettings.autoParallelFiles(256L * mib, 4, mib, 1));
        assertEquals(2, LogshipSettings.autoParallelFiles(64L * mib, 4, mib, 1));
        assertEquals(8, LogshipSettings.autoParallelFiles(4096L * mib, 4, mib, 1));
        // two targets share the heap; a heap too small for one large file still ships one at a time
        assertEquals(5, LogshipSettings.autoParallelFiles(256L * mib, 4, mib, 2));
        assertEquals(1, LogshipSettings.autoParallelFiles(16L * mib, 4, 4 * mib, 1));

        var p = valid();
        p.put("logship.nas.parallelFiles", "auto");
        assertEquals(LogshipSettings.autoParallelFiles(Runtime.getRuntime().maxMemory(), 4, 4 * mib, 1),
                LogshipSettings.from(p::get).nasParallelFiles());
        p.put("logship.nas.parallelFiles", "3");
        assertEquals(3, LogshipSettings.from(p::get).nasParallelFiles());
        // a misspelt auto names auto in its line
        p.put("logship.nas.parallelFiles", "atuo");
        SettingsException e = assertThrows(SettingsException.class, () -> LogshipSettings.from(p::get));
        assertTrue(e.getMessage().contains("logship.nas.parallelFiles=atuo is not auto or a whole number: use auto or a"
                + " whole number from 1 to 16"), e.getMessage());
    }

    @Test
    void namesEveryBadKeyInItsOwnLine() {
        Map<String, String> p = valid();
        p.put("logship.source.dir", source.resolve("missing").toString());
        p.put("logship.nas.port", "44five");
        p.put("logship.verify", "md5");
        p.remove("logship.nas.host");
        p.put("logship.nas.share", "logs/sub");
        List<String> problems = problems(p);
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("logship.source.dir=") && problems.get(0).contains("not an existing directory"));
        assertTrue(problems.stream().anyMatch(l -> l.equals("logship.nas.host is not set: give it a value in"
                + " config/application.properties, -Dlogship.nas.host=... or the environment variable LOGSHIP_NAS_HOST")));
        assertTrue(problems.stream().anyMatch(l -> l.startsWith("logship.nas.port=44five is not a whole number")));
        assertTrue(problems.stream().anyMatch(l -> l.equals("logship.verify=md5 is not one of sha256, size")));
        assertTrue(problems.stream().anyMatch(l -> l.startsWith("logship.nas.share=logs/sub must be a share name only")));
    }

    @Test
    void archiveModeNeedsAnArchiveFolderThatIsNotAFile() throws Exception {
        Map<String, String> p = valid();
        p.put("logship.source.afterShip", "archive");
        p.put("logship.archive.dir", java.nio.file.Files.createFile(source.resolve("file")).toString());
        List<String> problems = problems(p);
        assertEquals(1, problems.size());
        assertEquals("logship.archive.dir=" + source.resolve("file") + " is a file, not a folder (" + source.resolve("file")
                + "): name a folder", problems.get(0));
    }

    @Test
    void thePasswordComesFromAFileOnlyItsOwnerMayRead() throws Exception {
        Map<String, String> p = valid();
        p.remove("logship.nas.password");
        Path file = java.nio.file.Files.writeString(secrets().resolve("nas.pw"), "from-a-file\n");
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        p.put("logship.nas.passwordFile", file.toString());
        assertEquals("from-a-file", LogshipSettings.from(p::get).nasPassword());

        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        List<String> problems = problems(p);
        assertEquals(List.of("logship.nas.passwordFile=" + file + " may be read by group or others (rw-r--r--):"
                + " chmod 600 it and give it to logship's user"), problems);

        p.put("logship.nas.password", "also-set");
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of("logship.nas.password and logship.nas.passwordFile are both set: keep only one"),
                problems(p));
    }

    @Test
    void aConfigurationWithoutTheLoginAndDfsKeysKeepsTodaysPasswordLoginAndPaths() {
        LogshipSettings s = LogshipSettings.from(valid()::get);
        assertEquals(LogshipSettings.NasAuth.NTLM, s.nasAuth());
        assertFalse(s.nasDfs());
        assertEquals("svc", s.nasAccount());
    }

    @Test
    void kerberosNeedsAPrincipalASecretAndTheServersName() {
        Map<String, String> p = valid();
        p.put("logship.nas.auth", "kerberos");
        p.put("logship.nas.host", "10.1.2.3");
        p.remove("logship.nas.password");
        assertEquals(List.of("logship.nas.auth=kerberos needs logship.nas.kerberos.principal: the service account's"
                + " principal, e.g. svc-logship@CORP.EXAMPLE", "logship.nas.auth=kerberos needs logship.nas.kerberos.keytab,"
                + " or the account's password in logship.nas.password or logship.nas.passwordFile", "logship.nas.host=10.1.2.3"
                + " is an IP address, but Kerberos (logship.nas.auth=kerberos) asks for the service principal cifs/<host>:"
                + " use the server's name, as the domain knows it"),
                problems(p));
        p.put("logship.nas.host", "[fd00::5]");
        p.put("logship.nas.kerberos.principal", "svc-logship@CORP.EXAMPLE");
        p.put("logship.nas.password", "s3cret!");
        assertTrue(problems(p).get(0)
                .startsWith("logship.nas.host=[fd00::5] is an IP address"));
        p.put("logship.nas.host", "files01.corp.example");
        LogshipSettings s = LogshipSettings.from(p::get);
        assertEquals("svc-logship@CORP.EXAMPLE with Kerberos (password)", s.nasAccount());
        assertFalse(s.toString().contains("s3cret!"));
    }

    @Test
    void theKeytabIsCheckedLikeThePasswordFileAndNeverBesideAPassword() throws Exception {
        Map<String, String> p = valid();
        p.put("logship.nas.auth", "Kerberos");
        p.put("logship.nas.kerberos.principal", "svc-logship@CORP.EXAMPLE");
        p.remove("logship.nas.password");
        Path keytab = java.nio.file.Files.write(secrets().resolve("svc.keytab"), new byte[] {5, 2});
        p.put("logship.nas.kerberos.keytab", keytab.toString());
        java.nio.file.Files.setPosixFilePermissions(keytab, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(List.of("logship.nas.kerberos.keytab=" + keytab + " may be read by group or others (rw-r-----):"
                + " chmod 600 it and give it to logship's user"),
                problems(p));
        java.nio.file.Files.setPosixFilePermissions(keytab, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertEquals(keytab, LogshipSettings.from(p::get).nasKerberosKeytab());
        p.put("logship.nas.password", "s3cret!");
        assertEquals(List.of("logship.nas.kerberos.keytab and a password (logship.nas.password or logship.nas.passwordFile)"
                + " are both set: keep only one"), problems(p));
        p.remove("logship.nas.password");
        p.put("logship.nas.kerberos.keytab", secrets().resolve("missing.keytab").toString());
        assertEquals(List.of("logship.nas.kerberos.keytab=" + secrets().resolve("missing.keytab") + " cannot be read (no such"
                + " file): give logship's user read access"),
                problems(p));
    }

    @Test
    void aKeytabWithThePasswordLoginIsAMistakeNamedInOneLine() throws Exception {
        Map<String, String> p = valid();
        Path keytab = java.nio.file.Files.write(secrets().resolve("svc.keytab"), new byte[] {5, 2});
        java.nio.file.Files.setPosixFilePermissions(keytab, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        p.put("logship.nas.kerberos.keytab", keytab.toString());
        assertEquals(List.of("logship.nas.kerberos.keytab is set but logship.nas.auth=ntlm: set logship.nas.auth=kerberos"
                + " to log in with it, or remove it"), problems(p));
    }

    @Test
    void everyKerberosTargetReadsTheSameKrb5Conf() throws Exception {
        Map<String, String> p = valid();
        p.put("logship.targets", "main,web");
        for (String target : List.of("main", "web")) {
            String prefix = target.equals("main") ? "logship." : "logship.target.web.";
            Path dir = java.nio.file.Files.createDirectories(source.resolve(target));
            p.put(prefix + "source.dir", dir.toString());
            p.put(prefix + "deadletter.dir", dir.resolve("q").toString());
            p.put(prefix + "nas.kerberos.config", java.nio.file.Files.writeString(dir.resolve("krb5.conf"), "").toString());
        }
        p.put("logship.nas.auth", "kerberos");
        p.put("logship.nas.kerberos.principal", "svc-logship@CORP.EXAMPLE");
        assertEquals(List.of("logship.nas.kerberos.config is " + source.resolve("main/krb5.conf") + " for target main but "
                + source.resolve("web/krb5.conf") + " for target web: the JDK reads one krb5.conf per process; give every"
                + " target the same one"), assertThrows(SettingsException.class, () -> LogshipSettings.targets(p::get, p.keySet())).problems());
        // a target that logs in with a password has no say
        p.put("logship.target.web.nas.auth", "ntlm");
        p.put("logship.target.web.nas.kerberos.principal", "");
        p.put("logship.target.web.nas.kerberos.config", "");
        assertEquals(2, LogshipSettings.targets(p::get, p.keySet()).size());
    }

    @Test
    void theNasTimeZoneIsAZoneIdOrEmptyForTheSystemsZone() {
        Map<String, String> p = valid();
        assertEquals(java.time.ZoneId.systemDefault(), LogshipSettings.from(p::get).nasTimeZone());
        p.put("logship.nas.timeZone", "Pacific/Kiritimati");
        assertEquals(java.time.ZoneId.of("Pacific/Kiritimati"), LogshipSettings.from(p::get).nasTimeZone());
        p.put("logship.nas.timeZone", "Europe/Zurch");
        assertEquals(List.of("logship.nas.timeZone=Europe/Zurch is not a time zone (Unknown time-zone ID: Europe/Zurch):"
                + " use a region such as Europe/Zurich, or UTC, or leave it empty for the system's zone"),
                problems(p));
    }

    /** A UNC path, a URL, a port or quotes in the host: each one line naming the fix; names and addresses pass. */
    @Test
    void theHostIsAServersNameOnly() {
        Map<String, String> p = valid();
        for (String ok : List.of("nas01", "nas01.corp.example", "10.0.0.5", "::1", "fe80::1", "[::1]", "nas-01_b")) {
            p.put("logship.nas.host", ok);
            assertEquals(ok, LogshipSettings.from(p::get).nasHost());
        }
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("\\\\nas01\\logs", "is a path or URL: give the server's name only (nas01), the share in"
                + " logship.nas.share and the folders in logship.nas.dir");
        refused.put("smb://nas01", "is a path or URL: give the server's name only (nas01), the share in"
                + " logship.nas.share and the folders in logship.nas.dir");
        refused.put("nas01:445", "holds a port: give the name alone and the port in logship.nas.port");
        refused.put("\"nas01\"", "is not a server name: give its name or address only, without quotes, spaces or"
                + " other signs (nas01, nas01.corp.example, 10.0.0.5)");
        refused.put("= nas01", "is not a server name: give its name or address only, without quotes, spaces or"
                + " other signs (nas01, nas01.corp.example, 10.0.0.5)");
        refused.forEach((host, words) -> {
            p.put("logship.nas.host", host);
            assertEquals(List.of("logship.nas.host=" + host + " " + words),
                    problems(p), host);
        });
    }

    /** A backlog age the files reach before they may ship, and an empty file's wait beyond it, are refused. */
    @Test
    void theBacklogAgeIsAboveStableSecondsAndAnEmptyFilesWait() {
        Map<String, String> p = valid();
        p.put("logship.source.stableSeconds", "30");
        p.put("logship.backlog.maxAgeSeconds", "30");
        p.put("logship.source.emptyFileMinAgeSeconds", "0");
        assertEquals(List.of("logship.backlog.maxAgeSeconds=30 is not above logship.source.stableSeconds=30: every file"
                + " would turn the backlog check DOWN before it may ship; make it longer (900 by default)"),
                problems(p));
        p.put("logship.backlog.maxAgeSeconds", "600");
        p.put("logship.source.emptyFileMinAgeSeconds", "1200");
        assertEquals(List.of("logship.source.emptyFileMinAgeSeconds=1200 is not below logship.backlog.maxAgeSeconds=600: a"
                + " waiting empty file would turn the backlog check DOWN; make it shorter, or 0"),
                problems(p));
        p.put("logship.source.emptyFileMinAgeSeconds", "599");
        assertEquals(600, LogshipSettings.from(p::get).backlogMaxAgeSeconds());
        // a bad value has its own line only
        p.put("logship.backlog.maxAgeSeconds", "ten");
        assertEquals(1, problems(p).size());
    }

    /** logship's log and the management port are read before the settings: a bad value is named here too. */
    @Test
    void theLogsSizeAndCountAndTheManagementPortAreChecked() {
        Map<String, String> p = valid();
        p.put("logship.log.maxFileSize", "10 megabytes");
        p.put("logship.log.maxFiles", "0");
        p.put("camel.management.port", "98100");
        assertEquals(List.of("logship.log.maxFileSize=10 megabytes is not a size: use e.g. 10MB or 500KB",
                "logship.log.maxFiles=0 is not a number of files from 1 to 9999: use e.g. 10",
                "camel.management.port=98100 is not a port from 0 to 65535: use e.g. 9810"),
                problems(p));
        p.put("logship.log.maxFileSize", "10 MB");
        p.put("logship.log.maxFiles", "10");
        p.put("camel.management.port", "9810");
        LogshipSettings.from(p::get);
    }

    /** A delay without its unit (read as milliseconds, a retry every 300 ms where 300 s was meant) is refused. */
    @Test
    void aDelayNeedsItsUnit() {
        Map<String, String> p = valid();
        p.put("logship.retry.maxDelay", "300");
        assertEquals(List.of("logship.retry.maxDelay=300 has no unit: write 300s (seconds), 300ms or e.g. 5m"),
                problems(p));
        p.put("logship.retry.maxDelay", "300s");
        assertEquals(java.time.Duration.ofSeconds(300), LogshipSettings.from(p::get).retryMaxDelay());
    }

    /**
     * A unit Camel's reader does not know is named with what to write: Camel reads 5M, 300S and 1H as zero
     * ("must be longer than zero"), 300mS as five hours and 5m30 as 5m. Both retry delays share the reader.
     */
    @Test
    void aDelayWithAnUnknownUnitSaysWhatToWrite() {
        Map<String, String> p = valid();
        p.put("logship.retry.maxDelay", "5M");
        assertEquals(List.of("logship.retry.maxDelay=5M has the unknown unit M: write 5m (units in lower case: ms, s, m for"
                + " minutes, h, d; e.g. 300ms, 300s, 5m or 1h30m)"), problems(p));
        p.put("logship.retry.maxDelay", "300mS");
        assertEquals(List.of("logship.retry.maxDelay=300mS has the unknown unit mS: write 300ms (units in lower case: ms,"
                + " s, m for minutes, h, d; e.g. 300ms, 300s, 5m or 1h30m)"), problems(p));
        p.put("logship.retry.maxDelay", "5m");
        p.put("logship.retry.initialDelay", "2w");
        assertEquals(List.of("logship.retry.initialDelay=2w has the unknown unit w: write the number and a unit (units in"
                + " lower case: ms, s, m for minutes, h, d; e.g. 300ms, 300s, 5m or 1h30m)"), problems(p));
        p.put("logship.retry.initialDelay", "5m30");
        assertEquals(List.of("logship.retry.initialDelay=5m30 is not a duration: use e.g. 500ms, 1s, 5m or 1h30m"), problems(p));
        p.put("logship.retry.initialDelay", "1s1m");
        assertEquals(List.of("logship.retry.initialDelay=1s1m is not a duration: give each unit once, the largest first,"
                + " e.g. 1h30m or 2m30s"), problems(p));
    }

    /** Every spelling Camel reads right stays accepted, with Camel's value. */
    @Test
    void camelsDurationSpellingsStayAccepted() {
        Map<String, String> p = valid();
        p.put("logship.retry.maxDelay", "2d");
        Map<String, Long> millis = new java.util.LinkedHashMap<>();
        millis.put("500ms", 500L);
        millis.put("30s", 30_000L);
        millis.put("5m", 300_000L);
        millis.put("1h30m", 5_400_000L);
        millis.put("1d2h3m4s5ms", 93_784_005L);
        millis.put("01m", 60_000L);
        millis.put("5min", 300_000L);
        millis.put("5minute", 300_000L);
        millis.put("1hour", 3_600_000L);
        millis.put("1day", 86_400_000L);
        millis.put("30sec", 30_000L);
        millis.put("30secs", 30_000L);
        millis.put("300msec", 300L);
        millis.put("300msecs", 300L);
        millis.forEach((v, ms) -> {
            p.put("logship.retry.initialDelay", v);
            assertEquals(java.time.Duration.ofMillis(ms), LogshipSettings.from(p::get).retryInitialDelay(), v);
        });
    }

    /** The line names where the value was set: the configuration file's line. */
    @Test
    void aBadDelayNamesItsLineInTheFile() {
        Map<String, String> p = valid();
        p.put("logship.retry.maxDelay", "5M");
        List<KeyCheck.SetKey> keys = new java.util.ArrayList<>(KeyCheck.unsourced(p.keySet()).stream()
                .filter(k -> !k.key().equals("logship.retry.maxDelay")).toList());
        keys.add(new KeyCheck.SetKey("logship.retry.maxDelay", "config/application.properties line 12"));
        keys.add(new KeyCheck.SetKey("logship.retry.maxDelay", "config/application.properties line 40"));
        List<String> problems = assertThrows(SettingsException.class,
                () -> TargetOverlay.targets(p::get, keys, Map.of(), List.of())).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("logship.retry.maxDelay=5M (config/application.properties line 40) has the"
                + " unknown unit M: write 5m"), problems.get(0));
        // an environment variable wins over the file: the line would point at the wrong value
        problems = assertThrows(SettingsException.class, () -> TargetOverlay.targets(p::get, keys,
                Map.of("LOGSHIP_RETRY_MAXDELAY", "5M"), List.of())).problems();
        assertTrue(problems.get(0).startsWith("logship.retry.maxDelay=5M (environment variable LOGSHIP_RETRY_MAXDELAY) has"), problems.get(0));
    }

    /**
     * Camel formats a layout's dates with SimpleDateFormat: YYYY is the week-based year (2026-12-27 is 2027 in an
     * English locale), DD the day of the year and mm the minute; each is refused with what to write.
     */
    @Test
    void aLayoutWithAWeekYearDayOfYearOrMinuteIsRefused() {
        Map<String, String> p = valid();
        p.put("logship.nas.layout", "${hostname}/${date:file:YYYY}/${date:file:MM}/${date:file:DD}");
        assertEquals(List.of(
                "logship.nas.layout=${hostname}/${date:file:YYYY}/${date:file:MM}/${date:file:DD}: write yyyy (calendar"
                        + " year); YYYY is the week-based year: the last days of December would go to next year's folder"
                        + " (or the first days of January to last year's)",
                "logship.nas.layout=${hostname}/${date:file:YYYY}/${date:file:MM}/${date:file:DD}: write dd (day of the"
                        + " month); DD is the day of the year (1 to 366)"), problems(p));
        p.put("logship.nas.layout", "${date-with-timezone:file:UTC:yyyy/mm/dd}");
        assertEquals(List.of("logship.nas.layout=${date-with-timezone:file:UTC:yyyy/mm/dd}: write MM (month); mm is the"
                + " minute, and no hour (HH) comes before it"), problems(p));
    }

    /** Calendar dates, minutes after an hour, quoted letters and layouts without dates are taken as written. */
    @Test
    void aLayoutOfCalendarDatesOrWithoutDatesIsTaken() {
        Map<String, String> p = valid();
        for (String layout : List.of("${hostname}/${date:file:yyyy}/${date:file:MM}/${date:file:dd}", "${date:now:yyyy/MM/dd/HH/mm}",
                "${date:file:yyyy}/${date:file:HH}/${date:file:mm}", "${date-with-timezone:file:Europe/Zurich:yyyy-MM-dd}",
                "${date:file:yyyy'-Day'}", "${hostname}", "archive/${file:onlyname.noext}", "")) {
            p.put("logship.nas.layout", layout);
            assertEquals(layout, LogshipSettings.from(p::get).nasLayout(), layout);
        }
    }

    @Test
    void rangesAreChecked() {
        Map<String, String> p = valid();
        p.put("logship.nas.port", "70000");
        p.put("logship.source.stableSeconds", "-1");
        p.put("logship.disk.critFreePercent", "30");
        List<String> problems = problems(p);
        assertEquals(List.of("logship.source.stableSeconds=-1 is out of range: use a whole number from 0 to 86400",
                "logship.nas.port=70000 is out of range: use a whole number from 1 to 65535",
                "logship.disk.critFreePercent=30 is above logship.disk.warnFreePercent=20: the critical level must be the lower one"),
                problems);
    }

    @Test
    void anEmptyFileAgeBelowStableSecondsIsRefusedInOneLine() {
        Map<String, String> p = valid();
        p.putAll(Map.of("logship.source.stableSeconds", "30", "logship.source.emptyFileMinAgeSeconds", "10",
                "logship.source.inUseCheck", "yes"));
        SettingsException refused = assertThrows(SettingsException.class, () -> LogshipSettings.from(p::get));
        assertEquals("logship.source.inUseCheck=yes is not true or false", refused.problems().get(0));
        assertEquals("logship.source.emptyFileMinAgeSeconds=10 is below logship.source.stableSeconds=30: make it longer"
                + " (an empty file is never taken before stableSeconds anyway), or 0", refused.problems().get(1));
        assertEquals(2, refused.problems().size(), refused.problems().toString());
    }

    @Test
    void withoutTargetsThereIsOneTargetNamedMainOnThePlainKeys() {
        Map<String, String> p = valid();
        Map<String, LogshipSettings> targets = LogshipSettings.targets(p::get, p.keySet());
        assertEquals(List.of("main"), List.copyOf(targets.keySet()));
        assertEquals(source, targets.get("main").sourceDir());
    }

    @Test
    void aTargetTakesItsOwnKeysAndThePlainKeysForTheRest() throws Exception {
        Map<String, String> p = valid();
        p.put("logship.targets", "main, web");
        Path web = java.nio.file.Files.createDirectory(source.resolve("web"));
        p.put("logship.target.web.source.dir", web.toString());
        p.put("logship.target.web.deadletter.dir", source.resolve("quarantine-web").toString());
        p.put("logship.target.web.nas.share", "weblogs");
        Map<String, LogshipSettings> targets = LogshipSettings.targets(p::get, p.keySet());
        assertEquals(List.of("main", "web"), List.copyOf(targets.keySet()));
        assertEquals("logs", targets.get("main").nasShare());
        assertEquals("weblogs", targets.get("web").nasShare());
        assertEquals(web, targets.get("web").sourceDir());
        assertEquals("nas01", targets.get("web").nasHost(), "not given for web: the plain key");
    }

    @Test
    void aSourceFolderThatDoesNotExistYetIsWaitedForAWrongValueIsNot() {
        // a volume mounted late at boot: the service is restarted until the folder appears (exit code 1)
        Map<String, String> p = valid();
        p.put("logship.targets", "main,web");
        p.put("logship.target.web.source.dir", source.resolve("not-mounted-yet").toString());
        p.put("logship.target.web.deadletter.dir", source.resolve("quarantine-web").toString());
        SettingsException waiting = assertThrows(SettingsException.class, () -> LogshipSettings.targets(p::get, p.keySet()));
        assertEquals(1, waiting.problems().size(), waiting.problems().toString());
        assertTrue(waiting.problems().get(0).startsWith("logship.target.web.source.dir="), waiting.problems().toString());
        assertTrue(waiting.awaitsSourceFolders());
        // with a wrong value beside it, it is a configuration error that no restart fixes
        p.put("logship.nas.port", "44five");
        assertFalse(assertThrows(SettingsException.class, () -> LogshipSettings.targets(p::get, p.keySet())).awaitsSourceFolders());
        // a quarantine folder that cannot be created is not waited for either
        Map<String, String> q = valid();
        q.put("logship.deadletter.dir", "/proc/no-such/quarantine");
        assertFalse(assertThrows(SettingsException.class, () -> LogshipSettings.targets(q::get, q.keySet())).awaitsSourceFolders());
    }

    @Test
    void targetProblemsNameTheKeyToFixEachOnce() {
        Map<String, String> p = valid();
        p.put("logship.targets", "main,web,Bad.Name");
        p.put("logship.target.web.nas.port", "99999");
        p.put("logship.target.wbe.nas.share", "typo");
        p.put("logship.target.web.ledger.dir", "/elsewhere");
        p.put("logship.nas.probeSeconds", "-1");
        SettingsException e = assertThrows(SettingsException.class, () -> LogshipSettings.targets(p::get, p.keySet()));
        List<String> problems = e.problems();
        assertTrue(problems.contains("logship.targets: Bad.Name is not a valid target name: use up to 32 lower-case"
                + " letters, digits or _"), problems.toString());
        assertTrue(problems.contains("logship.target.web.nas.port=99999 is out of range: use a whole number from 1 to 65535"),
                problems.toString());
        assertTrue(problems.contains("logship.target.wbe.nas.share is set but wbe is not in logship.targets="
                + "main,web,Bad.Name: add the target or remove the key; did you mean logship.target.web.nas.share?"),
                problems.toString());
        assertTrue(problems.contains("logship.target.web.ledger.dir cannot be set per target: logship.ledger.dir is"
                + " shared by all targets; set it there"), problems.toString());
        assertEquals(1, problems.stream().filter(x -> x.startsWith("logship.nas.probeSeconds=-1")).count(),
                "a problem of a key the targets share is named once: " + problems);
    }

    @Test
    void twoTargetsOnOneFolderAreRefused() {
        Map<String, String> p = valid();
        p.put("logship.targets", "main,web");
        p.put("logship.target.web.nas.share", "weblogs");
        SettingsException e = assertThrows(SettingsException.class, () -> LogshipSettings.targets(p::get, p.keySet()));
        assertEquals(List.of("targets main and web both use logship.source.dir=" + source + ": give each target its own"
                + " folder (logship.target.web.source.dir)", "targets main and web both use logship.deadletter.dir="
                + source.resolve("quarantine") + ": give each target its own folder (logship.target.web.deadletter.dir)"),
                e.problems());
    }

    @Test
    void anArchiveFolderThatHoldsWhatThePrunerMustNotDeleteIsRefused() {
        Map<String, String> p = valid();
        p.put("logship.source.afterShip", "archive");
        p.put("logship.archive.dir", source.toString());
        List<String> problems = problems(p);
        assertEquals(List.of("logship.archive.dir=" + source + " is or contains logship.source.dir=" + source
                + ", logship.deadletter.dir=" + source.resolve("quarantine") + ", logship.ledger.dir="
                + source.resolve("ledger") + ": the archive pruner deletes every file in it; give the archive a"
                + " folder of its own"), problems);

        // the same across targets: web's archive holds main's quarantine
        Map<String, String> t = valid();
        t.put("logship.targets", "main,web");
        t.put("logship.target.web.source.dir", source.resolve("web").toString());
        t.put("logship.target.web.deadletter.dir", source.resolve("web-quarantine").toString());
        t.put("logship.target.web.source.afterShip", "archive");
        t.put("logship.target.web.archive.dir", source.resolve("quarantine").toString());
        java.io.File web = source.resolve("web").toFile();
        assertTrue(web.mkdir());
        List<String> across = assertThrows(SettingsException.class, () -> LogshipSettings.targets(t::get, t.keySet()))
                .problems();
        assertEquals(List.of("logship.target.web.archive.dir=" + source.resolve("quarantine") + " is or contains"
                + " logship.deadletter.dir=" + source.resolve("quarantine") + " of target main: the archive pruner deletes"
                + " every file in it; give the archive a folder of its own"), across);
    }

    /**
     * The quarantine in the source folder: a quarantined file was picked up again and quarantined again under a
     * growing name, each record shipped and deleted. Refused however the folder is spelt: a trailing slash, a
     * '..', a symbolic link.
     */
    @Test
    void aQuarantineThatIsTheSourceFolderIsRefusedHoweverItIsSpelt() throws Exception {
        Path link = java.nio.file.Files.createSymbolicLink(source.resolveSibling(source.getFileName() + "-link"), source);
        try {
            for (String spelling : List.of(source.toString(), source + "/", source + "/sub/..", link.toString(), link + "/")) {
                Map<String, String> p = valid();
                p.put("logship.deadletter.dir", spelling);
                SettingsException e = assertThrows(SettingsException.class, () -> LogshipSettings.from(p::get), spelling);
                assertEquals(List.of("logship.deadletter.dir=" + Path.of(spelling).toAbsolutePath().normalize()
                        + " is logship.source.dir: quarantined files would be shipped again; give the quarantine its own"
                        + " folder"), e.problems(), spelling);
                assertFalse(e.awaitsSourceFolders(), "a configuration error, exit 2");
            }
        } finally {
            java.nio.file.Files.delete(link);
        }
    }

    /** Target audit's quarantine is target main's source folder: what audit quarantines, main ships. */
    @Test
    void aQuarantineThatIsAnotherTargetsSourceFolderIsRefused() throws Exception {
        Map<String, String> p = valid();
        p.put("logship.targets", "main,audit");
        p.put("logship.target.audit.source.dir", java.nio.file.Files.createDirectory(source.resolve("audit")).toString());
        p.put("logship.target.audit.deadletter.dir", source + "/");
        assertEquals(List.of("logship.target.audit.deadletter.dir=" + source + " of target audit is logship.source.dir of"
                + " target main: quarantined files would be shipped again; give the quarantine its own folder"),
                assertThrows(SettingsException.class, () -> LogshipSettings.targets(p::get, p.keySet())).problems());
        // and the other way round: main's quarantine is audit's source
        p.put("logship.target.audit.deadletter.dir", source.resolve("quarantine-audit").toString());
        p.put("logship.deadletter.dir", source.resolve("audit").toString());
        assertEquals(List.of("logship.deadletter.dir=" + source.resolve("audit") + " of target main is"
                + " logship.target.audit.source.dir of target audit: quarantined files would be shipped again; give the"
                + " quarantine its own folder"),
                assertThrows(SettingsException.class, () -> LogshipSettings.targets(p::get, p.keySet())).problems());
    }

    /** The ledger in a source folder was shipped again every poll under a new name, without end. */
    @Test
    void aLedgerThatIsASourceFolderIsRefused() throws Exception {
        Map<String, String> p = valid();
        p.put("logship.ledger.dir", source + "/");
        assertEquals(List.of("logship.ledger.dir=" + source + " is logship.source.dir: the ledger would be shipped again"
                + " and again; give the ledger its own folder"),
                problems(p));
        // the ledger is shared: another target's source folder is refused with that target's key
        Map<String, String> t = valid();
        Path web = java.nio.file.Files.createDirectory(source.resolve("web"));
        t.put("logship.targets", "main,web");
        t.put("logship.target.web.source.dir", web.toString());
        t.put("logship.target.web.deadletter.dir", source.resolve("quarantine-web").toString());
        t.put("logship.ledger.dir", web.toString());
        assertEquals(List.of("logship.ledger.dir=" + web + " is logship.target.web.source.dir: the ledger would be shipped"
                + " again and again; give the ledger its own folder"),
                assertThrows(SettingsException.class, () -> LogshipSettings.targets(t::get, t.keySet())).problems());
    }

    /** logship's own log folder as the source: it would ship its own log, the live file too. */
    @Test
    void aLogFolderThatIsTheSourceFolderIsRefused() {
        Map<String, String> p = valid();
        p.put("logship.log.dir", source + "/.");
        assertEquals(List.of("logship.log.dir=" + source + " is logship.source.dir: logship would ship its own log files;"
                + " give the log its own folder"), problems(p));
        // log4j2.xml's default, logs/ of the working directory, when the key is empty
        p.put("logship.log.dir", "");
        p.put("logship.source.dir", Path.of("logs").toAbsolutePath().toString());
        assertTrue(problems(p).contains(
                "logship.log.dir=" + Path.of("logs").toAbsolutePath() + " is logship.source.dir: logship would ship its own"
                        + " log files; give the log its own folder"));
    }

    /** A source folder holding the configuration file would ship it and the password file beside it. */
    @Test
    void aSourceFolderThatHoldsTheConfigurationOrASecretIsRefused() throws Exception {
        Map<String, String> p = valid();
        List<Path> config = List.of(Path.of(source + "/sub/../application.properties"));
        assertEquals(List.of("logship.source.dir=" + source + " holds the configuration file " + config.get(0) + ": logship"
                + " would ship it and the files beside it (the password file); give the source its own folder"),
                assertThrows(SettingsException.class, () -> TargetOverlay.targets(p::get, KeyCheck.unsourced(p.keySet()),
                        Map.of(), config)).problems());
        assertEquals(1, TargetOverlay.targets(p::get, KeyCheck.unsourced(p.keySet()), Map.of(),
                List.of(secrets().resolve("application.properties"))).size(), "a folder below the source is not watched");

        p.remove("logship.nas.password");
        Path file = java.nio.file.Files.writeString(source.resolve("nas.pw"), "s3cret\n");
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        p.put("logship.nas.passwordFile", file.toString());
        assertEquals(List.of("logship.nas.passwordFile=" + file + " is in logship.source.dir=" + source + ": logship would"
                + " ship the secret to the NAS; keep it in a folder of its own"),
                problems(p));
    }

    /** The configuration file is the one Camel reads: its file: location, as the service and validate set it. */
    @Test
    void theConfigurationFileIsCamelsFileLocation() throws Exception {
        Path file = source.resolve("application.properties");
        java.util.Properties props = new java.util.Properties();
        props.putAll(valid());
        try (var out = java.nio.file.Files.newBufferedWriter(file)) {
            props.store(out, null);
        }
        var camel = new org.apache.camel.component.properties.PropertiesComponent();
        camel.setCamelContext(new org.apache.camel.impl.DefaultCamelContext(false));
        camel.setLocation("file:" + file);
        camel.start();
        assertEquals(List.of(file), LogshipSettings.configFiles(camel));
        assertEquals(List.of("logship.source.dir=" + source + " holds the configuration file " + file + ": logship would"
                + " ship it and the files beside it (the password file); give the source its own folder"),
                assertThrows(SettingsException.class, () -> LogshipSettings.targets(camel)).problems());
    }

    /** A file is a wrong value, not a folder still to appear: exit 2, never restarted (a missing one is, exit 1). */
    @Test
    void aSourceFolderThatIsAFileIsAConfigurationError() throws Exception {
        Map<String, String> p = valid();
        Path file = java.nio.file.Files.writeString(source.resolve("outbox"), "");
        p.put("logship.source.dir", file.toString());
        p.put("logship.deadletter.dir", source.resolve("q").toString());
        SettingsException e = assertThrows(SettingsException.class, () -> LogshipSettings.from(p::get));
        assertEquals(List.of("logship.source.dir=" + file + " is a file, not a folder (" + file + "): name a folder"),
                e.problems());
        assertFalse(e.awaitsSourceFolders());
        p.put("logship.source.dir", source.resolve("not-mounted-yet").toString());
        assertTrue(assertThrows(SettingsException.class, () -> LogshipSettings.from(p::get)).awaitsSourceFolders());
    }

    /**
     * A source folder where nothing can be deleted: every shipped file would fail to be disposed of. Root passes
     * every permission check, so the folder is made immutable (chattr +i), which stops root too; BadInputIT
     * tries chmod 000 and 555 as the user nobody.
     */
    @Test
    void aSourceFolderOrArchiveThatCannotBeWrittenIsRefused() throws Exception {
        Map<String, String> p = valid();
        Path outbox = java.nio.file.Files.createDirectory(source.resolve("outbox"));
        Path archive = java.nio.file.Files.createDirectory(source.resolve("archive"));
        p.put("logship.source.dir", outbox.toString());
        p.put("logship.source.afterShip", "archive");
        p.put("logship.archive.dir", archive.toString());
        chattr("+i", outbox, archive);
        List<String> problems;
        try {
            problems = problems(p);
        } finally {
            chattr("-i", outbox, archive);
        }
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("logship.source.dir=" + outbox + " cannot be written by logship's user"
                + " (FileSystemException: " + outbox + "/.logship-probe"), problems.get(0));
        assertTrue(problems.get(0).endsWith(": Operation not permitted): give it read and write access to the folder"),
                problems.get(0));
        assertTrue(problems.get(1).startsWith("logship.archive.dir=" + archive + " is not a writable directory"
                + " (FileSystemException: "), problems.get(1));
        assertEquals(archive, LogshipSettings.from(p::get).archiveDir(), "writable again");
    }

    private static void chattr(String flag, Path... paths) throws Exception {
        for (Path path : paths) {
            Process c = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true).start();
            assertTrue(c.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, c.exitValue(), "chattr " + flag + " " + path + ": " + new String(c.getInputStream().readAllBytes()));
        }
    }
}
