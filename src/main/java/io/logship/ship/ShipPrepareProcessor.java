package io.logship.ship;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.logship.core.AttemptObserver;
import io.logship.core.AttemptTracker;
import io.logship.core.SourceReadException;
import io.logship.core.UnsafeNameException;
import io.logship.nas.NasClient;
import io.logship.nas.NasNames;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Processor;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one attempt of the {@code nas:} producer: names the temporary and final NAS paths and opens a
 * hashing stream over the local file, so the SHA-256 is computed while the file uploads and the file
 * is read once. It opens the file afresh on every call, so a redelivery starts the attempt over.
 */
public class ShipPrepareProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ShipPrepareProcessor.class);

    private final NasClient nas;
    private final NasLayout layout;
    private final Expression fileName;
    private final boolean mapNames;
    private final AttemptTracker failures;
    private final AttemptObserver observer;
    private final Set<String> sweptRoutes = ConcurrentHashMap.newKeySet();

    /**
     * @param fileName the path under the layout's base folder, e.g. {@code ${hostname}/${file:onlyname}}
     * @param mapNames each part of that path with what Windows and SMB refuse mapped to look-alikes ({@link NasNames})
     */
    public ShipPrepareProcessor(NasClient nas, NasLayout layout, Expression fileName, boolean mapNames,
            AttemptTracker failures, AttemptObserver observer) {
        this.nas = nas;
        this.layout = layout;
        this.fileName = fileName;
        this.mapNames = mapNames;
        this.failures = failures;
        this.observer = observer;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        GenericFile<?> genericFile = exchange.getProperty(FileComponent.FILE_EXCHANGE_FILE, GenericFile.class);
        Path local = ((File) genericFile.getFile()).toPath();
        // a batch polled before the NAS failed must not hammer it file by file
        failures.checkNotPaused();
        String routeId = exchange.getFromRouteId();
        String tempDir = layout.tempDir(routeId);
        sweepOrphans(routeId, tempDir);

        String name = local.getFileName().toString();
        if (name.indexOf('\\') >= 0) {
            throw new UnsafeNameException(name);
        }
        String relative = fileName.evaluate(exchange, String.class);
        if (relative == null || relative.isBlank() || relative.endsWith("/")) {
            throw new IllegalStateException("the nas: endpoint's fileName gives '" + relative + "' for " + local
                    + ", which names no file: end it with a file name such as ${file:onlyname}");
        }
        // the NAS name: where the name is made, so a retry and a second copy of the file get the same one
        String produced = layout.targetDir(mapNames ? NasNames.path(relative) : relative);
        int slash = produced.lastIndexOf('/');
        String targetDir = slash < 0 ? "" : produced.substring(0, slash);
        name = produced.substring(slash + 1);
        // not derived from the file name: a name the server rejects must fail at the final name, not here
        String temp = NasLayout.child(tempDir, UUID.randomUUID() + ".part");
        ShipAttempt attempt;
        try {
            // read before the stream is opened: a file renamed onto the name in between differs at disposal
            SourceIdentity identity = SourceIdentity.of(local);
            attempt = new ShipAttempt(local, identity, temp, targetDir, name);
            attempt.stream = new HashingInputStream(Files.newInputStream(local), local, identity.size(), observer);
        } catch (IOException e) {
            throw new SourceReadException(local, e);
        }
        exchange.setProperty(ShipAttempt.PROPERTY, attempt);
    }

    /**
     * Deletes temporary files that an earlier process left behind (a crash mid-upload). It runs once
     * per route, before its first upload, while no upload of this route is in flight.
     */
    private void sweepOrphans(String routeId, String tempDir) {
        if (sweptRoutes.contains(routeId)) {
            return;
        }
        // the route's other shipping threads wait here until the sweep is done, so none of their
        // fresh temporary files is taken for an orphan
        synchronized (sweptRoutes) {
            if (sweptRoutes.contains(routeId)) {
                return;
            }
            for (String orphan : nas.listFiles(tempDir)) {
                nas.delete(NasLayout.child(tempDir, orphan));
                LOG.info("Removed temporary file {} left on {} by an interrupted upload", orphan, nas.describe());
            }
            sweptRoutes.add(routeId);
        }
    }
}
