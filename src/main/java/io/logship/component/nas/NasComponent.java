package io.logship.component.nas;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.logship.config.SecretFileAccess;
import io.logship.config.SecretLogMasker;
import io.logship.config.LogshipSettings.NasAuth;
import io.logship.nas.NasClient;
import io.logship.nas.NasLogin;
import io.logship.nas.SmbConfigFactory;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code nas:} component: endpoints that ship a local file to an SMB share in one verified attempt
 * ({@link NasProducer}). Endpoints with the same server, share, credentials and connection settings
 * share one {@link NasClient} and its connections; the component closes them when the context stops.
 */
@Component("nas")
public class NasComponent extends DefaultComponent {

    /** What makes two endpoints' connections interchangeable. */
    private record ClientKey(String host, int port, String share, String username, String password, String domain,
            NasAuth auth, String principal, String keytab, String krb5Config, boolean dfs,
            boolean encrypt, boolean jdkCrypto, int bufferSize, int timeoutSeconds, int connections) {

        NasLogin login() {
            return NasLogin.of(auth, username, domain, principal, keytab.isEmpty() ? null : Path.of(keytab), password,
                    krb5Config.isEmpty() ? null : Path.of(krb5Config));
        }
    }

    private final Map<ClientKey, NasClient> clients = new ConcurrentHashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        NasConfiguration configuration = new NasConfiguration();
        parseRemaining(remaining, configuration);
        NasEndpoint endpoint = new NasEndpoint(uri, this, configuration);
        setProperties(configuration, parameters);
        return endpoint;
    }

    /** {@code host[:port]/share}, as camel-smb's {@code smb:hostname:port/shareName}. */
    static void parseRemaining(String remaining, NasConfiguration configuration) {
        int slash = remaining.indexOf('/');
        if (slash <= 0 || slash == remaining.length() - 1 || remaining.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("nas:" + remaining + " is not nas:host:port/share (a share name only:"
                    + " folders go in the path option)");
        }
        String server = remaining.substring(0, slash);
        configuration.setShareName(remaining.substring(slash + 1));
        int colon = server.lastIndexOf(':');
        if (colon < 0) {
            configuration.setHost(server);
            return;
        }
        configuration.setHost(server.substring(0, colon));
        try {
            configuration.setPort(Integer.parseInt(server.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("nas:" + remaining + ": the port " + server.substring(colon + 1)
                    + " is not a number");
        }
    }

    /** The client of these settings, created on first use and shared by every endpoint that has them. */
    NasClient client(NasConfiguration c) throws IOException {
        String serviceAccount = getCamelContext().getPropertiesComponent()
                .resolveProperty(SecretFileAccess.SERVICE_ACCOUNT).orElse("");
        String password = password(c, serviceAccount);
        // whatever logs the endpoint or its failures, the password shows as ******
        SecretLogMasker.secret(password);
        ClientKey key = new ClientKey(c.getHost(), c.getPort(), c.getShareName(), c.getUsername(), password,
                c.getDomain(), c.authMode(), c.getKerberosPrincipal(), keytab(c, serviceAccount), c.getKerberosConfig(), c.isDfs(),
                c.isEncrypt(), c.jdkCrypto(), c.getBufferSize(), c.getTimeoutSeconds(), c.getConnections());
        return clients.computeIfAbsent(key, k -> new NasClient(k.host(), k.port(), k.share(), k.login(),
                SmbConfigFactory.create(k.bufferSize(), k.timeoutSeconds(), k.jdkCrypto(), k.encrypt(), k.dfs()),
                k.connections()));
    }

    /** The kerberosKeytab option, checked as passwordFile is: only {@code serviceAccount} and its owner may read it. */
    static String keytab(NasConfiguration c, String serviceAccount) throws IOException {
        if (c.getKerberosKeytab().isEmpty()) {
            return "";
        }
        secretFile("kerberosKeytab", c.getKerberosKeytab(), serviceAccount);
        return c.getKerberosKeytab();
    }

    /** The file an endpoint option names, refused unless only {@code serviceAccount} and the accounts trusted anyway may read it. */
    private static Path secretFile(String option, String value, String serviceAccount) throws IOException {
        Path file = Path.of(value);
        String open = SecretFileAccess.tooOpen(file, serviceAccount);
        if (open != null) {
            throw new IllegalArgumentException("nas: endpoint option " + option + "=" + value + " " + open);
        }
        return file;
    }

    /**
     * The password option, or the content of passwordFile (one trailing newline is not part of it),
     * which only {@code serviceAccount} (logship.service.account) and the accounts trusted anyway may read.
     */
    static String password(NasConfiguration c, String serviceAccount) throws IOException {
        if (c.getPasswordFile().isEmpty()) {
            return c.getPassword();
        }
        if (!c.getPassword().isEmpty()) {
            throw new IllegalArgumentException("nas: endpoint options password and passwordFile are both set: keep only one");
        }
        Path file = secretFile("passwordFile", c.getPasswordFile(), serviceAccount);
        try {
            return SecretFileAccess.read(file);
        } catch (SecretFileAccess.UnusableSecret e) {
            throw new IllegalArgumentException("nas: endpoint option passwordFile=" + file + " " + e.getMessage(), e);
        }
    }

    @Override
    protected void doStop() throws Exception {
        // after the routes: no upload is in flight any more
        clients.values().forEach(NasClient::close);
        clients.clear();
        super.doStop();
    }
}
