package io.logship.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks of logship.nas.auth=kerberos: a principal, one secret, and the server's name. */
final class KerberosChecks {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private KerberosChecks() {
    }

    static void check(SettingsReader r, String host, String principal, String password) {
        if (principal.isEmpty()) {
            r.problems.add("logship.nas.auth=kerberos needs logship.nas.kerberos.principal: the service account's"
                    + " principal, e.g. svc-logship@CORP.EXAMPLE");
        }
        boolean keytabKey = !r.optional("logship.nas.kerberos.keytab").isEmpty();
        if (!keytabKey && password.isEmpty()) {
            r.problems.add("logship.nas.auth=kerberos needs logship.nas.kerberos.keytab, or the account's password in"
                    + " logship.nas.password or logship.nas.passwordFile");
        }
        if (keytabKey && !password.isEmpty()) {
            r.problems.add("logship.nas.kerberos.keytab and a password (logship.nas.password or logship.nas.passwordFile)"
                    + " are both set: keep only one");
        }
        if (host != null && isAddress(host)) {
            r.problems.add("logship.nas.host=" + host + " is an IP address, but Kerberos (logship.nas.auth=kerberos)"
                    + " asks for the service principal cifs/<host>: use the server's name, as the domain knows it");
        }
    }

    /**
     * The JDK reads one krb5.conf per process: every target that logs in with Kerberos names the same
     * logship.nas.kerberos.config (or none).
     */
    static void oneConfig(Map<String, LogshipSettings> targets, Set<String> problems) {
        Path first = null;
        String firstName = null;
        for (Map.Entry<String, LogshipSettings> t : targets.entrySet()) {
            if (t.getValue().nasAuth() != LogshipSettings.NasAuth.KERBEROS) {
                continue;
            }
            Path config = t.getValue().nasKerberosConfig();
            if (firstName == null) {
                first = config;
                firstName = t.getKey();
            } else if (!Objects.equals(first, config)) {
                problems.add("logship.nas.kerberos.config is " + (first == null ? "unset" : first) + " for target "
                        + firstName + " but " + (config == null ? "unset" : config) + " for target " + t.getKey()
                        + ": the JDK reads one krb5.conf per process; give every target the same one");
            }
        }
    }

    /** An IPv4 or IPv6 literal, with or without brackets. */
    static boolean isAddress(String host) {
        return IPV4.matcher(host).matches() || host.contains(":");
    }
}
