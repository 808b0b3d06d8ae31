package org.serverconnect.schedule.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.schedule.Timetable;

class RunsTest {
    private final ZoneId zone = ZoneId.of("Europe/Stockholm");
    private Runs runs;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-27T09:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @AfterEach
    void close() {
        if (runs != null) {
            runs.close();
        }
    }

    private Timetable every(String what) {
        return Timetables.parse(what, null, zone);
    }

    @Test
    void aRunThatOverrunsDelaysTheNextOneInsteadOfStacking() throws Exception {
        runs = new Runs(4, Clock.systemUTC());
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger count = new AtomicInteger();
        var job = runs.schedule("acme", RunKind.SEND, every("every 50ms"), () -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            Thread.sleep(400);
            count.incrementAndGet();
            concurrent.decrementAndGet();
            return false;
        });
        Thread.sleep(1300);
        job.close();
        assertEquals(1, maxConcurrent.get(), "never two runs of one job at once");
        assertTrue(count.get() >= 2 && count.get() <= 4, "runs back to back, not stacked: " + count.get());
    }

    @Test
    void aRunMissedWhileTheMachineSleptHappensOnce() throws Exception {
        MovableClock clock = new MovableClock();
        runs = new Runs(2, clock);
        AtomicInteger count = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        Runs.ScheduledJob job = runs.schedule("acme", RunKind.RECEIVE, every("every 1h"), () -> {
            count.incrementAndGet();
            ran.countDown();
            return false;
        });
        assertEquals(List.of(Instant.parse("2026-11-27T10:00:00Z")), job.nextRuns(1));
        clock.now = clock.now.plus(Duration.ofHours(5));   // slept through five planned runs
        job.due();
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        Thread.sleep(200);
        assertEquals(1, count.get(), "the five missed runs collapse into one");
        assertEquals(List.of(Instant.parse("2026-11-27T15:00:00Z")), job.nextRuns(1), "planned again from now");
        job.close();
    }

    @Test
    void aBacklogIsWorkedInSlicesSoOtherAccountsGetTheirTurn() throws Exception {
        runs = new Runs(2, Clock.systemUTC());
        AtomicInteger slices = new AtomicInteger();
        AtomicInteger slicesWhenOthersRan = new AtomicInteger(-1);
        CountDownLatch othersDone = new CountDownLatch(2);
        var big = runs.schedule("bigco", RunKind.SEND, every("every 1h"), () -> {
            Thread.sleep(5);
            return slices.incrementAndGet() < 400;      // a long backlog: 400 slices
        });
        var small1 = runs.schedule("small1", RunKind.SEND, every("every 1h"), () -> {
            slicesWhenOthersRan.compareAndSet(-1, slices.get());
            othersDone.countDown();
            return false;
        });
        var small2 = runs.schedule("small2", RunKind.SEND, every("every 1h"), () -> {
            othersDone.countDown();
            return false;
        });
        big.runNow();
        Thread.sleep(50);
        small1.runNow();
        small2.runNow();
        assertTrue(othersDone.await(10, TimeUnit.SECONDS));
        assertTrue(slicesWhenOthersRan.get() < 400, "the small accounts ran before the backlog was done: "
                + slicesWhenOthersRan.get());
        big.close();
        small1.close();
        small2.close();
    }

    @Test
    void triggersRunOnlyImmediateJobsAndOnlyInsideTheirWindow() throws Exception {
        runs = new Runs(2, Clock.systemUTC());
        AtomicInteger immediate = new AtomicInteger();
        AtomicInteger hourly = new AtomicInteger();
        var a = runs.schedule("a", RunKind.SEND, every("immediate"), () -> immediate.incrementAndGet() < 0);
        var b = runs.schedule("b", RunKind.SEND, every("0 0 * * * *"), () -> hourly.incrementAndGet() < 0);
        a.trigger();
        b.trigger();
        Thread.sleep(300);
        assertEquals(1, immediate.get());
        assertEquals(0, hourly.get(), "an hourly job does not run on a file event");
        var closed = runs.schedule("c", RunKind.SEND, Timetables.parse("immediate", "Sun 00:00-00:01", zone),
                () -> hourly.incrementAndGet() < 0);
        closed.trigger();
        Thread.sleep(200);
        assertEquals(0, hourly.get(), "outside its window nothing runs (unless it is Sunday just after midnight)");
        a.close();
        b.close();
        closed.close();
    }

    @Test
    void failingRunsKeepTheScheduleAliveAndCloseEndsEveryThread() throws Exception {
        runs = new Runs(2, Clock.systemUTC());
        AtomicInteger attempts = new AtomicInteger();
        var job = runs.schedule("acme", RunKind.FOLLOWUP, every("every 100ms"), () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("network down");
        });
        Thread.sleep(500);
        assertTrue(attempts.get() >= 3, "still running after failures: " + attempts.get());
        var busy = runs.schedule("slow", RunKind.SEND, every("every 1h"), () -> {
            Thread.sleep(60_000);
            return false;
        });
        busy.runNow();
        Thread.sleep(100);
        assertTrue(busy.running());
        long start = System.nanoTime();
        runs.close();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms < 7000, "close took " + ms + " ms");
        Thread.sleep(200);
        assertFalse(busy.running(), "the interrupted run ended");
        runs = null;
        job.close();
    }
}
