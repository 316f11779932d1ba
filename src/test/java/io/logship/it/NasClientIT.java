package io.logship.it;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.logship.nas.NasClient;
import io.logship.nas.RemoteFile;
import io.logship.nas.SmbConfigFactory;
import io.logship.sandbox.SambaSandbox;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The NAS client on its own, against the fixture's smbd. */
class NasClientIT extends ShipITSupport {

    /**
     * Workers that each start a file in the same folder that does not exist yet (the temporary folder
     * at start, a new day's folder) all succeed: one of them creates the folder, the others find it.
     * CI once saw the loser of this race pause shipping with STATUS_OBJECT_NAME_COLLISION.
     */
    @Test
    void workersCreatingTheSameNewFolderAtOnceAllSucceed() throws Exception {
        int workers = 4;
        int rounds = 10;
        try (NasClient client = new NasClient(SambaSandbox.HOST, samba.port(), SambaFixture.SHARE, samba.user(),
                samba.password(), "", SmbConfigFactory.create(1 << 20, 30, true, true), workers)) {
            client.start();
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                for (int round = 0; round < rounds; round++) {
                    String dir = nas.nasDir() + "/round-" + round + "/a/b";
                    CyclicBarrier together = new CyclicBarrier(workers);
                    List<Future<?>> done = new ArrayList<>();
                    for (int w = 0; w < workers; w++) {
                        String path = dir + "/file-" + w + ".part";
                        done.add(pool.submit(() -> {
                            together.await(30, TimeUnit.SECONDS);
                            try (RemoteFile f = client.create(path)) {
                                f.upload(new ByteArrayInputStream(new byte[] {1, 2, 3}), 1, 3);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : done) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                    try (var files = Files.list(nas.base().resolve("round-" + round + "/a/b"))) {
                        assertEquals(workers, files.count(), "round " + round);
                    }
                }
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            }
        }
    }
}
