package org.serverconnect.engine.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one step for every file of a group (reading, uploading, downloading) side by side on an account's
 * {@code send.parallel} threads, and waits for all of them. The threads are made when first needed and end when
 * idle.
 */
final class Parallel implements AutoCloseable {
    /** One step for one file: it touches only that file and what it is made into. */
    @FunctionalInterface
    interface Step<T> {
        void run(T item) throws IOException;
    }

    private final String name;
    private final int threads;
    private ExecutorService pool;

    Parallel(String name, int threads) {
        this.name = name;
        this.threads = threads;
    }

    /**
     * Runs {@code step} for each item, side by side when there are several and the account allows it; the first
     * failure is thrown once all have finished (a step under way always finishes: its outcome counts).
     */
    <T> void each(List<T> items, Step<T> step) throws IOException {
        if (items.size() <= 1 || threads <= 1) {
            for (T it : items) {
                step.run(it);
            }
            return;
        }
        ExecutorService p = pool();
        List<Future<Void>> futures = new ArrayList<>();
        for (T it : items) {
            try {
                futures.add(p.submit(() -> {
                    step.run(it);
                    return null;
                }));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the account is stopping and its threads are gone: the step runs here, as the others end
                java.util.concurrent.FutureTask<Void> here = new java.util.concurrent.FutureTask<>(() -> {
                    step.run(it);
                    return null;
                });
                here.run();
                futures.add(here);
            }
        }
        boolean interrupted = false;
        IOException failed = null;
        RuntimeException broken = null;
        for (Future<Void> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        failed = failed == null ? io : failed;
                    } else if (broken == null) {
                        broken = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (broken != null) {
            throw broken;
        }
        if (failed != null) {
            throw failed;
        }
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "sc-transfer-" + name + "-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            p.allowCoreThreadTimeOut(true);
            pool = p;
        }
        return pool;
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
