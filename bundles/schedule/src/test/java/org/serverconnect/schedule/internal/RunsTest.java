package org.serverconnect.schedule.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.schedule.Timetable;

/**
 * The timers and workers. No test waits for a guessed time: each one waits for what it needs (a run started, a run
 * ended, the queue worked off) and the tests that depend on the date or the planned times drive a clock of their own,
 * so they give the same answer whatever day and hour they run.
 */
class RunsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ZoneId zone = ZoneId.of("Europe/Stockholm");
    private Runs runs;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-27T09:00:00Z");     // a Friday, 10:00 in Stockholm

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

    /** Re-checks {@code condition} every few milliseconds; fails naming {@code what} when it is not met in time. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
            }
            Thread.sleep(2);
        }
    }

    /**
     * Proves that everything queued before this call has been executed: with one worker, runs are taken in the order
     * they were asked for (accounts in turn), so once a run asked for now has happened, so have all asked for before.
     */
    private void workedOff(String marker) throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        Runs.ScheduledJob job = runs.schedule(marker, RunKind.SEND, every("every 1h"), () -> {
            ran.countDown();
            return false;
        });
        job.runNow();
        assertTrue(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the runs queued before " + marker + " were worked off");
        job.close();
    }

    @Test
    void aRunThatOverrunsDelaysTheNextOneInsteadOfStacking() throws Exception {
        MovableClock clock = new MovableClock();
        runs = new Runs(2, clock);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        Semaphore finish = new Semaphore(0);
        Runs.ScheduledJob job = runs.schedule("acme", RunKind.SEND, every("every 1h"), () -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            started.incrementAndGet();
            try {
                finish.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS);     // the test lets the run end
            } finally {
                concurrent.decrementAndGet();
            }
            return false;
        });
        job.runNow();
        await("the first run started", () -> started.get() == 1);
        for (int i = 0; i < 5; i++) {          // five planned times pass while it still runs, and two more requests
            clock.now = clock.now.plus(Duration.ofHours(1));
            job.due();
        }
        job.runNow();
        job.runNow();
        // the second worker is free: had a run of acme been queued, it would have taken it before this marker
        CountDownLatch free = new CountDownLatch(1);
        Runs.ScheduledJob marker = runs.schedule("zz", RunKind.SEND, every("every 1h"), () -> {
            free.countDown();
            return false;
        });
        marker.runNow();
        assertTrue(free.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the other worker ran another account meanwhile");
        assertEquals(1, started.get(), "nothing of acme started while its run executes");
        assertEquals(1, maxConcurrent.get(), "never two runs of one job at once");

        finish.release();
        await("the runs due meanwhile happen once, when the run ends", () -> started.get() == 2);
        // the second run ends too; keep one worker busy so that the other takes what is queued in order
        Semaphore blockerFinish = new Semaphore(0);
        CountDownLatch blocking = new CountDownLatch(1);
        Runs.ScheduledJob blocker = runs.schedule("blocker", RunKind.SEND, every("every 1h"), () -> {
            blocking.countDown();
            blockerFinish.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS);
            return false;
        });
        finish.release();
        await("the second run ended", () -> !job.running());
        blocker.runNow();
        assertTrue(blocking.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        CountDownLatch after = new CountDownLatch(1);
        Runs.ScheduledJob last = runs.schedule("zzz", RunKind.SEND, every("every 1h"), () -> {
            after.countDown();
            return false;
        });
        last.runNow();
        finish.release(10);                    // a third run, if there were one, would not wait
        assertTrue(after.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the queue was worked off");
        blockerFinish.release();
        assertEquals(2, started.get(), "runs back to back, not stacked: seven requests while running made one more run");
        assertEquals(1, maxConcurrent.get(), "never two runs of one job at once");
        job.close();
        marker.close();
        blocker.close();
        last.close();
    }

    @Test
    void aRunMissedWhileTheMachineSleptHappensOnce() throws Exception {
        MovableClock clock = new MovableClock();
        runs = new Runs(1, clock);
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
        assertTrue(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of(Instant.parse("2026-11-27T15:00:00Z")), job.nextRuns(1), "planned again from now");
        workedOff("marker");
        assertEquals(1, count.get(), "the five missed runs collapse into one");
        job.close();
    }

    @Test
    void aBacklogIsWorkedInSlicesSoOtherAccountsGetTheirTurn() throws Exception {
        runs = new Runs(2, Clock.systemUTC());
        AtomicInteger slices = new AtomicInteger();
        AtomicInteger slicesWhenOthersRan = new AtomicInteger(-1);
        CountDownLatch othersDone = new CountDownLatch(2);
        var big = runs.schedule("bigco", RunKind.SEND, every("every 1h"), () -> {
            Thread.sleep(5);                            // what a slice costs: the backlog takes at least 2 s
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
        await("the backlog is being worked", () -> slices.get() > 0);
        small1.runNow();
        small2.runNow();
        assertTrue(othersDone.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(slicesWhenOthersRan.get() < 400, "the small accounts ran before the backlog was done: "
                + slicesWhenOthersRan.get());
        big.close();
        small1.close();
        small2.close();
    }

    @Test
    void triggersRunOnlyImmediateJobsAndOnlyInsideTheirWindow() throws Exception {
        MovableClock clock = new MovableClock();           // Friday 10:00 in Stockholm, not near an hour's end
        runs = new Runs(1, clock);
        AtomicInteger immediate = new AtomicInteger();
        AtomicInteger hourly = new AtomicInteger();
        AtomicInteger windowed = new AtomicInteger();
        var a = runs.schedule("a", RunKind.SEND, every("immediate"), () -> immediate.incrementAndGet() < 0);
        var b = runs.schedule("b", RunKind.SEND, every("0 0 * * * *"), () -> hourly.incrementAndGet() < 0);
        b.trigger();
        a.trigger();
        await("the immediate job ran on the event", () -> immediate.get() == 1);
        workedOff("marker-1");
        assertEquals(1, immediate.get());
        assertEquals(0, hourly.get(), "an hourly job does not run on a file event");

        var closed = runs.schedule("c", RunKind.SEND, Timetables.parse("immediate", "Sun 00:00-00:01", zone),
                () -> windowed.incrementAndGet() < 0);
        closed.trigger();
        workedOff("marker-2");
        assertEquals(0, windowed.get(), "outside its window nothing runs");

        clock.now = at("2026-11-29T00:01:00");             // Sunday, the end of the window: it is exclusive
        closed.trigger();
        workedOff("marker-3");
        assertEquals(0, windowed.get(), "the window's end is exclusive");

        clock.now = at("2026-11-29T00:00:30");             // Sunday just after midnight: inside the window
        closed.trigger();
        await("inside its window the event runs it", () -> windowed.get() == 1);
        a.close();
        b.close();
        closed.close();
    }

    private Instant at(String local) {
        return LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    @Test
    void failingRunsKeepTheScheduleAliveAndCloseEndsEveryThread() throws Exception {
        Duration grace = Duration.ofMillis(200);
        runs = new Runs(2, Clock.systemUTC(), grace);
        AtomicInteger attempts = new AtomicInteger();
        var job = runs.schedule("acme", RunKind.FOLLOWUP, every("every 100ms"), () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("network down");
        });
        await("still running after failures: " + attempts.get(), () -> attempts.get() >= 3);
        CountDownLatch never = new CountDownLatch(1);
        var busy = runs.schedule("slow", RunKind.SEND, every("every 1h"), () -> {
            never.await();                              // a run that does not end by itself
            return false;
        });
        busy.runNow();
        await("the slow run started", busy::running);
        long start = System.nanoTime();
        runs.close();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms < grace.toMillis() + 2000, "close took " + ms + " ms");
        await("the interrupted run ended", () -> !busy.running());
        runs = null;
        job.close();
    }
}
