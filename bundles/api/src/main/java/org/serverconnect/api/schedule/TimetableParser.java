package org.serverconnect.api.schedule;

import java.time.ZoneId;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The grammar of timetables and windows, and nothing else: what the scheduler accepts, so that a value can be checked
 * before it is written (the command line, {@code serverconnect config check}, the installation file) by the same code
 * that reads it when it runs. Implemented by the schedule bundle only: as the {@link Scheduler} service inside the
 * runtime, and for programs on a plain class path (the configuration command line) as a
 * {@link java.util.ServiceLoader} provider of this interface.
 */
@ProviderType
public interface TimetableParser {

    /**
     * Parses a timetable: a cron expression (six fields with seconds, Quartz/Spring style, or five Unix fields), a
     * fixed interval ({@code every 30s}, {@code every 5m}, {@code every 1h}), or {@code immediate}; optionally
     * limited to a window such as {@code Mon-Fri 06:00-20:00}, in the given zone.
     *
     * @param expression the timetable
     * @param window     the window, or {@code null} / blank for always
     * @param zone       the zone the cron expression and the window are read in
     * @return the timetable
     * @throws IllegalArgumentException with a message that points at the wrong part
     */
    Timetable timetable(String expression, String window, ZoneId zone);
}
