package io.logship.it;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Samba AD domain controller of a test class ({@link SambaDomain}): started before its first test,
 * stopped after its last, so the DC holds its ports and memory only while its tests run. Fails with
 * the reason (a port taken, a package missing) rather than skipping.
 */
public final class DomainFixture implements BeforeAllCallback {

    private static SambaDomain domain;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        domain();
        context.getStore(ExtensionContext.Namespace.create(DomainFixture.class))
                .getOrComputeIfAbsent("samba-domain", k -> (AutoCloseable) DomainFixture::stop);
    }

    public static synchronized SambaDomain domain() throws IOException, InterruptedException {
        if (domain == null) {
            long start = System.nanoTime();
            domain = SambaDomain.start(Files.createTempDirectory("logship-it-domain"));
            System.out.println("domain controller: started in " + (System.nanoTime() - start) / 1_000_000 + " ms ("
                    + domain.timings() + ")");
        }
        return domain;
    }

    private static synchronized void stop() {
        if (domain != null) {
            // its database, keytabs and share too
            SambaFixture.closeAndDelete(domain::close, domain.workDir());
            domain = null;
        }
    }
}
