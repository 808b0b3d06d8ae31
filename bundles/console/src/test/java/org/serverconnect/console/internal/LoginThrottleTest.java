package org.serverconnect.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    @Test
    void aFewTyposCostNothingThenEachWrongLoginDoublesTheWait() {
        for (int i = 1; i <= LoginThrottle.FREE; i++) {
            assertEquals(i, throttle.failed("192.0.2.1"));
            assertEquals(Duration.ZERO, throttle.wait("192.0.2.1"));
        }
        throttle.failed("192.0.2.1");
        assertEquals(Duration.ofSeconds(1), throttle.wait("192.0.2.1"));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(Duration.ZERO, throttle.wait("192.0.2.1"));
        throttle.failed("192.0.2.1");
        assertEquals(Duration.ofSeconds(2), throttle.wait("192.0.2.1"));
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        throttle.failed("192.0.2.1");
        assertEquals(Duration.ofSeconds(4), throttle.wait("192.0.2.1"));
        assertEquals(Duration.ZERO, throttle.wait("192.0.2.2"), "other clients are not slowed down");
    }

    @Test
    void theWaitHasALimitAndARightLoginEndsIt() {
        for (int i = 0; i < 60; i++) {
            throttle.failed("192.0.2.1");
        }
        assertEquals(LoginThrottle.LONGEST_WAIT, throttle.wait("192.0.2.1"));
        throttle.succeeded("192.0.2.1");
        assertEquals(Duration.ZERO, throttle.wait("192.0.2.1"));
        assertEquals(1, throttle.failed("192.0.2.1"));
    }
}
