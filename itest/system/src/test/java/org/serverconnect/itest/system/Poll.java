package org.serverconnect.itest.system;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * How the system tests wait: they never sleep for a while and hope, they ask for what they wait for again and again,
 * a short interval apart, until it is there or a deadline has passed, and then fail saying what they waited for and
 * what they saw last.
 */
final class Poll {
    /** Between two looks: short against the runtime's one-second timetables, long enough not to keep a core busy. */
    static final Duration INTERVAL = Duration.ofMillis(100);

    private Poll() {
    }

    /** One look at something the test waits for. */
    @FunctionalInterface
    interface Probe<T> {
        T get() throws Exception;
    }

    /** What the failure says about the last answer. */
    @FunctionalInterface
    interface Describe<T> {
        String of(T last) throws Exception;
    }

    /** Looks every {@link #INTERVAL} until {@code done} holds for what {@code probe} answers; returns that answer. */
    static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<? super T> done) {
        return until(what, timeout, INTERVAL, probe, done, last -> "last: " + last);
    }

    /** As {@link #until(String, Duration, Probe, Predicate)}; a failure tells {@code describe} of the last answer. */
    static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<? super T> done, Describe<? super T> describe) {
        return until(what, timeout, INTERVAL, probe, done, describe);
    }

    /**
     * Looks every {@code interval} until {@code done} holds for what {@code probe} answers, and returns that answer;
     * after {@code timeout} fails with {@code what} and {@code describe} of the last answer.
     */
    static <T> T until(String what, Duration timeout, Duration interval, Probe<T> probe, Predicate<? super T> done,
            Describe<? super T> describe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T last;
            try {
                last = probe.get();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            } catch (Exception e) {
                throw new AssertionError(what + ": " + e, e);
            }
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() - deadline > 0) {
                String seen;
                try {
                    seen = describe.of(last);
                } catch (Exception e) {
                    seen = "last: " + last + " (" + e + ")";
                }
                throw new AssertionError(what + ": not within " + timeout.toSeconds() + " s; " + seen);
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Looks every {@link #INTERVAL} until {@code condition} holds. */
    static void until(String what, Duration timeout, Probe<Boolean> condition) {
        until(what, timeout, condition, Boolean::booleanValue);
    }
}
