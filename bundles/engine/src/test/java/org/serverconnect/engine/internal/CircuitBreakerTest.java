package org.serverconnect.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void opensAfterTheThresholdPausesTriesOnceAndDoublesThePauseWhileFailuresGoOn() {
        MovableClock clock = new MovableClock();
        CircuitBreaker c = new CircuitBreaker(3, Duration.ofSeconds(60), clock);
        assertFalse(c.failed());
        assertFalse(c.failed());
        assertTrue(c.allows(), "two failures: still sending");
        assertTrue(c.failed(), "the third failure opens it");
        assertFalse(c.allows());
        clock.now = clock.now.plusSeconds(59);
        assertFalse(c.allows(), "paused for the whole pause");
        clock.now = clock.now.plusSeconds(1);
        assertTrue(c.allows(), "after the pause one attempt may go (half open)");
        assertTrue(c.failed(), "one failure when half open pauses it again at once");
        assertEquals(Duration.ofSeconds(120), c.pause(), "twice as long");
        for (int i = 0; i < 10; i++) {
            clock.now = clock.now.plus(c.pause());
            c.failed();
        }
        assertEquals(Duration.ofSeconds(600), c.pause(), "at most ten times the pause");
    }

    @Test
    void aSuccessClosesItAndSaysTheConnectionCameBack() {
        MovableClock clock = new MovableClock();
        CircuitBreaker c = new CircuitBreaker(1, Duration.ofSeconds(10), clock);
        assertFalse(c.succeeded(), "closed all along: nothing to announce");
        assertTrue(c.failed());
        clock.now = clock.now.plusSeconds(10);
        assertTrue(c.succeeded(), "it had been open");
        assertTrue(c.allows());
        assertEquals(Duration.ofSeconds(10), c.pause(), "the pause starts over");
    }
}
