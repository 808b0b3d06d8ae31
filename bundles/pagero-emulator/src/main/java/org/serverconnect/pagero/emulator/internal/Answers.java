package org.serverconnect.pagero.emulator.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/** Builds the emulator's answers (JSON bodies, JSON errors) and writes them to the exchange. */
final class Answers {
    private static final long MAX_LEFTOVER = 1024 * 1024;

    private Answers() {
    }

    static Response ok(Object body) throws IOException {
        return json(200, body);
    }

    static Response json(int status, Object body) throws IOException {
        return new Response(status, "application/json", Json.MAPPER.writeValueAsBytes(body), null, Map.of());
    }

    static Response error(int status, String code, String message) {
        return error(status, code, message, Map.of());
    }

    /** An error answer: JSON {@code {"error": code, "message": message}}. */
    static Response error(int status, String code, String message, Map<String, String> headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        try {
            return new Response(status, "application/json", Json.MAPPER.writeValueAsBytes(body), null, headers);
        } catch (IOException e) {
            return new Response(status, "text/plain", message.getBytes(StandardCharsets.UTF_8), null, headers);
        }
    }

    /** Writes the answer and closes the exchange. */
    static void send(HttpExchange ex, Response r) throws IOException {
        try {
            finishReading(ex);
            r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            if (r.contentType() != null) {
                ex.getResponseHeaders().set("Content-Type", r.contentType());
            }
            try (InputStream body = r.file() != null ? Files.newInputStream(r.file())
                    : new ByteArrayInputStream(r.body() == null ? new byte[0] : r.body())) {
                long size = r.file() != null ? Files.size(r.file()) : r.body() == null ? 0 : r.body().length;
                if (size == 0) {
                    delivered(r);
                }
                ex.sendResponseHeaders(r.status(), size == 0 ? -1 : size);
                try (OutputStream out = ex.getResponseBody()) {
                    copy(body, out, size - 1);
                    if (size > 0) {
                        delivered(r);
                        copy(body, out, 1);
                    }
                }
            }
        } finally {
            ex.close();
        }
    }

    private static void delivered(Response r) {
        if (r.delivered() != null) {
            r.delivered().run();
        }
    }

    private static void copy(InputStream in, OutputStream out, long count) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (long left = count; left > 0;) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the answer's body ended early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** Reads and drops the whole request body (so that a client still sending can read the answer). */
    static void drain(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the client went away; nothing to answer
        }
    }

    /**
     * Reads what is left of the request body (at most {@link #MAX_LEFTOVER} bytes) before the answer goes out. The
     * JDK server would otherwise drain it after the answer, on the handler's thread, while the client may already be
     * sending its next request on the same kept-alive TLS connection; now and then that request was then never
     * dispatched and the client waited for its timeout. A body larger than the bound is left, and the server closes
     * the connection after the answer.
     */
    private static void finishReading(HttpExchange ex) {
        try {
            InputStream in = ex.getRequestBody();
            byte[] buffer = new byte[8192];
            long left = MAX_LEFTOVER;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException ignored) {
            // the client went away; the answer will fail the same way
        }
    }
}
