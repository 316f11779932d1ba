package io.logship;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.logship.config.LogshipSettings;
import io.logship.ship.NasLayout;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.util.FileUtil;

/**
 * The values the routes in {@code routes/} read as {{logship.target.NAME.KEY}}: each target's effective
 * setting, that is {@code logship.target.NAME.KEY} where it is set, else {@code logship.KEY}, validated
 * by {@link LogshipSettings}; plus a few that logship computes (named below). So a route never needs a
 * default of its own, and a key the operator overrides for one target reaches that target's route only.
 *
 * <p>A properties source rather than nested defaults in the YAML
 * ({@code {{logship.target.web.source.dir:{{logship.source.dir}}}}}, which Camel also reads): the
 * password may come from {@code logship.nas.passwordFile}, and a few values are computed, which a
 * placeholder cannot do.
 */
public class TargetProperties implements PropertiesSource {

    private final Map<String, String> values = new ConcurrentHashMap<>();

    @Override
    public String getName() {
        return "logship-targets";
    }

    @Override
    public String getProperty(String name) {
        return values.get(name);
    }

    /** Adds target {@code name}'s values. */
    void add(String name, LogshipSettings settings) {
        values(settings).forEach((key, value) -> values.put("logship.target." + name + "." + key, value));
    }

    /** One target's values, keyed as after {@code logship.target.NAME.}. */
    static Map<String, String> values(LogshipSettings s) {
        Map<String, String> v = new HashMap<>();
        v.put("source.dir", slashes(s.sourceDir().toString()));
        v.put("source.include", String.join(",", s.includes()));
        if (!s.excludes().isEmpty()) {
            v.put("source.exclude", String.join(",", s.excludes()));
        }
        v.put("source.stableSeconds", Integer.toString(s.stableSeconds()));
        if (!s.doneFileName().isEmpty()) {
            v.put("source.doneFileName", s.doneFileName());
        }
        v.put("source.maxFilesPerPoll", Integer.toString(s.maxFilesPerPoll()));
        v.put("source.pollMillis", Integer.toString(s.pollMillis()));
        // computed: Windows' file names ignore case, so must its patterns (*.log also matches TRANS.LOG)
        v.put("source.caseSensitive", Boolean.toString(!FileUtil.isWindows()));
        // computed from logship.source.afterShip: the file consumer's delete, or its move to the archive
        v.put("source.delete", Boolean.toString(s.afterShip() == LogshipSettings.AfterShip.DELETE));
        if (s.afterShip() == LogshipSettings.AfterShip.ARCHIVE) {
            // the shipped time keeps a rotated name (trans.log.1) from replacing an earlier archived one
            v.put("source.move", NasLayout.inZone(slashes(s.archiveDir().toString())
                    + "/${date:file:yyyy}/${date:file:MM}/${date:file:dd}/${file:onlyname}.${date:now:yyyyMMdd-HHmmssSSS}",
                    s.nasTimeZone()));
        }
        v.put("nas.host", s.nasHost());
        v.put("nas.port", Integer.toString(s.nasPort()));
        v.put("nas.share", s.nasShare());
        v.put("nas.dir", s.nasDir());
        v.put("nas.username", s.nasUsername());
        // from logship.nas.password or logship.nas.passwordFile
        v.put("nas.password", s.nasPassword());
        v.put("nas.domain", s.nasDomain());
        v.put("nas.auth", s.nasAuth().name().toLowerCase(Locale.ROOT));
        v.put("nas.kerberos.principal", s.nasKerberosPrincipal());
        v.put("nas.kerberos.keytab", s.nasKerberosKeytab() == null ? "" : slashes(s.nasKerberosKeytab().toString()));
        v.put("nas.kerberos.config", s.nasKerberosConfig() == null ? "" : slashes(s.nasKerberosConfig().toString()));
        v.put("nas.dfs", Boolean.toString(s.nasDfs()));
        v.put("nas.layout", s.nasLayout());
        v.put("nas.nameEncoding", s.nasNameEncoding().name().toLowerCase(Locale.ROOT));
        // computed: the zone as Camel's ${date-with-timezone:...} reads it (the system's when the key is empty)
        v.put("nas.timeZone", NasLayout.timeZoneId(s.nasTimeZone()));
        v.put("nas.bufferSize", Integer.toString(s.nasBufferSize()));
        v.put("nas.writesInFlight", Integer.toString(s.nasWritesInFlight()));
        v.put("nas.parallelFiles", Integer.toString(s.nasParallelFiles()));
        v.put("nas.timeoutSeconds", Integer.toString(s.nasTimeoutSeconds()));
        v.put("nas.encrypt", Boolean.toString(s.nasEncrypt()));
        v.put("nas.cryptoProvider", s.nasCrypto().name().toLowerCase(Locale.ROOT));
        v.put("verify", s.verify().name().toLowerCase(Locale.ROOT));
        return v;
    }

    private static String slashes(String path) {
        return path.replace('\\', '/');
    }
}
