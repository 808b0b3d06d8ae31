package org.serverconnect.schedule.internal;

import java.time.Clock;
import java.time.ZoneId;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.schedule.Job;
import org.serverconnect.api.schedule.Scheduler;
import org.serverconnect.api.schedule.Timetable;

/** The runtime's scheduler service (configuration {@code etc/org.serverconnect.schedule.cfg}, optional). */
@Component(service = Scheduler.class, configurationPid = "org.serverconnect.schedule")
@Designate(ocd = SchedulerService.Config.class)
public final class SchedulerService implements Scheduler {

    @ObjectClassDefinition(name = "Server Connect scheduler", description = "Runs every account's send, receive and "
            + "follow-up runs on one shared, fair pool of threads.")
    public @interface Config {
        @AttributeDefinition(name = "Threads", description = "Runs executing at once, across all accounts (at least 2). "
                + "Accounts take turns, so one account's backlog never holds up another.")
        int threads() default 4;
    }

    private final Runs runs;

    @Activate
    public SchedulerService(Config config) {
        if (config.threads() < 2) {
            throw new IllegalArgumentException("threads must be at least 2, was " + config.threads());
        }
        this.runs = new Runs(config.threads(), Clock.systemDefaultZone());
    }

    @Deactivate
    void stop() {
        runs.close();
    }

    @Override
    public Timetable timetable(String expression, String window, ZoneId zone) {
        return Timetables.parse(expression, window, zone);
    }

    @Override
    public Job schedule(String account, RunKind kind, Timetable timetable, RunTask task) {
        return runs.schedule(account, kind, timetable, task);
    }
}
