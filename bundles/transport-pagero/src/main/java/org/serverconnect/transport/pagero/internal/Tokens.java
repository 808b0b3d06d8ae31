package org.serverconnect.transport.pagero.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.serverconnect.api.transport.TransportException;
import org.serverconnect.api.transport.TransportException.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * OAuth2 tokens of one connection (docs/pagero.md): the password grant, refreshed when less than 60 s of
 * validity remain, one refresh at a time across threads. A refresh token is presented at most once: it is taken out
 * before it is sent, so a refresh that fails in any way falls back to the password grant instead of presenting it
 * again. The password is kept (resolved from its reference), so no refresh token needs to survive a restart.
 */
final class Tokens {
    private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);
    private static final long MARGIN_SECONDS = 60;

    private record Token(String access, String refresh, Instant expires) {
    }

    private final PageroSettings settings;
    private final PageroHttp http;
    private final ObjectMapper json;
    private final Clock clock;
    private volatile Token current;

    Tokens(PageroSettings settings, PageroHttp http, ObjectMapper json, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    /** A valid access token, fetching or refreshing one first when needed. */
    String accessToken() throws TransportException {
        Token t = current;
        if (t != null && t.expires().isAfter(clock.instant().plusSeconds(MARGIN_SECONDS))) {
            return t.access();
        }
        synchronized (this) {
            t = current;
            if (t != null && t.expires().isAfter(clock.instant().plusSeconds(MARGIN_SECONDS))) {
                return t.access();       // another thread refreshed meanwhile
            }
            return renew(t).access();
        }
    }

    /** The API refused {@code accessToken} (401): the next call fetches a new one, unless another thread already did. */
    synchronized void rejected(String accessToken) {
        Token t = current;
        if (t != null && t.access().equals(accessToken)) {
            current = new Token(t.access(), t.refresh(), Instant.EPOCH);
        }
    }

    /** @return the refresh token held now, or {@code null} */
    String refreshToken() {
        Token t = current;
        return t == null ? null : t.refresh();
    }

    /**
     * Revokes the refresh token held (RFC 7009, {@code POST /oauth/v2/oauth-revoke}; Pagero revokes the access tokens
     * issued with it too), so that a stopped connection leaves no token valid behind. Best effort: a failure is
     * logged, and the token expires on Pagero's side in time. @return whether no token is left valid
     */
    synchronized boolean revoke() {
        Token t = current;
        current = null;
        if (t == null || t.refresh() == null) {
            return true;
        }
        HttpPost post = new HttpPost(settings.ssoUrl().resolve("/oauth/v2/oauth-revoke"));
        post.setHeader("Authorization", clientAuthorization());
        post.setEntity(new StringEntity("token=" + enc(t.refresh()) + "&token_type_hint=refresh_token",
                ContentType.APPLICATION_FORM_URLENCODED));
        // a stop does not wait long for it: an unanswered revocation only leaves the token to expire
        post.setConfig(org.apache.hc.client5.http.config.RequestConfig.custom()
                .setConnectionRequestTimeout(org.apache.hc.core5.util.Timeout.ofSeconds(2))
                .setResponseTimeout(org.apache.hc.core5.util.Timeout.ofSeconds(5)).build());
        try {
            PageroHttp.Answer a = http.execute(post, true);
            if (a.status() == 200) {
                return true;
            }
            LOG.info("Connection {}: Pagero Online did not revoke the refresh token (HTTP {}); it expires by itself",
                    settings.name(), a.status());
        } catch (TransportException e) {
            LOG.info("Connection {}: the refresh token could not be revoked (Pagero Online did not answer); it expires "
                    + "by itself", settings.name());
        }
        return false;
    }

    private String clientAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(
                (enc(settings.clientId()) + ":" + enc(settings.clientSecret())).getBytes(StandardCharsets.UTF_8));
    }

    private Token renew(Token old) throws TransportException {
        if (old != null && old.refresh() != null) {
            current = new Token(old.access(), null, old.expires());       // never present it twice
            try {
                Token t = grant("grant_type=refresh_token&refresh_token=" + enc(old.refresh()));
                LOG.debug("Connection {}: access token refreshed", settings.name());
                return t;
            } catch (TransportException e) {
                LOG.debug("Connection {}: refreshing the token failed ({}); logging in again", settings.name(), e.getMessage());
            }
        }
        Token t = grant("grant_type=password&username=" + enc(settings.username()) + "&password=" + enc(settings.password()));
        LOG.debug("Connection {}: logged in as {}", settings.name(), settings.username());
        return t;
    }

    private Token grant(String form) throws TransportException {
        HttpPost post = new HttpPost(settings.ssoUrl().resolve("/oauth/v2/oauth-token"));
        post.setHeader("Authorization", clientAuthorization());
        post.setHeader("Accept", "application/json");
        post.setEntity(new StringEntity(form, ContentType.APPLICATION_FORM_URLENCODED));
        PageroHttp.Answer a = http.execute(post, true);
        if (a.status() != 200) {
            String code = error(a.body());
            if ((a.status() == 400 || a.status() == 401) && REFUSALS.contains(code)) {
                // RETRY, not FINAL: the documents are not at fault, and they are sent once the credentials are fixed
                throw new TransportException(Outcome.RETRY, a.status(), null, "Pagero Online refused the login of user "
                        + settings.username() + " with client " + settings.clientId() + " (HTTP " + a.status() + " "
                        + code + "): check clientId, .clientSecret, username and .password; documents wait until it "
                        + "is fixed", null);
            }
            // Not an OAuth2 refusal of these credentials (a 401 without one of its codes comes from something in
            // between, or a passing fault): worth another try, like any other failed call.
            throw new TransportException(Outcome.RETRY, a.status(), null, "the token service answered HTTP " + a.status()
                    + (code.isEmpty() ? "" : " " + code) + " without refusing the credentials", null);
        }
        try {
            JsonNode n = json.readTree(a.body());
            String access = n.path("access_token").asText(null);
            if (access == null) {
                throw new TransportException(Outcome.RETRY, 200, null, "the token answer has no access_token", null);
            }
            long expiresIn = n.path("expires_in").asLong(600);
            Token t = new Token(access, n.path("refresh_token").asText(null), clock.instant().plusSeconds(expiresIn));
            current = t;
            return t;
        } catch (java.io.IOException e) {
            throw new TransportException(Outcome.RETRY, 200, null, "the token answer is not JSON", e);
        }
    }

    /** The OAuth2 error codes (RFC 6749 §5.2) that mean the token service refused this client, user or grant. */
    private static final java.util.Set<String> REFUSALS = java.util.Set.of("invalid_request", "invalid_client",
            "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope");

    private String error(String body) {
        try {
            return json.readTree(body).path("error").asText("");
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
