package io.logship.ship;

import io.logship.nas.BandwidthLimit;
import io.logship.nas.NasClient;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Writes the local file to its temporary name on the NAS: one new file, several write requests in
 * flight, each as large as the server takes. The file stays open for the verify and publish stages of the same {@code nas:} call.
 *
 * <p>logship writes through its own smbj session rather than the camel-smb producer: that producer
 * writes one request at a time and asks for the file's size before each one, which held a 1 GiB
 * upload to a sixth of the speed the NAS allows here (docs/performance.md).
 */
public class UploadProcessor implements Processor {

    private final NasClient nas;
    private final int writesInFlight;
    private final BandwidthLimit limit;

    /** @param limit the target's cap, shared by its lanes: the upload writes what it reads, as fast as it allows */
    public UploadProcessor(NasClient nas, int writesInFlight, BandwidthLimit limit) {
        this.nas = nas;
        this.writesInFlight = writesInFlight;
        this.limit = limit;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ShipAttempt attempt = exchange.getProperty(ShipAttempt.PROPERTY, ShipAttempt.class);
        attempt.remote = nas.create(attempt.tempPath);
        attempt.remote.upload(limit.uploads(attempt.stream), writesInFlight, attempt.localSize());
    }
}
