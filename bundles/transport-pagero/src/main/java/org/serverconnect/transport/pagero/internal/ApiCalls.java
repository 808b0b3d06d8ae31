package org.serverconnect.transport.pagero.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.serverconnect.api.transport.TransportException;
import org.serverconnect.api.transport.TransportException.Outcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Calls to Pagero Online's REST APIs with a bearer token: on 401 a new token and exactly one more try; an error
 * answer becomes a {@link TransportException} whose outcome says what the caller does next.
 */
final class ApiCalls {
    final PageroSettings settings;
    final PageroHttp http;
    final Tokens tokens;
    final ObjectMapper json = new ObjectMapper();
    final Clock clock;

    ApiCalls(PageroSettings settings, PageroHttp http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        this.tokens = new Tokens(settings, http, json, clock);
    }

    @FunctionalInterface
    interface RequestFactory {
        HttpUriRequestBase create();
    }

    /** Runs an API call with a bearer token; on 401 gets a new token and tries exactly once more. */
    PageroHttp.Answer call(String what, RequestFactory factory, boolean idempotent) throws TransportException {
        for (int attempt = 1;; attempt++) {
            String token = tokens.accessToken();
            HttpUriRequestBase request = factory.create();
            request.setHeader("Authorization", "Bearer " + token);
            request.setHeader("Accept", "application/json");
            PageroHttp.Answer a = http.execute(request, idempotent);
            if (a.status() == 401 && attempt == 1) {
                tokens.rejected(token);
                continue;
            }
            if (a.status() >= 300) {
                throw PageroHttp.status(what, a, idempotent);
            }
            return a;
        }
    }

    /** A GET whose answer is JSON. */
    JsonNode get(String what, String pathAndQuery) throws TransportException {
        return body(what, call(what, () -> new HttpGet(api(pathAndQuery)), true));
    }

    /** A POST of a JSON body (idempotent: the calls that use it may be repeated without harm). */
    void post(String what, String path, Object body) throws TransportException {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        call(what, () -> {
            HttpPost post = new HttpPost(api(path));
            post.setEntity(new ByteArrayEntity(bytes, ContentType.APPLICATION_JSON));
            return post;
        }, true);
    }

    JsonNode body(String what, PageroHttp.Answer a) throws TransportException {
        try {
            return json.readTree(a.body().isEmpty() ? "{}" : a.body());
        } catch (IOException e) {
            throw new TransportException(Outcome.RETRY, a.status(), null, what + ": the answer is not JSON", e);
        }
    }

    URI api(String pathAndQuery) {
        return settings.apiUrl().resolve(pathAndQuery);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A time from the network, or now when it gave none that can be read. */
    Instant instant(JsonNode n) {
        try {
            return n != null && n.isTextual() ? Instant.parse(n.asText()) : clock.instant();
        } catch (RuntimeException e) {
            return clock.instant();
        }
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || n.asText().isBlank() ? null : n.asText();
    }
}
