package io.logship.it;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one Samba AD domain controller the Kerberos tests share ({@link SambaDomain}): started on first
 * use, stopped when the test run ends. Fails with the reason (a port taken, a package missing) rather
 * than skipping.
 */
public final class DomainFixture implements BeforeAllCallback {

    private static SambaDomain domain;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        domain();
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent("samba-domain", k -> (ExtensionContext.Store.CloseableResource) DomainFixture::stop);
    }

    public static synchronized SambaDomain domain() throws IOException, InterruptedException {
        if (domain == null) {
            long start = System.nanoTime();
            domain = SambaDomain.start(Files.createTempDirectory("logship-it-domain"));
            System.out.println("domain controller: started in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        return domain;
    }

    private static synchronized void stop() {
        if (domain != null) {
            domain.close();
            // its database, keytabs and share too: a test run leaves nothing behind in /tmp
            try (var paths = Files.walk(domain.workDir())) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not remove " + domain.workDir() + ": " + e.getMessage());
            }
            domain = null;
        }
    }
}
