package org.serverconnect.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration FIRST = Duration.ofSeconds(30);
    private static final Duration MAX = Duration.ofHours(1);

    @Test
    void theWaitDoublesWithJitterAndStopsAtTheLongest() {
        for (int attempt = 0; attempt < 40; attempt++) {
            long step = Math.min(MAX.toMillis(), attempt >= 30 ? MAX.toMillis() : FIRST.toMillis() << attempt);
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                long wait = Backoff.of(attempt, FIRST, MAX, null).toMillis();
                assertTrue(wait >= step / 2 && wait <= step, "attempt " + attempt + ": " + wait + " ms within [" + step / 2
                        + ", " + step + "]");
                seen.add(wait);
            }
            assertTrue(seen.size() > 50, "jittered, not one fixed wait: " + seen.size() + " values");
        }
    }

    @Test
    void aLongerWaitAskedForByTheNetworkWins() {
        assertEquals(Duration.ofMinutes(10), Backoff.of(0, FIRST, MAX, Duration.ofMinutes(10)));
        assertTrue(Backoff.of(10, FIRST, MAX, Duration.ofSeconds(1)).compareTo(Duration.ofMinutes(30)) >= 0,
                "a shorter Retry-After does not shorten the back-off");
    }
}
