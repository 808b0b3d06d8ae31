package org.serverconnect.pagero.emulator.internal;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Faults on demand ({@code PUT /emulator/faults}): for requests to the chosen endpoint groups, either the next N or a
 * share of them fail in one of the chosen ways.
 *
 * <ul>
 * <li>{@code 500}, {@code 503}: a server error; nothing is done. 503 carries {@code Retry-After: 1}.</li>
 * <li>{@code 429}: too many requests, {@code Retry-After: 1}; nothing is done.</li>
 * <li>{@code 401}: the bearer token is refused as if it had expired; nothing is done.</li>
 * <li>{@code reset}: the request is carried out, then the connection is closed without an answer, so the client
 *     cannot know whether it happened.</li>
 * <li>{@code slow}: the request is carried out and answered after {@code slowMillis} (default 61 s, beyond Pagero's
 *     60 s client timeout).</li>
 * </ul>
 */
final class Faults {
    /** Answers a misbehaving network gives instead of carrying the request out. */
    static final Set<String> HOSTILE = Set.of("garbage", "huge", "endless");
    static final Set<String> KINDS = Set.of("500", "503", "429", "401", "reset", "slow", "garbage", "huge", "endless");
    static final Set<String> ENDPOINTS = Set.of("files", "documents", "token");

    /** What {@code PUT /emulator/faults} takes. */
    record Spec(Double rate, List<String> kinds, List<String> endpoints, Integer next, Long slowMillis, Long seed) {
    }

    private final double rate;
    private final List<String> kinds;
    private final Set<String> endpoints;
    private final long slowMillis;
    private int next;
    private final SplittableRandom random;

    private Faults(double rate, List<String> kinds, Set<String> endpoints, int next, long slowMillis, long seed) {
        this.rate = rate;
        this.kinds = kinds;
        this.endpoints = endpoints;
        this.next = next;
        this.slowMillis = slowMillis;
        this.random = new SplittableRandom(seed);
    }

    static Faults none() {
        return new Faults(0, List.of(), Set.of(), 0, 0, 1);
    }

    /** @throws IllegalArgumentException with a message naming the wrong value */
    static Faults of(Spec spec) {
        double rate = spec.rate() == null ? 0 : spec.rate();
        int next = spec.next() == null ? 0 : spec.next();
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be between 0 and 1, was " + rate);
        }
        if (next < 0) {
            throw new IllegalArgumentException("next must not be negative, was " + next);
        }
        List<String> kinds = spec.kinds() == null || spec.kinds().isEmpty() ? List.of("500") : List.copyOf(spec.kinds());
        for (String k : kinds) {
            if (!KINDS.contains(k)) {
                throw new IllegalArgumentException("unknown fault kind '" + k + "'; known: " + KINDS);
            }
        }
        Set<String> endpoints = spec.endpoints() == null || spec.endpoints().isEmpty() ? ENDPOINTS
                : Set.copyOf(spec.endpoints());
        for (String e : endpoints) {
            if (!ENDPOINTS.contains(e)) {
                throw new IllegalArgumentException("unknown endpoint group '" + e + "'; known: " + ENDPOINTS);
            }
        }
        long slow = spec.slowMillis() == null ? 61_000 : spec.slowMillis();
        long seed = spec.seed() == null ? System.nanoTime() : spec.seed();
        return new Faults(rate, kinds, endpoints, next, slow, seed);
    }

    long slowMillis() {
        return slowMillis;
    }

    /** The fault for one request to an endpoint group, or null for none. */
    synchronized String pick(String endpoint) {
        if (!endpoints.contains(endpoint) || kinds.isEmpty()) {
            return null;
        }
        boolean hit;
        if (next > 0) {
            next--;
            hit = true;
        } else {
            hit = rate > 0 && random.nextDouble() < rate;
        }
        return hit ? kinds.get(random.nextInt(kinds.size())) : null;
    }
}
