package io.logship.config;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code logship.nas.bandwidth}: one rate ({@code 10M}), {@code off}, or a timetable of {@code HH:MM,RATE}
 * pairs separated by spaces, each optionally for one weekday ({@code Mon-08:00,4M Mon-18:00,off}), as
 * rclone's {@code --bwlimit} reads them. Rates are bytes per second with binary suffixes K, M, G
 * ({@code 512K} is 524288 bytes/s; unlike rclone, a bare number is bytes). The rate in force is that of
 * the last time passed; the timetable wraps around the week (entries with a weekday) or the day.
 */
public final class BandwidthTimetable {

    /** No cap at any time. */
    public static final BandwidthTimetable OFF = new BandwidthTimetable("off", new TreeMap<>(Map.of(0, 0L)));

    private static final int MINUTES_PER_DAY = 24 * 60;
    private static final int MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
    private static final Pattern ENTRY = Pattern.compile("(?:([A-Za-z]+)-)?(\\d{1,2}):(\\d{2}),(.*)");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)([KMG]?)(?:i?B)?", Pattern.CASE_INSENSITIVE);

    private final String text;
    /** Minute of the week (Monday 00:00 is 0) to bytes per second, 0 for no cap. */
    private final TreeMap<Integer, Long> byMinute;
    private final boolean alwaysOff;

    private BandwidthTimetable(String text, TreeMap<Integer, Long> byMinute) {
        this.text = text;
        this.byMinute = byMinute;
        this.alwaysOff = byMinute.values().stream().allMatch(r -> r == 0);
    }

    /** Parses {@code value}; throws IllegalArgumentException naming the bad part and the forms allowed (not the key). */
    public static BandwidthTimetable parse(String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw bad("", "is empty");
        }
        String[] parts = v.split("[\\s;]+");
        if (parts.length == 1 && !parts[0].contains(",")) {
            return new BandwidthTimetable(v, new TreeMap<>(Map.of(0, rate(parts[0]))));
        }
        TreeMap<Integer, Long> byMinute = new TreeMap<>();
        List<String> seen = new ArrayList<>();
        for (String part : parts) {
            Matcher m = ENTRY.matcher(part);
            if (!m.matches()) {
                throw bad(part, "is not HH:MM,RATE or Day-HH:MM,RATE");
            }
            int hour = Integer.parseInt(m.group(2));
            int minute = Integer.parseInt(m.group(3));
            if (hour > 23 || minute > 59) {
                throw bad(part, "is not a time of day (00:00 to 23:59)");
            }
            long rate = rate(m.group(4));
            List<DayOfWeek> days = m.group(1) == null ? List.of(DayOfWeek.values()) : List.of(day(part, m.group(1)));
            for (DayOfWeek day : days) {
                int at = (day.getValue() - 1) * MINUTES_PER_DAY + hour * 60 + minute;
                if (byMinute.put(at, rate) != null) {
                    throw bad(part, "names a time another entry names too");
                }
            }
            seen.add(part);
        }
        return new BandwidthTimetable(String.join(" ", seen), byMinute);
    }

    private static IllegalArgumentException bad(String part, String why) {
        return new IllegalArgumentException((part.isEmpty() ? "it" : part) + " " + why + ": use one rate (10M), off, or HH:MM,RATE pairs separated by spaces, e.g."
                + " \"08:00,512K 18:00,10M 23:00,off\", each optionally for one day (Mon-08:00,4M); rates in bytes"
                + " per second with K, M or G (1024-based)");
    }

    private static DayOfWeek day(String part, String name) {
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.name().toLowerCase(Locale.ROOT);
            String given = name.toLowerCase(Locale.ROOT);
            if (given.equals(full) || given.equals(full.substring(0, 3))) {
                return d;
            }
        }
        throw bad(part, "does not begin with a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
    }

    /** Bytes per second, 0 for off. */
    private static long rate(String rate) {
        if (rate.equalsIgnoreCase("off")) {
            return 0;
        }
        Matcher m = RATE.matcher(rate);
        if (!m.matches()) {
            throw bad(rate, "is not a rate");
        }
        long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            case "G" -> 1L << 30;
            default -> 1;
        };
        double bytes = Double.parseDouble(m.group(1)) * unit;
        if (bytes < 1024) {
            throw bad(rate, "is below 1K a second (to stop shipping is not what a cap does; off is no cap)");
        }
        if (bytes > 1L << 40) {
            throw bad(rate, "is above 1024G a second");
        }
        return (long) bytes;
    }

    /** True when no entry caps anything: uploads need not be counted at all. */
    public boolean alwaysOff() {
        return alwaysOff;
    }

    /** Bytes per second in force at {@code now} (in its zone), 0 for no cap. */
    public long rateAt(ZonedDateTime now) {
        Map.Entry<Integer, Long> e = byMinute.floorEntry(minuteOfWeek(now));
        // before the week's first entry: the week's last one is still in force
        return (e != null ? e : byMinute.lastEntry()).getValue();
    }

    /** The next time after {@code now} at which an entry begins (its rate may be the same); null for one rate. */
    public ZonedDateTime nextChangeAfter(ZonedDateTime now) {
        if (byMinute.size() == 1) {
            return null;
        }
        int minute = minuteOfWeek(now);
        Integer next = byMinute.higherKey(minute);
        int ahead = next != null ? next - minute : MINUTES_PER_WEEK - minute + byMinute.firstKey();
        return now.truncatedTo(ChronoUnit.MINUTES).plusMinutes(ahead);
    }

    private static int minuteOfWeek(ZonedDateTime t) {
        return (t.getDayOfWeek().getValue() - 1) * MINUTES_PER_DAY + t.getHour() * 60 + t.getMinute();
    }

    /** "16 MiB/s", "off". */
    public static String human(long rate) {
        if (rate == 0) {
            return "off";
        }
        String[] units = {"B/s", "KiB/s", "MiB/s", "GiB/s"};
        double r = rate;
        int u = 0;
        while (r >= 1024 && u < units.length - 1) {
            r /= 1024;
            u++;
        }
        return (r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r)) + " " + units[u];
    }

    /** For the start-up summary: "off", "16 MiB/s", or "4 MiB/s now, 10 MiB/s from Mon 18:00 (timetable …)". */
    public String describe(ZonedDateTime now) {
        if (byMinute.size() == 1) {
            return human(byMinute.firstEntry().getValue());
        }
        ZonedDateTime next = nextChangeAfter(now);
        return human(rateAt(now)) + " now, " + human(rateAt(next)) + " from "
                + next.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH) + " "
                + String.format(Locale.ROOT, "%02d:%02d", next.getHour(), next.getMinute()) + " (timetable " + text + ")";
    }

    @Override
    public String toString() {
        return text;
    }
}
