package org.serverconnect.pagero.emulator.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import com.sun.net.httpserver.HttpExchange;

/**
 * Pagero's OAuth2 endpoints: {@code POST /oauth/v2/oauth-token} (password and refresh_token grants; refresh tokens
 * single-use and rotated) and {@code POST /oauth/v2/oauth-revoke}.
 */
final class OAuthApi {
    private final EmulatorState state;
    private final Authentication auth;

    OAuthApi(EmulatorState state, Authentication auth) {
        this.state = state;
        this.auth = auth;
    }

    void register(Router router) {
        router.route("POST", "/oauth/v2/oauth-token", "token", this::token);
        router.route("POST", "/oauth/v2/oauth-revoke", "token", this::revoke);
    }

    private Response token(HttpExchange ex, Matcher m) throws Exception {
        Map<String, List<String>> form = Requests.form(ex);
        EmulatorConfig.Client client = auth.client(ex, form);
        String grant = Requests.first(form, "grant_type");
        Events.TokenIssued t;
        if ("password".equals(grant)) {
            t = state.tokens().passwordGrant(client.id(), Requests.first(form, "username"),
                    Requests.first(form, "password"));
            if (t == null) {
                throw new HttpError(400, "invalid_grant", "the username or password is wrong");
            }
        } else if ("refresh_token".equals(grant)) {
            t = state.tokens().refreshGrant(client.id(), Requests.first(form, "refresh_token"));
            if (t == null) {
                throw new HttpError(400, "invalid_grant", "the refresh token is unknown, used already or revoked");
            }
        } else {
            throw new HttpError(400, grant == null ? "invalid_request" : "unsupported_grant_type",
                    grant == null ? "grant_type is missing" : "grant_type " + grant + " is not supported here");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "bearer");
        body.put("access_token", t.access());
        body.put("refresh_token", t.refresh());
        body.put("scope", "");
        body.put("expires_in", state.config().tokenLifetimeSeconds());
        if (t.rotatedFrom() != null) {
            body.put("claims", "publicid");
        }
        return new Response(200, "application/json", Json.MAPPER.writeValueAsBytes(body), null,
                Map.of("Cache-Control", "no-store"));
    }

    private Response revoke(HttpExchange ex, Matcher m) throws Exception {
        Map<String, List<String>> form = Requests.form(ex);
        auth.client(ex, form);
        String token = Requests.first(form, "token");
        if (token == null) {
            throw new HttpError(400, "invalid_request", "token is missing");
        }
        state.tokens().revoke(token);
        return new Response(200, null, null, null, Map.of());
    }
}
