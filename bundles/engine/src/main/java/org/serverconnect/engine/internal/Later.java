package org.serverconnect.engine.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * One timer thread for the engine's small delayed nudges (an account in immediate mode looks again once a file
 * that just arrived has had time to become stable). Runs are never executed here, only triggered.
 */
@Component(service = Later.class)
public final class Later {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "engine-later");
        t.setDaemon(true);
        return t;
    });

    ScheduledFuture<?> after(Duration delay, Runnable action) {
        return timer.schedule(action, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }
}
