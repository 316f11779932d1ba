package io.logship;

import com.hierynomus.smbj.SmbConfig;
import io.logship.config.LogshipSettings;
import io.logship.failure.Quarantine;
import io.logship.failure.ShipFailures;
import io.logship.nas.NasClient;
import io.logship.nas.SmbConfigFactory;
import io.logship.ship.DiscardTempProcessor;
import io.logship.ship.NasLayout;
import io.logship.ship.PublishProcessor;
import io.logship.ship.ShipPrepareProcessor;
import io.logship.verify.RemoteVerifyProcessor;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the {@code logship.*} keys and binds the named beans the routes in {@code routes/} call.
 * Runs before the routes are loaded, so a bad value stops start-up before any file is touched.
 */
public class LogshipConfiguration implements CamelConfiguration {

    /** Consumer option the route reads: delete the local file once its NAS copy is verified. */
    static final String DELETE_KEY = "logship.internal.deleteAfterShip";
    /** Consumer option the route reads: where the local file is moved once shipped (archive mode). */
    static final String MOVE_KEY = "logship.internal.archiveMove";

    private static final Logger LOG = LoggerFactory.getLogger(LogshipConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        LogshipSettings settings = LogshipSettings.from(properties);
        LOG.info("Configuration: {}", settings);

        if (settings.afterShip() == LogshipSettings.AfterShip.ARCHIVE) {
            properties.addOverrideProperty(DELETE_KEY, "false");
            // the shipped time keeps a rotated name (trans.log.1) from replacing an earlier archived one
            properties.addOverrideProperty(MOVE_KEY, settings.archiveDir().toString().replace('\\', '/')
                    + "/${date:file:yyyy}/${date:file:MM}/${date:file:dd}/${file:onlyname}.${date:now:yyyyMMdd-HHmmssSSS}");
        } else {
            properties.addOverrideProperty(DELETE_KEY, "true");
        }

        SmbConfig smbConfig = SmbConfigFactory.create(settings.nasBufferSize(), settings.nasTimeoutSeconds());
        NasClient nas = new NasClient(settings.nasHost(), settings.nasPort(), settings.nasShare(),
                settings.nasUsername(), settings.nasPassword(), settings.nasDomain(), smbConfig);
        NasLayout layout = new NasLayout(settings.nasDir());
        try {
            // closed with the context, after the routes have stopped
            context.addService(nas, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register the NAS client", e);
        }

        Quarantine quarantine = new Quarantine(settings.deadletterDir());
        ShipFailures failures = new ShipFailures(new ShipFailures.RetryPolicy(settings.retryInitialDelay(),
                settings.retryMaxDelay(), settings.retryMultiplier(), settings.retryMaxAttempts()), quarantine,
                nas.describe());

        Registry registry = context.getRegistry();
        // autowired into the smb: endpoint, so the producer and NasClient negotiate alike
        registry.bind("smbConfig", smbConfig);
        registry.bind("nas", nas);
        registry.bind("quarantine", quarantine);
        // the consumer's filter and the route's onException step
        registry.bind("shipFailures", failures);
        registry.bind("prepare", new ShipPrepareProcessor(nas, layout, failures));
        registry.bind("verifyRemote", new RemoteVerifyProcessor(nas, settings.verify(), settings.nasBufferSize()));
        registry.bind("publish", new PublishProcessor(nas, settings.nasBufferSize(), failures));
        registry.bind("discardTemp", new DiscardTempProcessor(nas));
    }
}
