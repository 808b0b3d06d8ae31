package org.serverconnect.engine.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Pauses an account's sending after {@code threshold} failures in a row that are worth retrying (the network cannot
 * be reached, or answers 5xx / 429), so a broken connection is not hammered with every document in the outbox.
 * After the pause one run may try again (half open); another failure pauses it twice as long, up to ten times the
 * configured pause; a success closes it.
 *
 * <p>Thread-safe.
 */
final class CircuitBreaker {
    private final int threshold;
    private final Duration basePause;
    private final Clock clock;
    private int failures;
    private int openings;
    private Instant openUntil;

    CircuitBreaker(int threshold, Duration pause, Clock clock) {
        this.threshold = threshold;
        this.basePause = pause;
        this.clock = clock;
    }

    /** @return whether a send may be tried now */
    synchronized boolean allows() {
        return openUntil == null || !clock.instant().isBefore(openUntil);
    }

    /** @return whether sending was paused and has not succeeded since (the next try is a trial) */
    synchronized boolean paused() {
        return openUntil != null;
    }

    /** Records a failure worth retrying. @return {@code true} when this failure opened the circuit */
    synchronized boolean failed() {
        failures++;
        boolean halfOpen = openUntil != null;
        if (failures >= threshold || halfOpen) {
            openings = Math.min(openings + 1, 10);
            openUntil = clock.instant().plus(pause());
            failures = 0;
            return true;
        }
        return false;
    }

    /** Records a success. @return {@code true} when the circuit had been open (the connection came back) */
    synchronized boolean succeeded() {
        boolean wasOpen = openUntil != null;
        failures = 0;
        openings = 0;
        openUntil = null;
        return wasOpen;
    }

    /** @return the current pause: the base pause, doubled for each opening in a row, at most ten times it */
    synchronized Duration pause() {
        long factor = Math.min(10, 1L << Math.max(0, openings - 1));
        return basePause.multipliedBy(factor);
    }
}
