package org.serverconnect.schedule.internal;

import java.time.ZoneId;

import org.serverconnect.api.schedule.Timetable;
import org.serverconnect.api.schedule.TimetableParser;

/**
 * The timetable grammar for programs on a plain class path ({@link java.util.ServiceLoader}), such as the
 * configuration command line, which checks a value before writing it: the same parser the {@link SchedulerService}
 * uses inside the runtime, without its timers and threads.
 */
public final class TimetableGrammar implements TimetableParser {

    @Override
    public Timetable timetable(String expression, String window, ZoneId zone) {
        return Timetables.parse(expression, window, zone);
    }
}
