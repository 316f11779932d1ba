package io.logship.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.logship.nas.NasClient;
import io.logship.nas.SmbConfigFactory;
import io.logship.sandbox.SambaSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crash and chaos tests' NAS crash: {@link SambaSandbox#kill()} ends smbd and every process it forked
 * (Samba 4.17's children die with their parent; the sandbox also kills any that would not), and the
 * server starts again on the same port.
 */
class SambaSandboxIT {

    @TempDir
    Path work;

    @Test
    void aKillEndsSmbdAndTheChildServingAConnectionAndTheServerStartsAgain() throws Exception {
        byte[] content = "posted\n".getBytes(StandardCharsets.UTF_8);
        try (SambaSandbox samba = SambaSandbox.builder(work).user(SambaFixture.USER, "kill-test-pw").share("logs").start();
                NasClient nas = client(samba); NasClient again = client(samba)) {
            // a session, served by a child smbd forked for its connection
            nas.writeSmall("before.log", content);
            ProcessHandle parent = ProcessHandle.current().children()
                    .filter(p -> p.info().commandLine().orElse("").contains(work.resolve("smb.conf").toString()))
                    .findFirst().orElseThrow();
            List<ProcessHandle> smbd = new ArrayList<>(parent.descendants().toList());
            assertTrue(smbd.size() >= 2, "smbd's helpers and the connection's child: " + smbd);
            smbd.add(parent);

            samba.kill();

            assertEquals(List.of(), smbd.stream().filter(SambaSandbox::runs).map(ProcessHandle::pid).toList(),
                    "smbd or its children still running");
            samba.start();
            again.writeSmall("after.log", content);
            assertArrayEquals(content, Files.readAllBytes(samba.sharePath("logs").resolve("after.log")));
        }
    }

    private static NasClient client(SambaSandbox samba) {
        return new NasClient(SambaSandbox.HOST, samba.port(), "logs", SambaFixture.USER, "kill-test-pw", "",
                SmbConfigFactory.create(65_536, 5, true, false));
    }
}
