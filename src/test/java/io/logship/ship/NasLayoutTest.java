package io.logship.ship;

import java.time.Instant;
import java.time.ZoneId;
import java.util.TimeZone;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NasLayoutTest {

    @Test
    void joinsFoldersWithSlashesAndDropsEmptySegments() {
        assertEquals("base/host/2026/11/24", NasLayout.join("base", "/host//2026\\11/./24/"));
        assertEquals("host/2026", NasLayout.join("", "host/2026"));
        assertEquals("a.log", NasLayout.child("", "a.log"));
        assertEquals("d/a.log", NasLayout.child("d", "a.log"));
    }

    @Test
    void aLayoutCannotClimbOutOfTheBaseFolder() {
        assertThrows(IllegalArgumentException.class, () -> NasLayout.join("base", "../../etc"));
    }

    @Test
    void dateFunctionsOfALayoutAreFormattedInTheConfiguredZone() {
        String layout = "${hostname}/${date:file:yyyy}/${date:file:MM}/${date:file:dd}";
        assertEquals("${hostname}/${date-with-timezone:file:Pacific/Kiritimati:yyyy}/${date-with-timezone:file:"
                + "Pacific/Kiritimati:MM}/${date-with-timezone:file:Pacific/Kiritimati:dd}",
                NasLayout.inZone(layout, ZoneId.of("Pacific/Kiritimati")));
        // an offset without ':', which Camel splits on; an operator's own zone and a bare ${date:now} stay
        assertEquals("${date-with-timezone:file-1d:GMT+0530:HH:mm}/${date-with-timezone:now:UTC:yyyy}/${date:now}",
                NasLayout.inZone("${date:file-1d:HH:mm}/${date-with-timezone:now:UTC:yyyy}/${date:now}",
                        ZoneId.of("+05:30")));
        assertEquals("${date-with-timezone:now:UTC:yyyy}", NasLayout.inZone("${date:now:yyyy}", ZoneId.of("Etc/UTC")));
    }

    @Test
    void theDayFolderFollowsTheConfiguredZoneNotTheJvmsZone() throws Exception {
        // 23:30 UTC on 1 December is already 2 December in Kiritimati (UTC+14)
        long modified = Instant.parse("2026-12-01T23:30:00Z").toEpochMilli();
        String layout = "${date:file:yyyy}/${date:file:MM}/${date:file:dd}";
        TimeZone jvmZone = TimeZone.getDefault();
        try (CamelContext context = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(context);
            exchange.getIn().setHeader(Exchange.FILE_LAST_MODIFIED, modified);
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            assertEquals("2026/12/01", evaluate(context, NasLayout.inZone(layout, ZoneId.of("UTC")), exchange));
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            assertEquals("2026/12/02", evaluate(context, NasLayout.inZone(layout, ZoneId.of("Pacific/Kiritimati")), exchange));
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }

    private static String evaluate(CamelContext context, String expression, Exchange exchange) {
        return context.resolveLanguage("simple").createExpression(expression).evaluate(exchange, String.class);
    }

    @Test
    void temporaryUploadsLiveInOneFolderPerHostAndRoute() {
        NasLayout layout = new NasLayout("logs", "erp01");
        assertEquals("logs/.logship-tmp/erp01/ship-logs", layout.tempDir("ship-logs"));
        assertEquals("logs/erp01/2026/11/24", layout.targetDir("erp01/2026/11/24"));
    }
}
