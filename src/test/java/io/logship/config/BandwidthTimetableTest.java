package io.logship.config;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** logship.nas.bandwidth: one rate, off, or a timetable by day or week, which wraps around. */
class BandwidthTimetableTest {

    private static final long K = 1024;
    private static final long M = K * K;
    private static final ZoneId ZONE = ZoneId.of("Europe/Zurich");

    /** 2026-12-07 is a Monday. */
    private static ZonedDateTime at(String dayOfDecember2026, String time) {
        return LocalDateTime.parse("2026-12-" + dayOfDecember2026 + "T" + time).atZone(ZONE);
    }

    @ParameterizedTest
    @CsvSource({"10M, 10485760", "512K, 524288", "512k, 524288", "1G, 1073741824", "1048576, 1048576", "1.5M, 1572864",
        "16MiB, 16777216", "off, 0", "OFF, 0"})
    void oneRateHoldsAtEveryTime(String value, long bytesPerSecond) {
        BandwidthTimetable t = BandwidthTimetable.parse(value);
        for (ZonedDateTime when : List.of(at("07", "00:00"), at("09", "13:37"), at("13", "23:59"))) {
            assertEquals(bytesPerSecond, t.rateAt(when), value + " at " + when);
        }
        assertNull(t.nextChangeAfter(at("07", "00:00")));
        assertEquals(bytesPerSecond == 0, t.alwaysOff());
    }

    @Test
    void aDailyTimetableHoldsTheRateOfTheLastTimePassedAndWrapsAroundTheDay() {
        BandwidthTimetable t = BandwidthTimetable.parse("08:00,512K 18:00,10M 23:00,off");
        assertEquals(0, t.rateAt(at("08", "07:59")), "before 08:00: yesterday's 23:00 entry");
        assertEquals(512 * K, t.rateAt(at("08", "08:00")));
        assertEquals(512 * K, t.rateAt(at("08", "17:59")));
        assertEquals(10 * M, t.rateAt(at("08", "18:00")));
        assertEquals(0, t.rateAt(at("08", "23:30")));
        assertEquals(0, t.rateAt(at("07", "00:00")), "Monday 00:00, the week's first minute: Sunday's 23:00 entry");
        assertFalse(t.alwaysOff());
        assertEquals(at("08", "18:00"), t.nextChangeAfter(at("08", "12:00:30")));
        assertEquals(at("09", "08:00"), t.nextChangeAfter(at("08", "23:00")));
        assertEquals(at("14", "08:00"), t.nextChangeAfter(at("13", "23:59:59")), "Sunday night to Monday 08:00");
    }

    @Test
    void aWeeklyTimetableWrapsAroundTheWeek() {
        BandwidthTimetable t = BandwidthTimetable.parse("Mon-08:00,4M Mon-18:00,off; Sat-00:00,2M Sunday-22:00,off");
        assertEquals(0, t.rateAt(at("07", "07:59")), "Monday before 08:00: Sunday 22:00");
        assertEquals(4 * M, t.rateAt(at("07", "09:00")));
        assertEquals(0, t.rateAt(at("09", "12:00")), "Wednesday: Monday 18:00");
        assertEquals(2 * M, t.rateAt(at("12", "10:00")));
        assertEquals(2 * M, t.rateAt(at("13", "21:59")));
        assertEquals(0, t.rateAt(at("13", "22:00")));
        assertEquals(at("14", "08:00"), t.nextChangeAfter(at("13", "23:00")));
        // an entry without a day is every day's
        BandwidthTimetable mixed = BandwidthTimetable.parse("07:00,1M Sat-10:00,off");
        assertEquals(M, mixed.rateAt(at("12", "09:00")));
        assertEquals(0, mixed.rateAt(at("12", "11:00")));
        assertEquals(M, mixed.rateAt(at("13", "07:30")));
    }

    @Test
    void describesTheRateNowAndTheNextOne() {
        assertEquals("16 MiB/s", BandwidthTimetable.parse("16M").describe(at("07", "00:00")));
        assertEquals("off", BandwidthTimetable.parse("off").describe(at("07", "00:00")));
        assertEquals("512 KiB/s now, 10 MiB/s from Mon 18:00 (timetable 08:00,512K 18:00,10M 23:00,off)",
                BandwidthTimetable.parse(" 08:00,512K  18:00,10M 23:00,off ").describe(at("07", "12:00")));
        assertEquals("1.5 MiB/s", BandwidthTimetable.human(3 * M / 2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|it is empty",
        "fast|fast is not a rate",
        "0|0 is below 1K a second (to stop shipping is not what a cap does; off is no cap)",
        "08:00|08:00 is not a rate",
        "25:00,1M 08:00,off|25:00,1M is not a time of day (00:00 to 23:59)",
        "08:60,1M|08:60,1M is not a time of day (00:00 to 23:59)",
        "08:00,fast 18:00,off|fast is not a rate",
        "Xyz-08:00,1M|Xyz-08:00,1M does not begin with a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun)",
        "10M 08:00,1M|10M is not HH:MM,RATE or Day-HH:MM,RATE",
        "08:00,1M 08:00,2M|08:00,2M names a time another entry names too",
        "08:00,1M Sat-08:00,off|Sat-08:00,off names a time another entry names too",
        "08:00,2048G|2048G is above 1024G a second"})
    void aBadValueNamesItsBadPartAndTheFormsAllowed(String value, String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BandwidthTimetable.parse(value));
        assertTrue(e.getMessage().startsWith(bad + ": use one rate (10M), off, or HH:MM,RATE pairs"), e.getMessage());
    }

    @Test
    void theSettingsNameTheKeyAndTheTargetsKey() {
        Map<String, String> p = new HashMap<>();
        p.put("logship.nas.bandwidth", "08:00,4M 25:00,1M");
        List<String> problems = new java.util.ArrayList<>();
        SettingsReader r = new SettingsReader(p::get);
        assertEquals(BandwidthTimetable.OFF, r.bandwidth("logship.nas.bandwidth"));
        assertEquals(1, r.problems.size());
        problems.addAll(r.problems);
        assertTrue(problems.get(0).startsWith("logship.nas.bandwidth=08:00,4M 25:00,1M: 25:00,1M is not a time of day"),
                problems.get(0));
    }
}
