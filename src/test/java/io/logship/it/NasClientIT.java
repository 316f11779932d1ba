package io.logship.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
     * Files shipped at once are served by separate smbd processes, so the server's work for them runs
     * on separate cores. Samba passes a connection whose client GUID it already knows to the process
     * serving that GUID; with smbj's one GUID per configuration every lane queued in one process.
     */
    @Test
    void eachLaneIsServedByAnSmbdProcessOfItsOwn() throws Exception {
        int lanes = 3;
        // other tests' sessions of the same user may still be closing: count only the processes that come
        Set<String> before = serverProcessesOf(samba.user());
        try (NasClient client = new NasClient(SambaSandbox.HOST, samba.port(), SambaFixture.SHARE, samba.user(),
                samba.password(), "", SmbConfigFactory.create(1 << 20, 30, true, true), lanes)) {
            client.start();
            ExecutorService pool = Executors.newFixedThreadPool(lanes);
            try {
                // each thread takes a lane of its own and connects it; lanes stay connected afterwards
                CyclicBarrier together = new CyclicBarrier(lanes);
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < lanes; w++) {
                    done.add(pool.submit(() -> {
                        together.await(30, TimeUnit.SECONDS);
                        client.mkdirs(nas.nasDir());
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
                Set<String> serving = serverProcessesOf(samba.user());
                serving.removeAll(before);
                assertEquals(lanes, serving.size(), "smbd processes serving the lanes");
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            }
        }
    }

    /** The smbd processes holding a session of {@code user}, from smbstatus. */
    private Set<String> serverProcessesOf(String user) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(samba.smbstatus("-p")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "smbstatus failed: " + out);
        Set<String> pids = new TreeSet<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 1 && f[0].matches("\\d+") && f[1].equals(user)) {
                pids.add(f[0]);
            }
        }
        return pids;
    }

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
