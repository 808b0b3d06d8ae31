package org.serverconnect.api.schedule;

import java.time.ZoneId;

import org.osgi.annotation.versioning.ProviderType;
import org.serverconnect.api.notify.RunKind;

/**
 * The runtime's one scheduler: it owns the timers, and runs execute on one bounded pool shared fairly by all
 * accounts. Implemented by the schedule bundle only.
 *
 * <p><b>Threads:</b> every method may be called from any thread and returns at once.
 */
@ProviderType
public interface Scheduler extends TimetableParser {

    /** {@inheritDoc} */
    @Override
    Timetable timetable(String expression, String window, ZoneId zone);

    /**
     * Plans an account's runs of one kind. At most one run of a job executes at a time; a run that overruns delays
     * the next one instead of stacking; after the machine slept or the clock jumped, a missed run happens once.
     *
     * @param account   the account's name (for fairness and thread names)
     * @param kind      the kind of run
     * @param timetable when
     * @param task      the run; it returns {@code true} when work is left (a slice of a large backlog was done), and
     *                  is then queued again behind the other accounts' runs
     * @return the job, to run now, trigger, inspect or cancel
     */
    Job schedule(String account, RunKind kind, Timetable timetable, RunTask task);

    /** One run of a job. */
    @FunctionalInterface
    interface RunTask {
        /**
         * @return {@code true} when work is left and the run should continue after other accounts had their turn
         * @throws Exception anything; it is logged with the account's name and the schedule goes on
         */
        boolean run() throws Exception;
    }
}
