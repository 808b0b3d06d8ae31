package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

/** Reads requests: JSON bodies, forms, query parameters. Every failure is an {@link HttpError} with a reason. */
final class Requests {
    private static final int MAX_FORM_BYTES = 64 * 1024;

    private Requests() {
    }

    /**
     * The body of a request to Pagero's APIs: {@code Content-Type: application/json} (a charset parameter is fine),
     * else 415; then JSON, else 400.
     */
    static JsonNode apiJsonBody(HttpExchange ex) throws HttpError {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            Answers.drain(ex);
            throw new HttpError(415, "unsupported_media_type", "the body must be JSON with Content-Type:"
                    + " application/json, was " + (type == null ? "no Content-Type" : "'" + type + "'"));
        }
        return jsonBody(ex);
    }

    /** The request body as JSON whatever its Content-Type (the control API); an empty body is an empty object. */
    static JsonNode jsonBody(HttpExchange ex) throws HttpError {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
            if (body.length > MAX_FORM_BYTES) {
                throw new HttpError(413, "payload_too_large", "the JSON body is too large");
            }
            return body.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new HttpError(400, "invalid_request", "the body is not JSON: " + e.getMessage());
        }
    }

    /** The body as an {@code application/x-www-form-urlencoded} form; another type gets 415. */
    static Map<String, List<String>> form(HttpExchange ex) throws HttpError {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            Answers.drain(ex);
            throw new HttpError(415, "unsupported_media_type", "the body must be application/x-www-form-urlencoded");
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
            if (body.length > MAX_FORM_BYTES) {
                throw new HttpError(413, "payload_too_large", "the form is too large");
            }
            return parseQuery(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HttpError(400, "invalid_request", "the body cannot be read");
        }
    }

    static Map<String, List<String>> query(HttpExchange ex) {
        return parseQuery(ex.getRequestURI().getRawQuery());
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            map.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return map;
    }

    /** 400 for a query parameter the endpoint does not know (a misspelt filter would otherwise filter nothing). */
    static void onlyParameters(Map<String, List<String>> query, String... known) throws HttpError {
        List<String> names = List.of(known);
        for (String name : query.keySet()) {
            if (!names.contains(name)) {
                throw new HttpError(400, "invalid_request", "unknown query parameter '" + name + "'; this endpoint takes "
                        + names);
            }
        }
    }

    /** A parameter that is {@code true} or {@code false}, or null when absent; anything else is 400. */
    static Boolean booleanParam(Map<String, List<String>> q, String key) throws HttpError {
        String v = first(q, key);
        if (v == null) {
            return null;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new HttpError(400, "invalid_request", key + " must be true or false, was '" + v + "'");
        }
        return Boolean.valueOf(v);
    }

    static String first(Map<String, List<String>> map, String key) {
        List<String> v = map.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Every value of a parameter, each split at commas ({@code a=X,Y&a=Z} is X, Y, Z). */
    static List<String> all(Map<String, List<String>> map, String key) {
        List<String> out = new ArrayList<>();
        map.getOrDefault(key, List.of()).forEach(v -> out.addAll(list(v)));
        return out;
    }

    static List<String> list(String commaSeparated) {
        List<String> out = new ArrayList<>();
        if (commaSeparated != null) {
            for (String s : commaSeparated.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    /** A whole number between {@code min} and {@code max}, {@code dflt} when absent; anything else is 400. */
    static int intParam(Map<String, List<String>> q, String key, int dflt, int min, int max) throws HttpError {
        String v = first(q, key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new HttpError(400, "invalid_request", key + " must be "
                        + (max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max) + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new HttpError(400, "invalid_request", key + " must be a number, was '" + v + "'");
        }
    }
}
