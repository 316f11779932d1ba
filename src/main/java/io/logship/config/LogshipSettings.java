package io.logship.config;

import java.time.Duration;
import java.time.ZoneId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.camel.spi.PropertiesComponent;

/**
 * The {@code logship.*} keys, read once at start-up and validated together, so that a bad value
 * stops logship with one line per problem instead of failing later on the first file.
 */
public record LogshipSettings(
        Path sourceDir,
        int stableSeconds,
        AfterShip afterShip,
        Path archiveDir,
        String nasHost,
        int nasPort,
        String nasShare,
        String nasDir,
        String nasUsername,
        String nasPassword,
        String nasDomain,
        int nasBufferSize,
        int nasWritesInFlight,
        int nasParallelFiles,
        int nasTimeoutSeconds,
        VerifyMode verify,
        Duration retryInitialDelay,
        Duration retryMaxDelay,
        double retryMultiplier,
        int retryMaxAttempts,
        Path deadletterDir,
        List<String> includes,
        List<String> excludes,
        int nasProbeSeconds,
        int backlogScanSeconds,
        int backlogMaxAgeSeconds,
        int diskWarnFreePercent,
        int diskCritFreePercent,
        CryptoProvider nasCrypto,
        boolean nasEncrypt,
        IntegrityMode integrityMode,
        int integrityCheckSeconds,
        Path integrityManifest,
        Path ledgerDir,
        int ledgerRetentionDays,
        long archiveMaxBytes,
        int archiveMaxAgeDays,
        String doneFileName,
        String nasLayout,
        int maxFilesPerPoll,
        int pollMillis,
        ZoneId nasTimeZone,
        int emptyFileMinAgeSeconds,
        boolean inUseCheck,
        int disposeRetrySeconds,
        NameEncoding nasNameEncoding,
        BandwidthTimetable nasBandwidth,
        NasAuth nasAuth,
        String nasKerberosPrincipal,
        Path nasKerberosKeytab,
        Path nasKerberosConfig,
        boolean nasDfs) {

    /** What happens to the local file once its NAS copy is verified. */
    public enum AfterShip { DELETE, ARCHIVE }

    /** What a difference from the seal does: stop shipping, or only report. */
    public enum IntegrityMode { ENFORCE, WARN }

    /** Whose AES signs and seals SMB 3 messages. */
    public enum CryptoProvider { JDK, BOUNCYCASTLE }

    /** How names reach the NAS: look-alikes for what Windows and SMB refuse, or as they are (io.logship.nas.NasNames). */
    public enum NameEncoding { MAP, OFF }

    /**
     * How logship logs in to the NAS: ntlm, smbj's password login (NTLMv2); kerberos, from a keytab or with
     * the password, never NTLM.
     */
    public enum NasAuth { NTLM, KERBEROS }

    /** How the NAS copy is checked before the local copy is given up. */
    public enum VerifyMode { SHA256, SIZE }

    @Override
    public String toString() {
        // never print the password, whatever logs this record
        return "LogshipSettings[source=" + sourceDir + ", nas=//" + nasHost + ":" + nasPort + "/" + nasShare
                + "/" + nasDir + (nasDfs ? " (DFS)" : "") + ", user=" + nasAccount() + ", verify=" + verify
                + ", afterShip=" + afterShip + "]";
    }

    /** Who logs in to the NAS and how, for messages: never the password. */
    public String nasAccount() {
        if (nasAuth == NasAuth.KERBEROS) {
            return nasKerberosPrincipal + " with Kerberos (" + (nasKerberosKeytab != null ? "keytab " + nasKerberosKeytab
                    : "password") + ")";
        }
        return nasUsername.isEmpty() ? "guest" : nasDomain.isEmpty() ? nasUsername : nasDomain + "\\" + nasUsername;
    }

    /** The most files {@code logship.nas.parallelFiles = auto} ships at once: more only hides round trips. */
    static final int AUTO_PARALLEL_FILES_MAX = 8;

    /**
     * {@code logship.nas.parallelFiles = auto}: as many files at once as half the heap holds, at most
     * {@value #AUTO_PARALLEL_FILES_MAX}. A large file in flight holds {@code writesInFlight} requests, each
     * about three times {@code bufferSize} (logship's buffer, smbj's message, its sealed copy); the targets
     * share the heap. The service's -Xmx256m with the defaults gives 8 (a WAN's round trips overlap; on a LAN
     * 2 and 8 ship small files equally fast), -Xmx64m gives 2 (8 ran out of memory there with large files).
     */
    public static int autoParallelFiles(long maxHeap, int writesInFlight, int bufferSize, int targets) {
        long perFile = 3L * writesInFlight * bufferSize;
        long files = maxHeap / 2 / perFile / targets;
        return (int) Math.max(1, Math.min(AUTO_PARALLEL_FILES_MAX, files));
    }

    public static LogshipSettings from(PropertiesComponent properties) {
        return from(key -> properties.resolveProperty(key).orElse(null));
    }

    /** Reads and validates every key; throws one {@link SettingsException} listing all problems. */
    public static LogshipSettings from(Function<String, String> lookup) {
        return from(lookup, key -> "");
    }

    /**
     * As {@link #from(Function)}; {@code origin} tells where a key's value was set, for the problem lines that
     * name it (" (config/application.properties line 40)", or "").
     */
    static LogshipSettings from(Function<String, String> lookup, Function<String, String> origin) {
        SettingsReader r = new SettingsReader(lookup, origin);
        Path source = FolderChecks.sourceDirectory(r, "logship.source.dir");
        int stable = r.integer("logship.source.stableSeconds", 0, 86_400);
        AfterShip afterShip = r.choice("logship.source.afterShip", AfterShip.class);
        Path archive = afterShip == AfterShip.ARCHIVE ? FolderChecks.writableDirectory(r, "logship.archive.dir") : null;
        String host = r.host("logship.nas.host");
        int port = r.integer("logship.nas.port", 1, 65_535);
        String share = r.required("logship.nas.share");
        String dir = SettingsReader.trimSlashes(r.optional("logship.nas.dir"));
        String user = r.optional("logship.nas.username");
        String password = r.password("logship.nas.password", "logship.nas.passwordFile");
        String domain = r.optional("logship.nas.domain");
        int buffer = r.integer("logship.nas.bufferSize", 65_536, 8 * 1024 * 1024);
        int inFlight = r.integer("logship.nas.writesInFlight", 1, 16);
        int parallel = "auto".equalsIgnoreCase(r.optional("logship.nas.parallelFiles"))
                ? autoParallelFiles(Runtime.getRuntime().maxMemory(), inFlight, buffer,
                        Math.max(1, SettingsReader.patterns(r.optional("logship.targets")).size()))
                : r.integer("logship.nas.parallelFiles", 1, 16, "auto or a whole number");
        int timeout = r.integer("logship.nas.timeoutSeconds", 1, 3_600);
        VerifyMode verify = r.choice("logship.verify", VerifyMode.class);
        Duration initialDelay = r.duration("logship.retry.initialDelay");
        Duration maxDelay = r.duration("logship.retry.maxDelay");
        double multiplier = r.decimal("logship.retry.multiplier", 1.0, 10.0);
        // Camel's name (routes/ship-attempts.camel.yaml reads it): retries after the first attempt
        int maxAttempts = r.integer("logship.retry.maximumRedeliveries", 0, 999) + 1;
        if (!r.optional("logship.retry.maxAttempts").isEmpty()) {
            r.problems.add("logship.retry.maxAttempts is now logship.retry.maximumRedeliveries, the tries after the"
                    + " first one: replace it with logship.retry.maximumRedeliveries = (maxAttempts - 1)");
        }
        Path deadletter = FolderChecks.writableDirectory(r, "logship.deadletter.dir");
        List<String> includes = SettingsReader.patterns(r.required("logship.source.include"));
        List<String> excludes = SettingsReader.patterns(r.optional("logship.source.exclude"));
        int probe = r.integer("logship.nas.probeSeconds", 0, 3_600);
        int scan = r.integer("logship.backlog.scanSeconds", 1, 3_600);
        int maxAge = r.integer("logship.backlog.maxAgeSeconds", 1, 30 * 86_400);
        int warn = r.integer("logship.disk.warnFreePercent", 0, 100);
        int crit = r.integer("logship.disk.critFreePercent", 0, 100);
        CryptoProvider crypto = r.choice("logship.nas.cryptoProvider", CryptoProvider.class);
        boolean encrypt = r.bool("logship.nas.encrypt");
        IntegrityMode integrity = r.choice("logship.integrity.mode", IntegrityMode.class);
        int integritySeconds = r.integer("logship.integrity.checkSeconds", 0, 86_400);
        String manifest = r.required("logship.integrity.manifest");
        Path ledger = FolderChecks.writableDirectory(r, "logship.ledger.dir");
        int ledgerDays = r.integer("logship.ledger.retentionDays", 1, 36_500);
        long archiveMaxBytes = afterShip == AfterShip.ARCHIVE ? r.longInteger("logship.archive.maxBytes", 1L << 20, Long.MAX_VALUE) : 0;
        int archiveMaxAgeDays = afterShip == AfterShip.ARCHIVE ? r.integer("logship.archive.maxAgeDays", 1, 36_500) : 0;
        String doneFileName = r.optional("logship.source.doneFileName");
        String layout = r.layout("logship.nas.layout");
        int maxFilesPerPoll = r.integer("logship.source.maxFilesPerPoll", 1, 100_000);
        int pollMillis = r.integer("logship.source.pollMillis", 10, 3_600_000);
        ZoneId timeZone = r.zone("logship.nas.timeZone");
        int emptyMinAge = r.integer("logship.source.emptyFileMinAgeSeconds", 0, 30 * 86_400);
        boolean inUseCheck = r.bool("logship.source.inUseCheck");
        if (emptyMinAge > 0 && emptyMinAge < stable) {
            r.problems.add("logship.source.emptyFileMinAgeSeconds=" + emptyMinAge + " is below logship.source.stableSeconds="
                    + stable + ": make it longer (an empty file is never taken before stableSeconds anyway), or 0");
        }
        // compared only when both were read: a bad value reads as its minimum and has its own line
        boolean ages = readWell(r, "logship.source.stableSeconds") && readWell(r, "logship.backlog.maxAgeSeconds");
        if (ages && stable > 0 && maxAge <= stable) {
            r.problems.add("logship.backlog.maxAgeSeconds=" + maxAge + " is not above logship.source.stableSeconds=" + stable
                    + ": every file would turn the backlog check DOWN before it may ship; make it longer (900 by default)");
        }
        if (ages && readWell(r, "logship.source.emptyFileMinAgeSeconds") && emptyMinAge > 0 && emptyMinAge >= maxAge) {
            r.problems.add("logship.source.emptyFileMinAgeSeconds=" + emptyMinAge + " is not below logship.backlog.maxAgeSeconds="
                    + maxAge + ": a waiting empty file would turn the backlog check DOWN; make it shorter, or 0");
        }
        processKeys(r);
        int disposeRetrySeconds = r.integer("logship.source.disposeRetrySeconds", 1, 86_400);
        NameEncoding nameEncoding = r.choice("logship.nas.nameEncoding", NameEncoding.class);
        BandwidthTimetable bandwidth = r.bandwidth("logship.nas.bandwidth");
        // absent from a configuration written before them: today's login, today's share paths
        NasAuth auth = r.choice("logship.nas.auth", NasAuth.class, NasAuth.NTLM);
        boolean dfs = r.bool("logship.nas.dfs", false);
        String principal = r.optional("logship.nas.kerberos.principal");
        Path keytab = r.secretFile("logship.nas.kerberos.keytab", null);
        Path krb5Config = r.readableFile("logship.nas.kerberos.config");
        if (auth == NasAuth.KERBEROS) {
            KerberosChecks.check(r, host, principal, password);
        } else if (!principal.isEmpty() || keytab != null) {
            r.problems.add("logship.nas.kerberos." + (keytab != null ? "keytab" : "principal") + " is set but"
                    + " logship.nas.auth=ntlm: set logship.nas.auth=kerberos to log in with it, or remove it");
        }
        if (crit > warn) {
            r.problems.add("logship.disk.critFreePercent=" + crit + " is above logship.disk.warnFreePercent=" + warn
                    + ": the critical level must be the lower one");
        }
        if (initialDelay != null && maxDelay != null && maxDelay.compareTo(initialDelay) < 0) {
            r.problems.add("logship.retry.maxDelay is shorter than logship.retry.initialDelay: make it at least as long");
        }
        if (share != null && (share.contains("/") || share.contains("\\"))) {
            r.problems.add("logship.nas.share=" + share + " must be a share name only: put folders inside the share in logship.nas.dir");
        }
        if (archive != null) {
            List<String> held = new ArrayList<>();
            FolderChecks.held("logship.source.dir", source, archive, held);
            FolderChecks.held("logship.deadletter.dir", deadletter, archive, held);
            FolderChecks.held("logship.ledger.dir", ledger, archive, held);
            if (!held.isEmpty()) {
                r.problems.add("logship.archive.dir=" + archive + " is or contains " + String.join(", ", held)
                        + FolderChecks.PRUNED);
            }
        }
        notShipped(r, source, deadletter, ledger);
        if (!r.problems.isEmpty()) {
            throw new SettingsException(r.problems);
        }
        return new LogshipSettings(source, stable, afterShip, archive, host, port, share, dir, user, password,
                domain, buffer, inFlight, parallel, timeout, verify, initialDelay, maxDelay, multiplier, maxAttempts, deadletter,
                includes, excludes, probe, scan, maxAge, warn, crit, crypto, encrypt, integrity, integritySeconds,
                Path.of(manifest), ledger, ledgerDays, archiveMaxBytes, archiveMaxAgeDays,
                doneFileName, layout, maxFilesPerPoll, pollMillis, timeZone, emptyMinAge, inUseCheck,
                disposeRetrySeconds, nameEncoding, bandwidth, auth, principal, keytab, krb5Config, dfs);
    }

    private static boolean readWell(SettingsReader r, String key) {
        return r.problems.stream().noneMatch(p -> p.startsWith(key + "=") || p.startsWith(key + " "));
    }

    /** log4j's size format (its FileSize): a number and an optional KB, MB, GB or TB. */
    private static final java.util.regex.Pattern LOG_SIZE = java.util.regex.Pattern.compile(
            "(?i)[0-9]+([.,][0-9]+)?\\s*[KMGT]?B?");

    /**
     * Keys read before the settings, where a bad value passes without logship's word: logship's own log
     * (log4j prints an error of its own and takes its default) and the management port, which validate
     * does not bind.
     */
    private static void processKeys(SettingsReader r) {
        String size = r.optional("logship.log.maxFileSize");
        if (!size.isEmpty() && !LOG_SIZE.matcher(size).matches()) {
            r.problems.add("logship.log.maxFileSize=" + size + " is not a size: use e.g. 10MB or 500KB");
        }
        String files = r.optional("logship.log.maxFiles");
        if (!files.isEmpty() && (!files.matches("[0-9]{1,4}") || files.matches("0+"))) {
            r.problems.add("logship.log.maxFiles=" + files + " is not a number of files from 1 to 9999: use e.g. 10");
        }
        String port = r.optional("camel.management.port");
        if (!port.isEmpty() && (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65_535)) {
            r.problems.add("camel.management.port=" + port + " is not a port from 0 to 65535: use e.g. 9810");
        }
    }

    /** log4j2.xml's folder when {@code logship.log.dir} is empty. */
    private static final String DEFAULT_LOG_DIR = "logs";

    /**
     * Refuses a folder of logship's own as the source folder: whatever lands there is shipped and deleted,
     * and written again, without end (a quarantine record, the ledger, logship's log), or a secret leaves.
     * Across targets: {@link TargetOverlay}.
     */
    private static void notShipped(SettingsReader r, Path source, Path deadletter, Path ledger) {
        if (FolderChecks.same(deadletter, source)) {
            r.problems.add("logship.deadletter.dir=" + deadletter + " is logship.source.dir" + FolderChecks.SHIPPED_AGAIN);
        }
        if (FolderChecks.same(ledger, source)) {
            r.problems.add("logship.ledger.dir=" + ledger + " is logship.source.dir: the ledger would be shipped again"
                    + " and again; give the ledger its own folder");
        }
        String log = r.optional("logship.log.dir");
        Path logDir = Path.of(log.isEmpty() ? DEFAULT_LOG_DIR : log).toAbsolutePath().normalize();
        if (FolderChecks.same(logDir, source)) {
            r.problems.add("logship.log.dir=" + logDir + " is logship.source.dir: logship would ship its own log files;"
                    + " give the log its own folder");
        }
        for (String key : List.of("logship.nas.passwordFile", "logship.nas.kerberos.keytab")) {
            String secret = r.optional(key);
            Path folder = secret.isEmpty() ? null : Path.of(secret).toAbsolutePath().normalize().getParent();
            if (FolderChecks.same(folder, source)) {
                r.problems.add(key + "=" + secret + " is in logship.source.dir=" + source + ": logship would ship the"
                        + " secret to the NAS; keep it in a folder of its own");
            }
        }
    }

    /** The target the plain {@code logship.*} keys describe when {@code logship.targets} is not set. */
    public static final String MAIN = "main";

    /**
     * The name of a target's route or health check: {@code base} for the main target, so a single-target
     * installation keeps its plain names, and {@code base-NAME} for the others.
     */
    public static String perTarget(String base, String target) {
        return MAIN.equals(target) ? base : base + "-" + target;
    }

    /**
     * {@link #targets(Function, Collection)} on Camel's properties; every {@code logship.*} key set in the
     * configuration file, by the program, as a {@code -D} option or a {@code LOGSHIP_*} environment
     * variable must be one logship knows ({@link KnownKeys}), named with where it was set.
     */
    public static Map<String, LogshipSettings> targets(PropertiesComponent properties) {
        return TargetOverlay.targets(key -> properties.resolveProperty(key).orElse(null), KeyCheck.keysSet(properties),
                System.getenv(), configFiles(properties));
    }

    /** The configuration files Camel reads: its {@code file:} locations. */
    static List<Path> configFiles(PropertiesComponent properties) {
        return ConfigFile.files(properties).stream().map(Path::of).toList();
    }

    /**
     * Every target of {@code logship.targets}, in order, with its settings. For target NAME a key
     * {@code logship.target.NAME.X} overrides {@code logship.X}; a key not given there is taken from
     * {@code logship.X}. Throws one {@link SettingsException} naming every problem of every target.
     *
     * @param keys the keys set, each checked against the keys logship knows
     */
    public static Map<String, LogshipSettings> targets(Function<String, String> lookup, Collection<String> keys) {
        return TargetOverlay.targets(lookup, KeyCheck.unsourced(keys), Map.of(), List.of());
    }

    /** The names of {@code logship.targets}; {@code main} when it is empty. */
    public static List<String> targetNames(Function<String, String> lookup) {
        return TargetOverlay.names(lookup);
    }

    /**
     * Where the value Camel reads for {@code key} was set, for a problem line: " (config/application.properties
     * line 10)", " (-Dkey)", " (environment variable KEY)", or "" when it is not set.
     */
    public static String origin(PropertiesComponent properties, String key) {
        return KeyCheck.origin(KeyCheck.keysSet(properties), System.getenv(), key);
    }

    /** The environment variable Camel reads for a key: upper case, dots and dashes as underscores. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
