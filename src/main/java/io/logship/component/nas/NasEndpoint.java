package io.logship.component.nas;

import java.time.ZoneId;

import io.logship.config.LogshipSettings.NasAuth;
import io.logship.nas.NasClient;
import io.logship.ship.NasLayout;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Expression;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Ships the exchange's local file (from a {@code file:} consumer) to an SMB share in one verified attempt:
 * temporary name, upload with several writes in flight, SHA-256 while streaming, read-back verify,
 * a rename that never overwrites, collision policy, sidecar, audit ledger. Producer only.
 */
@UriEndpoint(firstVersion = "1.0.0", scheme = "nas", title = "logship NAS", syntax = "nas:host:port/shareName",
        producerOnly = true, category = { Category.FILE }, headersClass = NasConstants.class)
public class NasEndpoint extends DefaultEndpoint {

    /** logship's layout key, the default fileName's folder part. */
    static final String LAYOUT_PROPERTY = "logship.nas.layout";

    @UriParam
    private final NasConfiguration configuration;

    NasEndpoint(String uri, NasComponent component, NasConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    public NasConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public NasComponent getComponent() {
        return (NasComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        return new NasProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("nas: endpoints only ship (to:); read the source with file:");
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        // a bad choice fails at start, naming the option, not on the first file
        configuration.verifyMode();
        configuration.distinctOnCollision();
        configuration.jdkCrypto();
        configuration.mapNames();
        if (configuration.authMode() == NasAuth.KERBEROS && (configuration.getKerberosPrincipal().isBlank()
                || configuration.getKerberosKeytab().isBlank() == (configuration.getPassword().isEmpty()
                        && configuration.getPasswordFile().isEmpty()))) {
            throw new IllegalArgumentException("nas: endpoint option auth=kerberos needs kerberosPrincipal and either"
                    + " kerberosKeytab or a password (password, passwordFile), not both");
        }
        zone();
        if (configuration.getWritesInFlight() < 1 || configuration.getConnections() < 1) {
            throw new IllegalArgumentException("nas: endpoint options writesInFlight and connections must be at least 1");
        }
    }

    /** The fileName expression with its date functions in {@code timeZone}. */
    Expression fileNameExpression() {
        String fileName = fileNameText();
        return getCamelContext().resolveLanguage("simple").createExpression(NasLayout.inZone(fileName, zone()));
    }

    /** The fileName option; unset: {@code {{logship.nas.layout}}/${file:onlyname}}, today's layout. */
    String fileNameText() {
        String fileName = configuration.getFileName();
        if (fileName != null && !fileName.isBlank()) {
            return fileName;
        }
        String layout = getCamelContext().getPropertiesComponent().resolveProperty(LAYOUT_PROPERTY).orElse("");
        return NasLayout.join(layout) + (layout.isBlank() ? "" : "/") + "${file:onlyname}";
    }

    ZoneId zone() {
        String zone = configuration.getTimeZone();
        try {
            return zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone.trim());
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("nas: endpoint option timeZone=" + zone + " is not a time zone ("
                    + e.getMessage() + "): use a region such as Europe/Zurich, or UTC, or leave it empty");
        }
    }

    NasClient client() throws Exception {
        return getComponent().client(configuration);
    }

    /** {@code sha256} or {@code size}, as the audit ledger records it. */
    String verifyName() {
        return configuration.verifyMode().name().toLowerCase(java.util.Locale.ROOT);
    }
}
