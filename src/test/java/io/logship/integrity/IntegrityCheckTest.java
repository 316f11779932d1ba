package io.logship.integrity;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fresh installation is "unsealed" (a warning, shipping goes on); a seal that existed and is gone is an alarm. */
class IntegrityCheckTest {

    @TempDir
    Path dir;

    private IntegrityCheck check(SealManifest seal) {
        return new IntegrityCheck(new DefaultCamelContext(false), seal, IntegrityCheck.Mode.ENFORCE, 0);
    }

    private SealManifest seal() throws Exception {
        Files.createDirectories(dir.resolve("routes"));
        Files.writeString(dir.resolve("application.properties"), "a = 1\n");
        Files.writeString(dir.resolve("routes/r.camel.yaml"), "- route: {}\n");
        return new SealManifest(dir.resolve("logship.seal"), dir.resolve("ledger/.logship-sealed"),
                dir.resolve("application.properties"), "file:" + dir.resolve("routes") + "/*.camel.yaml");
    }

    @Test
    void aFreshInstallationIsUnsealedAndShips() throws Exception {
        IntegrityCheck integrity = check(seal());
        integrity.check();
        assertTrue(integrity.unsealed());
        assertTrue(integrity.ok(), "nothing differs from a seal that was never made");
        assertFalse(integrity.blocksShipping());
        assertTrue(integrity.unsealedWarning().startsWith("unsealed: no seal " + dir.resolve("logship.seal")));
    }

    @Test
    void aSealRemovedAfterItExistedStopsShippingAcrossARestart() throws Exception {
        SealManifest seal = seal();
        seal.seal();
        IntegrityCheck integrity = check(seal);
        integrity.check();
        assertTrue(integrity.ok() && !integrity.unsealed() && !integrity.blocksShipping());

        Files.delete(dir.resolve("logship.seal"));
        // a new process: only the witness in logship's data remembers the seal
        IntegrityCheck restarted = check(seal());
        restarted.check();
        assertFalse(restarted.unsealed());
        assertTrue(restarted.blocksShipping());
        assertEquals(1, restarted.differences().size());
        assertTrue(restarted.differences().get(0).startsWith("the seal " + dir.resolve("logship.seal") + " is missing"),
                restarted.differences().toString());
    }

    @Test
    void anUnreadableSealIsAnAlarmNotAPass() throws Exception {
        SealManifest seal = seal();
        // a folder where the seal should be: it exists and cannot be read as one
        Files.createDirectories(dir.resolve("logship.seal"));
        IntegrityCheck integrity = check(seal);
        integrity.check();
        assertFalse(integrity.unsealed());
        assertTrue(integrity.blocksShipping());
        assertTrue(integrity.differences().get(0).startsWith("cannot compare with the seal"), integrity.differences().toString());
    }
}
