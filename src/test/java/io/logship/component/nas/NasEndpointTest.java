package io.logship.component.nas;

import java.util.List;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The nas: endpoint's URI and options, as Camel parses them; no NAS is contacted. */
class NasEndpointTest {

    private CamelContext context;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        Properties p = new Properties();
        p.put("logship.nas.layout", "${hostname}/${date:file:yyyy}");
        context.getPropertiesComponent().setInitialProperties(p);
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private NasEndpoint endpoint(String uri) {
        return context.getEndpoint(uri, NasEndpoint.class);
    }

    @Test
    void defaultsAreLogshipsDefaults() {
        NasConfiguration c = endpoint("nas:nas.example:1445/logs").getConfiguration();
        assertEquals("nas.example", c.getHost());
        assertEquals(1445, c.getPort());
        assertEquals("logs", c.getShareName());
        assertEquals("sha256", c.verifyMode().name().toLowerCase());
        assertTrue(c.isChecksumFile());
        assertTrue(c.distinctOnCollision());
        assertTrue(c.isEncrypt());
        assertTrue(c.jdkCrypto());
        assertEquals(4, c.getWritesInFlight());
        assertEquals(1024 * 1024, c.getBufferSize());
        assertEquals(1, c.getConnections());
        assertEquals("", c.getPath());
        assertEquals("", c.getPassword());
    }

    @Test
    void thePortDefaultsTo445() {
        assertEquals(445, endpoint("nas:nas.example/logs").getConfiguration().getPort());
    }

    @Test
    void optionsAreRead() {
        NasConfiguration c = endpoint("nas:h:445/logs?path=tx/logs&verify=size&checksumFile=false&onCollision=fail"
                + "&writesInFlight=2&bufferSize=65536&connections=3&encrypt=false&cryptoProvider=bouncycastle"
                + "&username=u&password=RAW(p&ss)&domain=CORP").getConfiguration();
        assertEquals("tx/logs", c.getPath());
        assertEquals("size", c.verifyMode().name().toLowerCase());
        assertFalse(c.isChecksumFile());
        assertFalse(c.distinctOnCollision());
        assertEquals(2, c.getWritesInFlight());
        assertEquals(65536, c.getBufferSize());
        assertEquals(3, c.getConnections());
        assertFalse(c.isEncrypt());
        assertFalse(c.jdkCrypto());
        assertEquals("u", c.getUsername());
        assertEquals("p&ss", c.getPassword());
        assertEquals("CORP", c.getDomain());
    }

    @Test
    void theDefaultFileNameIsTheLayoutAndTheLocalName() {
        assertEquals("${hostname}/${date:file:yyyy}/${file:onlyname}", endpoint("nas:h/logs").fileNameText());
        assertEquals("x/${file:name}", endpoint("nas:h/logs?fileName=x/${file:name}").fileNameText());
    }

    @Test
    void aMisspeltOptionFailsNamingIt() {
        Exception e = assertThrows(ResolveEndpointFailedException.class, () -> endpoint("nas:h/logs?verfy=size"));
        assertTrue(e.getMessage().contains("verfy"), e.getMessage());
    }

    @Test
    void aBadChoiceFailsNamingTheOption() {
        Exception e = assertThrows(Exception.class, () -> endpoint("nas:h/logs?onCollision=overwrite"));
        assertTrue(messages(e).contains("onCollision=overwrite is not one of [distinctName, fail]"), messages(e));
        Exception zone = assertThrows(Exception.class, () -> endpoint("nas:h/logs?timeZone=Mars/Olympus"));
        assertTrue(messages(zone).contains("timeZone=Mars/Olympus"), messages(zone));
    }

    @Test
    void kerberosNeedsAPrincipalAndOneSecret() {
        String needs = "nas: endpoint option auth=kerberos needs kerberosPrincipal and either kerberosKeytab or a"
                + " password (password, passwordFile), not both";
        for (String uri : List.of("nas:h/logs?auth=kerberos&password=x", "nas:h/logs?auth=kerberos&kerberosPrincipal=p@R",
                "nas:h/logs?auth=kerberos&kerberosPrincipal=p@R&kerberosKeytab=/k&password=x")) {
            Exception e = assertThrows(Exception.class, () -> endpoint(uri), uri);
            assertTrue(messages(e).contains(needs), uri + ": " + messages(e));
        }
        NasConfiguration c = endpoint("nas:h/logs?auth=kerberos&kerberosPrincipal=p@R&kerberosKeytab=/k&dfs=true")
                .getConfiguration();
        assertEquals("p@R", c.getKerberosPrincipal());
        assertTrue(c.isDfs());
        Exception bad = assertThrows(Exception.class, () -> endpoint("nas:h/logs?auth=kerbros"));
        assertTrue(messages(bad).contains("auth=kerbros is not one of [ntlm, kerberos]"), messages(bad));
    }

    @Test
    void aPathInTheShareNameIsRefused() {
        Exception e = assertThrows(Exception.class, () -> endpoint("nas:h/logs/tx"));
        assertTrue(messages(e).contains("folders go in the path option"), messages(e));
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
