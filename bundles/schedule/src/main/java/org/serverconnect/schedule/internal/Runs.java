package org.serverconnect.schedule.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.schedule.Job;
import org.serverconnect.api.schedule.Scheduler.RunTask;
import org.serverconnect.api.schedule.Timetable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timers and workers (plain Java): one timer thread plans every job; a fixed pool of workers takes queued runs
 * round-robin across accounts, so one account's backlog never starves another. Per job at most one run executes;
 * a run due while the last one is still executing happens once when it ends (never stacked); a run missed while the
 * machine slept happens once.
 */
final class Runs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Runs.class);

    /** How long {@link #close()} lets a run that is still executing finish before interrupting it. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final Clock clock;
    private final Duration closeGrace;
    private final ScheduledExecutorService timer;
    private final List<Thread> workers = new ArrayList<>();
    private final Map<String, Deque<ScheduledJob>> queues = new LinkedHashMap<>();   // guarded by this
    private boolean open = true;                                                    // guarded by this

    Runs(int threads, Clock clock) {
        this(threads, clock, CLOSE_GRACE);
    }

    /** @param closeGrace how long {@link #close()} waits for executing runs (shorter in tests) */
    Runs(int threads, Clock clock, Duration closeGrace) {
        this.clock = clock;
        this.closeGrace = closeGrace;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sc-schedule-timer");
            t.setDaemon(true);
            return t;
        });
        for (int i = 1; i <= threads; i++) {
            Thread t = new Thread(this::work, "sc-run-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    ScheduledJob schedule(String account, RunKind kind, Timetable timetable, RunTask task) {
        ScheduledJob job = new ScheduledJob(account, kind, timetable, task);
        job.plan(now());
        return job;
    }

    private ZonedDateTime now() {
        return ZonedDateTime.now(clock);
    }

    // ---------------------------------------------------------------------------------------------------- queue

    private synchronized void enqueue(ScheduledJob job) {
        if (!open) {
            return;
        }
        queues.computeIfAbsent(job.account, a -> new ArrayDeque<>()).add(job);
        notifyAll();
    }

    /** The next run, taking accounts in turn. */
    private synchronized ScheduledJob take() throws InterruptedException {
        while (open) {
            var it = queues.entrySet().iterator();
            if (!it.hasNext()) {
                wait();
                continue;
            }
            Map.Entry<String, Deque<ScheduledJob>> first = it.next();
            it.remove();                                    // the account goes to the back of the line...
            ScheduledJob job = first.getValue().poll();
            if (!first.getValue().isEmpty()) {
                queues.put(first.getKey(), first.getValue()); // ...with what it has left
            }
            if (job != null) {
                return job;
            }
        }
        return null;
    }

    private void work() {
        try {
            ScheduledJob job;
            while ((job = take()) != null) {
                job.execute();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            open = false;
            queues.clear();
            notifyAll();
        }
        timer.shutdownNow();
        long deadline = System.nanoTime() + closeGrace.toNanos();
        for (Thread t : workers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                t.interrupt();
                LOG.warn("Scheduler: run on {} still busy after {} ms; interrupted", t.getName(), closeGrace.toMillis());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- jobs

    final class ScheduledJob implements Job {
        final String account;
        final RunKind kind;
        private final Timetable timetable;
        private final RunTask task;
        private ScheduledFuture<?> next;       // guarded by this
        private ZonedDateTime planned;         // guarded by this
        private boolean queued;                // guarded by this
        private boolean running;               // guarded by this
        private boolean again;                 // guarded by this: one more run when this one ends
        private boolean cancelled;             // guarded by this

        ScheduledJob(String account, RunKind kind, Timetable timetable, RunTask task) {
            this.account = account;
            this.kind = kind;
            this.timetable = timetable;
            this.task = task;
        }

        /** Plans the next run after {@code from}; a time already past (the machine slept) runs once, now. */
        synchronized void plan(ZonedDateTime from) {
            if (cancelled) {
                return;
            }
            Optional<ZonedDateTime> at = timetable.next(from);
            if (at.isEmpty()) {
                planned = null;
                return;
            }
            planned = at.get();
            long delay = Math.max(0, Duration.between(now(), planned).toMillis());
            next = timer.schedule(this::due, delay, TimeUnit.MILLISECONDS);
        }

        /** The timer fired (package-private so that tests can make a missed run happen). */
        void due() {
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                request();
                // Plan from now, not from the planned time: missed runs collapse into the one just requested.
                ZonedDateTime now = now();
                plan(planned != null && planned.isAfter(now) ? planned : now);
            }
        }

        /** Queues a run, or remembers one more if a run is queued or executing. */
        private synchronized void request() {
            if (cancelled) {
                return;
            }
            if (running) {
                again = true;
            } else if (!queued) {
                queued = true;
                enqueue(this);
            }
        }

        void execute() {
            synchronized (this) {
                queued = false;
                if (cancelled) {
                    return;
                }
                running = true;
            }
            Thread thread = Thread.currentThread();
            String name = thread.getName();
            thread.setName("sc-" + kind.name().toLowerCase(Locale.ROOT) + "-" + account);
            boolean more = false;
            try {
                more = task.run();
            } catch (Exception e) {
                LOG.warn("Account {}: {} run failed: {}", account, kind.name().toLowerCase(Locale.ROOT), e.toString(), e);
            } catch (LinkageError e) {
                LOG.error("Account {}: {} run failed: a bundle is missing or broken", account,
                        kind.name().toLowerCase(Locale.ROOT), e);
            } finally {
                thread.setName(name);
                synchronized (this) {
                    running = false;
                    if (more || again) {
                        again = false;
                        request();      // behind the other accounts' runs
                    }
                }
            }
        }

        @Override
        public void runNow() {
            request();
        }

        @Override
        public void trigger() {
            if (timetable.immediate() && timetable.allows(now())) {
                request();
            }
        }

        @Override
        public synchronized List<Instant> nextRuns(int n) {
            List<Instant> out = new ArrayList<>();
            ZonedDateTime t = planned;
            while (t != null && out.size() < n) {
                out.add(t.toInstant());
                t = timetable.next(t).orElse(null);
            }
            return out;
        }

        @Override
        public synchronized boolean running() {
            return running;
        }

        @Override
        public synchronized void close() {
            cancelled = true;
            if (next != null) {
                next.cancel(false);
            }
        }

        @Override
        public String toString() {
            return "Job[" + account + " " + kind + " " + timetable + "]";
        }
    }
}
