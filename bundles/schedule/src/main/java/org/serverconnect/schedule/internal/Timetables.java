package org.serverconnect.schedule.internal;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.serverconnect.api.schedule.Timetable;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/** Parses timetables; cron through cron-utils. Plain Java. */
final class Timetables {
    private static final Pattern EVERY = Pattern.compile("every\\s+(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
    /** Immediate mode still looks every minute: file events are lost on network file systems. */
    static final Duration IMMEDIATE_FALLBACK = Duration.ofMinutes(1);

    private static final CronParser SECONDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private Timetables() {
    }

    static Timetable parse(String expression, String window, ZoneId zone) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("the timetable is empty: use a cron expression, 'every 5m' or 'immediate'");
        }
        String e = expression.trim();
        Window w = window == null || window.isBlank() ? null : Window.parse(window);
        if (e.equalsIgnoreCase("immediate")) {
            return new Base(e, w, zone, true) {
                @Override
                ZonedDateTime plain(ZonedDateTime after) {
                    return after.plus(IMMEDIATE_FALLBACK);
                }
            };
        }
        Matcher m = EVERY.matcher(e);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
            };
            if (d.isZero()) {
                throw new IllegalArgumentException("timetable '" + e + "': the interval must be longer than zero");
            }
            return new Base(e, w, zone, false) {
                @Override
                ZonedDateTime plain(ZonedDateTime after) {
                    return after.plus(d);
                }
            };
        }
        if (e.toLowerCase(Locale.ROOT).startsWith("every")) {
            throw new IllegalArgumentException("timetable '" + e + "': an interval is written 'every 30s', 'every 5m' or 'every 1h'");
        }
        int fields = e.split("\\s+").length;
        if (fields < 5) {       // a word mistyped ('imediate', 'evry 5m'), not a cron expression
            throw new IllegalArgumentException("timetable '" + e + "' is not understood: write 'immediate', an interval such "
                    + "as 'every 5m', or a cron expression of 5 fields (minute hour day month weekday), or 6 with the "
                    + "second first");
        }
        CronParser parser = switch (fields) {
        case 5 -> UNIX;
        case 6 -> SECONDS;
        case 7 -> QUARTZ;
        default -> throw new IllegalArgumentException("timetable '" + e + "' has " + fields + " fields: a cron expression has 5 "
                + "(minute hour day month weekday) or 6 (second first) fields; or write 'every 5m' or 'immediate'");
        };
        ExecutionTime cron;
        try {
            cron = ExecutionTime.forCron(parser.parse(e));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("timetable '" + e + "': " + ex.getMessage());
        }
        return new Base(e, w, zone, false) {
            @Override
            ZonedDateTime plain(ZonedDateTime after) {
                ZonedDateTime candidate = cron.nextExecution(after.withZoneSameInstant(zone)).orElse(null);
                return inGap(cron, zone, after, candidate);
            }
        };
    }

    /**
     * A run whose local time does not exist (the hour skipped when clocks go forward) is not lost: it happens at the
     * first moment after the change, as Unix cron does. cron-utils skips such times, so the skipped local hours
     * between {@code after} and the candidate are checked with the offset from before the change.
     */
    static ZonedDateTime inGap(ExecutionTime cron, ZoneId zone, ZonedDateTime after, ZonedDateTime candidate) {
        java.time.zone.ZoneRules rules = zone.getRules();
        java.time.zone.ZoneOffsetTransition tr = rules.nextTransition(after.toInstant());
        while (tr != null && (candidate == null || tr.getInstant().isBefore(candidate.toInstant()))) {
            if (tr.isGap()) {
                ZonedDateTime probe = tr.getDateTimeBefore().minusSeconds(1).atZone(tr.getOffsetBefore());
                ZonedDateTime match = cron.nextExecution(probe).orElse(null);
                if (match != null && match.toLocalDateTime().isBefore(tr.getDateTimeAfter())) {
                    ZonedDateTime run = ZonedDateTime.ofInstant(tr.getInstant(), zone);
                    if (run.isAfter(after)) {
                        return run;
                    }
                }
            }
            tr = rules.nextTransition(tr.getInstant());
        }
        return candidate;
    }

    /** A timetable with an optional window. */
    abstract static class Base implements Timetable {
        /** How many window openings {@link #next} looks at for a time of the timetable inside the window. */
        private static final int MAX_OPENINGS = 1_000;

        private final String expression;
        private final Window window;
        private final ZoneId zone;
        private final boolean immediate;

        Base(String expression, Window window, ZoneId zone, boolean immediate) {
            this.expression = expression;
            this.window = window;
            this.zone = zone;
            this.immediate = immediate;
        }

        /** The next time strictly after {@code after}, ignoring the window; null for never. */
        abstract ZonedDateTime plain(ZonedDateTime after);

        @Override
        public boolean immediate() {
            return immediate;
        }

        @Override
        public Optional<ZonedDateTime> next(ZonedDateTime after) {
            ZonedDateTime t = plain(after.withZoneSameInstant(zone));
            for (int i = 0; t != null && window != null && !window.allows(t); i++) {
                if (i == MAX_OPENINGS) {
                    return Optional.empty();    // its times never fall inside the window: never, not outside it
                }
                ZonedDateTime opening = window.nextOpening(t);
                // An interval or immediate timetable waits for the window to open; cron keeps its own times: its
                // first one from the opening on (not the next one after t, which for a frequent cron and a window
                // days away would take more steps than allowed and end outside the window).
                ZonedDateTime justBefore = opening.minusSeconds(1);
                t = isCron() ? plain(justBefore.isAfter(t) ? justBefore : t) : opening;
            }
            return Optional.ofNullable(t);
        }

        private boolean isCron() {
            return !immediate && !EVERY.matcher(expression).matches();
        }

        @Override
        public boolean allows(ZonedDateTime at) {
            return window == null || window.allows(at.withZoneSameInstant(zone));
        }

        ZoneId zone() {
            return zone;
        }

        @Override
        public String toString() {
            return expression + (window == null ? "" : " within " + window) + " (" + zone + ")";
        }
    }
}
