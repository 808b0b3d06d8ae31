package org.serverconnect.pagero.emulator.internal;

import java.util.concurrent.atomic.AtomicLong;

/** The emulator's time: the system's, moved on by {@code POST /emulator/clock} (to expire tokens, to end a lag). */
final class EmulatorClock {
    private final AtomicLong offsetMillis = new AtomicLong();

    long now() {
        return System.currentTimeMillis() + offsetMillis.get();
    }

    void advance(long seconds) {
        offsetMillis.addAndGet(seconds * 1000L);
    }

    long offsetSeconds() {
        return offsetMillis.get() / 1000;
    }

    void reset() {
        offsetMillis.set(0);
    }
}
