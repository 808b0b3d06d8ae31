package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;

/**
 * The faults in force ({@code PUT /emulator/faults}), how many of each kind were injected since the start, and the
 * answers a fault gives instead of the real one.
 */
final class FaultInjection {
    /** Faults answered with a status, without carrying the request out. */
    static final Set<String> STATUS = Set.of("500", "503", "429", "401");

    private volatile Faults faults = Faults.none();
    private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();

    void set(Faults faults) {
        this.faults = faults;
    }

    void clear() {
        faults = Faults.none();
    }

    /** The fault for one request to an endpoint group (null for none), counted when there is one. */
    String pick(String group) {
        String fault = group == null ? null : faults.pick(group);
        if (fault != null) {
            injected.computeIfAbsent(fault, k -> new AtomicLong()).incrementAndGet();
        }
        return fault;
    }

    long slowMillis() {
        return faults.slowMillis();
    }

    /** How many faults of each kind were injected since the start. */
    Map<String, Long> injected() {
        Map<String, Long> out = new TreeMap<>();
        injected.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** The answer to a {@link #STATUS} fault. */
    static Response statusAnswer(String fault) {
        return switch (fault) {
        case "503" -> Answers.error(503, "service_unavailable", "injected fault: service unavailable",
                Map.of("Retry-After", "1"));
        case "429" -> Answers.error(429, "too_many_requests", "injected fault: too many requests",
                Map.of("Retry-After", "1"));
        case "401" -> Answers.error(401, "invalid_token", "injected fault: the access token is not valid",
                Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
        default -> Answers.error(500, "server_error", "injected fault: internal server error", Map.of());
        };
    }

    /**
     * A misbehaving network's answers, instead of carrying the request out: {@code garbage} a proxy's HTML page where
     * JSON belongs, {@code huge} a 64 MiB answer, {@code endless} an answer that never ends (until the client goes).
     */
    static void hostile(HttpExchange ex, String fault, String path) throws IOException {
        boolean document = path.endsWith("/targetdocument");
        ex.getResponseHeaders().set("Content-Type", document ? "application/xml" : "application/json");
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        try (OutputStream out = ex.getResponseBody()) {
            switch (fault) {
            case "garbage" -> {
                byte[] page = "<html><body><h1>502 Bad Gateway</h1>a proxy's page, not an answer</body></html>"
                        .getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, page.length);
                out.write(page);
            }
            case "huge" -> {
                long size = 64L << 20;
                ex.sendResponseHeaders(200, size);
                byte[] start = (document ? "<Invoice>" : "{\"items\":[],\"pad\":\"").getBytes(StandardCharsets.UTF_8);
                out.write(start);
                for (long left = size - start.length; left > 0; left -= chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
            }
            default -> {                                    // endless: chunked, never ends while someone reads
                ex.sendResponseHeaders(200, 0);
                for (long written = 0; written < 64L << 30; written += chunk.length) {
                    out.write(chunk);
                }
            }
            }
        } catch (IOException e) {
            // the client hung up: what a careful client does with such an answer
        }
    }
}
