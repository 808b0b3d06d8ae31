package org.serverconnect.notify.mail.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.serverconnect.api.notify.Audience;
import org.serverconnect.api.notify.Event;

/**
 * Coalesces alerts: the events of one account are gathered for a moment (a run that fails 500 files produces one
 * mail, not 500) and then sent together; after an alert, the next one for the same account waits until
 * {@code interval} has passed, listing everything that happened meanwhile. Nothing is dropped.
 *
 * <p>Thread-safe; delivery happens on its own thread, never on the caller's (a run).
 */
final class Alerts implements AutoCloseable {
    /** Sends one alert listing {@code events} to {@code audience}. */
    @FunctionalInterface
    interface Delivery {
        void deliver(String account, List<Event> events, Audience audience);
    }

    private static final class Pending {
        final List<Event> events = new ArrayList<>();
        Audience audience;
        long lastSent = Long.MIN_VALUE / 2;   // nanoTime
        boolean scheduled;
    }

    private final Duration gather;
    private final Duration interval;
    private final Delivery delivery;
    private final Map<String, Pending> accounts = new HashMap<>();   // guarded by this
    private final ScheduledExecutorService timer;

    Alerts(String name, Duration gather, Duration interval, Delivery delivery) {
        this.gather = gather;
        this.interval = interval;
        this.delivery = delivery;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alerts-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    void add(Event event, Audience audience) {
        long delayNanos;
        synchronized (this) {
            Pending p = accounts.computeIfAbsent(event.account(), a -> new Pending());
            p.events.add(event);
            p.audience = audience;
            if (p.scheduled) {
                return;
            }
            p.scheduled = true;
            long now = System.nanoTime();
            delayNanos = Math.max(gather.toNanos(), p.lastSent + interval.toNanos() - now);
        }
        timer.schedule(() -> flush(event.account()), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void flush(String account) {
        List<Event> events;
        Audience audience;
        synchronized (this) {
            Pending p = accounts.get(account);
            events = new ArrayList<>(p.events);
            audience = p.audience;
            p.events.clear();
            p.scheduled = false;
            p.lastSent = System.nanoTime();
        }
        if (!events.isEmpty()) {
            delivery.deliver(account, events, audience);
        }
    }

    /** Sends what is gathered now (on stop: alerts are not lost) and stops the timer. */
    @Override
    public void close() {
        timer.shutdownNow();
        List<String> names;
        synchronized (this) {
            names = new ArrayList<>(accounts.keySet());
        }
        names.forEach(this::flush);
    }
}
