package org.serverconnect.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.schedule.Job;
import org.serverconnect.api.schedule.Scheduler;

/** The scheduler service in the shipped runtime (cron-utils resolves there): an immediate job runs on a trigger, an hourly one does not. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SchedulerIT extends InShippedRuntime {

    @Inject
    private Scheduler scheduler;


    @Test
    public void immediateJobsRunOnATriggerAndCronJobsKeepTheirTimes() throws Exception {
        ZoneId zone = ZoneId.of("Europe/Stockholm");
        CountDownLatch ran = new CountDownLatch(1);
        AtomicInteger hourly = new AtomicInteger();
        try (Job now = scheduler.schedule("fast", RunKind.SEND, scheduler.timetable("immediate", null, zone), () -> {
            ran.countDown();
            return false;
        }); Job later = scheduler.schedule("slow", RunKind.SEND, scheduler.timetable("0 0 * * * *", null, zone), () -> {
            hourly.incrementAndGet();
            return false;
        })) {
            now.trigger();
            later.trigger();
            assertTrue("the immediate job ran within 1 s", ran.await(1, TimeUnit.SECONDS));
            assertEquals(0, hourly.get());
            assertEquals(3, later.nextRuns(3).size());
        }
    }
}
