package org.serverconnect.schedule.internal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When runs may start: days of the week and a time range, in the account's zone, e.g. {@code Mon-Fri 06:00-20:00},
 * {@code Sat,Sun 10:00-14:00}, {@code 22:00-06:00} (overnight, every day). The end is exclusive. Plain Java.
 */
final class Window {
    private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    final Set<DayOfWeek> days;
    final LocalTime start;
    final LocalTime end;
    private final String text;

    private Window(Set<DayOfWeek> days, LocalTime start, LocalTime end, String text) {
        this.days = days;
        this.start = start;
        this.end = end;
        this.text = text;
    }

    /** @throws IllegalArgumentException naming the part that is wrong */
    static Window parse(String text) {
        String t = text.trim();
        String[] parts = t.split("\\s+");
        if (parts.length > 2) {
            throw new IllegalArgumentException("window '" + text + "' must be '[days] HH:MM-HH:MM', e.g. 'Mon-Fri 06:00-20:00'");
        }
        Set<DayOfWeek> days = parts.length == 2 ? days(parts[0], text) : EnumSet.allOf(DayOfWeek.class);
        String range = parts[parts.length - 1];
        String[] times = range.split("-");
        if (times.length != 2) {
            throw new IllegalArgumentException("window '" + text + "': the time range '" + range + "' must be HH:MM-HH:MM");
        }
        LocalTime start = time(times[0], text);
        LocalTime end = time(times[1], text);
        if (start.equals(end)) {
            throw new IllegalArgumentException("window '" + text + "': start and end are the same time");
        }
        return new Window(days, start, end, t);
    }

    private static Set<DayOfWeek> days(String spec, String text) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : spec.split(",")) {
            String[] range = item.split("-");
            if (range.length > 2) {
                throw new IllegalArgumentException("window '" + text + "': '" + item + "' is not a day or a range of days");
            }
            int from = day(range[0], text);
            int to = range.length == 2 ? day(range[1], text) : from;
            for (int d = from;; d = (d + 1) % 7) {
                days.add(DayOfWeek.of(d + 1));
                if (d == to) {
                    break;
                }
            }
        }
        return days;
    }

    private static int day(String s, String text) {
        String d = s.trim().toUpperCase(Locale.ROOT);
        int i = d.length() >= 3 ? DAYS.indexOf(d.substring(0, 3)) : -1;
        if (i < 0) {
            throw new IllegalArgumentException("window '" + text + "': '" + s + "' is not a day (Mon, Tue, ..., Sun)");
        }
        return i;
    }

    private static LocalTime time(String s, String text) {
        try {
            return LocalTime.parse(s.trim().length() == 4 ? "0" + s.trim() : s.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("window '" + text + "': '" + s + "' is not a time (HH:MM)");
        }
    }

    private boolean overnight() {
        return end.isBefore(start);
    }

    boolean allows(ZonedDateTime at) {
        LocalTime t = at.toLocalTime();
        if (!overnight()) {
            return days.contains(at.getDayOfWeek()) && !t.isBefore(start) && t.isBefore(end);
        }
        // Overnight: the part after midnight belongs to the previous day's window.
        if (!t.isBefore(start)) {
            return days.contains(at.getDayOfWeek());
        }
        return t.isBefore(end) && days.contains(at.getDayOfWeek().minus(1));
    }

    /** The first moment at or after {@code at} that the window allows. */
    ZonedDateTime nextOpening(ZonedDateTime at) {
        if (allows(at)) {
            return at;
        }
        LocalDate date = at.toLocalDate();
        for (int d = 0; d <= 8; d++) {
            ZonedDateTime candidate = ZonedDateTime.of(date.plusDays(d), start, at.getZone());
            if (candidate.isAfter(at) && allows(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("window " + text + " never opens");
    }

    @Override
    public String toString() {
        return text;
    }
}
