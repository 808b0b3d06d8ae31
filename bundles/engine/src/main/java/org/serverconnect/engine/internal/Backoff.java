package org.serverconnect.engine.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter: the step doubles from {@code initial} with every attempt up to {@code max}, and
 * the wait is drawn between half the step and the whole step, so that documents (and accounts) that failed together
 * do not all come back at the same moment. A longer wait the network asked for (Retry-After) wins.
 */
final class Backoff {
    private Backoff() {
    }

    static Duration of(int attempts, AccountSettings settings, Duration retryAfter) {
        return of(attempts, settings.retryInitial(), settings.retryMax(), retryAfter);
    }

    static Duration of(int attempts, Duration initial, Duration max, Duration retryAfter) {
        long first = Math.max(1, initial.toMillis());
        long cap = Math.max(first, max.toMillis());
        long step = attempts >= 30 ? cap : Math.min(cap, first << attempts);
        long wait = step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
        if (retryAfter != null && retryAfter.toMillis() > wait) {
            wait = retryAfter.toMillis();
        }
        return Duration.ofMillis(wait);
    }
}
