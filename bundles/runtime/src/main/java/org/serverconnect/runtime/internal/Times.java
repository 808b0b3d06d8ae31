package org.serverconnect.runtime.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times for people: to the second, in this machine's zone, with the zone ({@code 2026-11-28 02:12:26 CET}). */
final class Times {
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);

    private Times() {
    }

    static String text(Instant i) {
        return text(i, ZoneId.systemDefault());
    }

    static String text(Instant i, ZoneId zone) {
        return i == null ? "never" : TEXT.format(i.atZone(zone));
    }
}
