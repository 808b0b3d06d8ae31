package org.serverconnect.console.internal;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down guessing the console's password, per client address: the first few wrong logins in a row cost nothing
 * (a typo), each one after that makes the client wait twice as long as the one before, up to a limit, before a login
 * from there is checked at all. A right login ends the count. Remembers a bounded number of clients.
 */
final class LoginThrottle {
    static final int FREE = 5;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(5);
    private static final int CLIENTS = 10_000;

    private final LongSupplier nanoClock;
    private final Map<String, Failures> clients = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Failures {
        int count;
        long until;
    }

    LoginThrottle(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** @return how long the client must still wait before its next login is checked; zero when it need not */
    synchronized Duration wait(String client) {
        Failures f = clients.get(client);
        long left = f == null ? 0 : f.until - nanoClock.getAsLong();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** A wrong login from the client. @return how many in a row it has now given */
    synchronized int failed(String client) {
        Failures f = clients.computeIfAbsent(client, c -> new Failures());
        f.count++;
        if (f.count > FREE) {
            int doublings = Math.min(f.count - FREE - 1, 20);
            long wait = Math.min(FIRST_WAIT.toNanos() << doublings, LONGEST_WAIT.toNanos());
            f.until = nanoClock.getAsLong() + wait;
        }
        if (clients.size() > CLIENTS) {
            Iterator<String> eldest = clients.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return f.count;
    }

    /** A right login from the client: its count starts again. */
    synchronized void succeeded(String client) {
        clients.remove(client);
    }
}
