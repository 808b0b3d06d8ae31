package org.serverconnect.schedule.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;
import org.serverconnect.api.schedule.Timetable;

class TimetablesTest {
    static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    private static ZonedDateTime at(String local) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), STOCKHOLM);
    }

    private static ZonedDateTime next(Timetable t, ZonedDateTime after) {
        return t.next(after).orElseThrow();
    }

    @Test
    void cronWithSecondsAndUnixCronBothWork() {
        Timetable quarter = Timetables.parse("0 */15 * * * *", null, STOCKHOLM);
        assertEquals(at("2026-11-27T10:15:00"), next(quarter, at("2026-11-27T10:07:13")));
        Timetable unix = Timetables.parse("30 6 * * 1-5", null, STOCKHOLM);
        assertEquals(at("2026-11-30T06:30:00"), next(unix, at("2026-11-27T07:00:00")), "Friday after 06:30: Monday");
    }

    @Test
    void daylightSavingInStockholmNeitherDoublesNorLosesADailyRun() {
        Timetable daily = Timetables.parse("0 30 2 * * *", null, STOCKHOLM);
        // Autumn: 02:30 happens twice on 25 October 2026; the run happens once.
        ZonedDateTime first = next(daily, at("2026-10-25T00:00:00"));
        assertEquals(2, first.getHour());
        ZonedDateTime after = next(daily, first);
        assertEquals(at("2026-10-26T02:30:00"), after, "not again at the second 02:30");
        // Spring: 02:30 does not exist on 29 March 2026; the day's run is not lost, and the next is the next day's.
        ZonedDateTime spring = next(daily, at("2026-03-29T00:00:00"));
        assertEquals(at("2026-03-29T03:00:00"), spring, "runs at the first moment after the change, as cron does");
        assertEquals(at("2026-03-30T02:30:00"), next(daily, spring));
        // An interval counts real time: across the change it stays an hour apart.
        Timetable hourly = Timetables.parse("every 1h", null, STOCKHOLM);
        ZonedDateTime beforeChange = at("2026-10-25T02:15:00").withEarlierOffsetAtOverlap();
        assertEquals(3600, java.time.Duration.between(beforeChange, next(hourly, beforeChange)).getSeconds());
    }

    @Test
    void intervalsWaitForTheWindowAndCronKeepsItsOwnTimes() {
        Timetable every5 = Timetables.parse("every 5m", "Mon-Fri 06:00-20:00", STOCKHOLM);
        assertEquals(at("2026-11-27T10:05:00"), next(every5, at("2026-11-27T10:00:00")));
        assertEquals(at("2026-11-30T06:00:00"), next(every5, at("2026-11-27T19:58:00")), "Friday evening: Monday 06:00");
        assertFalse(every5.allows(at("2026-11-28T12:00:00")), "Saturday");
        assertTrue(every5.allows(at("2026-11-27T06:00:00")));
        assertFalse(every5.allows(at("2026-11-27T20:00:00")), "the end is exclusive");

        Timetable hourly = Timetables.parse("0 0 * * * *", "06:00-20:00", STOCKHOLM);
        assertEquals(at("2026-11-28T06:00:00"), next(hourly, at("2026-11-27T19:30:00")));
    }

    @Test
    void aFrequentCronWithANarrowWindowWaitsForTheWindowAcrossDays() {
        // every second, but only on Sunday from midnight for a minute: from Monday the next run is six days away
        Timetable t = Timetables.parse("* * * * * *", "Sun 00:00-00:01", STOCKHOLM);
        ZonedDateTime monday = at("2026-11-23T10:00:00");
        ZonedDateTime next = next(t, monday);
        assertEquals(at("2026-11-29T00:00:00"), next, "the first second of Sunday's window");
        assertTrue(t.allows(next));
        assertEquals(at("2026-11-29T00:00:01"), next(t, next), "then every second inside it");
        assertEquals(at("2026-12-06T00:00:00"), next(t, at("2026-11-29T00:00:59")), "and after it, next Sunday");
        // a cron whose times never fall inside the window never runs (instead of running outside it)
        Timetable never = Timetables.parse("0 0 12 * * *", "06:00-07:00", STOCKHOLM);
        assertTrue(never.next(monday).isEmpty(), "noon is never between 06:00 and 07:00: " + never.next(monday));
    }

    @Test
    void overnightWindowsBelongToTheDayTheyStart() {
        Window w = Window.parse("Fri 22:00-06:00");
        assertTrue(w.allows(at("2026-11-27T23:00:00")), "Friday night");
        assertTrue(w.allows(at("2026-11-28T05:59:00")), "early Saturday is still Friday's window");
        assertFalse(w.allows(at("2026-11-28T23:00:00")), "Saturday night is not");
        assertEquals(at("2026-12-04T22:00:00"), w.nextOpening(at("2026-11-28T07:00:00")));
    }

    @Test
    void immediateLooksEveryMinuteAsAFallbackAndSaysSo() {
        Timetable t = Timetables.parse("immediate", null, STOCKHOLM);
        assertTrue(t.immediate());
        assertEquals(at("2026-11-27T10:01:00"), next(t, at("2026-11-27T10:00:00")));
    }

    @Test
    void wrongExpressionsAreRefusedPointingAtTheWrongPart() {
        assertMessage("every 5x", "every 30s");
        assertMessage("0 0", "is not understood");
        assertMessage("0 0 0 0 0 0 0 0", "has 8 fields");
        assertMessage("61 * * * *", "61 * * * *");
        assertMessage("", "empty");
        IllegalArgumentException day = assertThrows(IllegalArgumentException.class,
                () -> Timetables.parse("every 5m", "Mon-Fry 06:00-20:00", STOCKHOLM));
        assertTrue(day.getMessage().contains("'Fry' is not a day"), day.getMessage());
        IllegalArgumentException time = assertThrows(IllegalArgumentException.class,
                () -> Timetables.parse("every 5m", "Mon-Fri 6am-8pm", STOCKHOLM));
        assertTrue(time.getMessage().contains("'6am' is not a time"), time.getMessage());
    }

    private static void assertMessage(String expression, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timetables.parse(expression, null, STOCKHOLM));
        assertTrue(e.getMessage().contains(expected), expression + ": " + e.getMessage());
    }

    @Test
    void programsOnAPlainClassPathFindTheSameGrammarTheSchedulerUses() {
        org.serverconnect.api.schedule.TimetableParser grammar = java.util.ServiceLoader
                .load(org.serverconnect.api.schedule.TimetableParser.class).findFirst().orElseThrow();
        assertTrue(grammar instanceof TimetableGrammar, grammar.getClass().getName());
        for (String[] wrong : new String[][] { { "imediate", null }, { "evry 5m", null }, { "every 5m", "Mon-Fry 06:00-20:00" } }) {
            IllegalArgumentException expected = assertThrows(IllegalArgumentException.class,
                    () -> Timetables.parse(wrong[0], wrong[1], STOCKHOLM));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> grammar.timetable(wrong[0], wrong[1], STOCKHOLM));
            assertEquals(expected.getMessage(), e.getMessage());
        }
        assertTrue(grammar.timetable("every 5m", "Mon-Fri 06:00-20:00", STOCKHOLM).allows(at("2026-11-27T10:00:00")));
    }
}
