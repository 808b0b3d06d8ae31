package org.serverconnect.pagero.emulator.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/** Who is calling: the OAuth2 client at the token endpoints, the user of the bearer token at the APIs. */
final class Authentication {
    private final EmulatorState state;

    Authentication(EmulatorState state) {
        this.state = state;
    }

    /** Client authentication by Basic header or by form fields (both are documented); else 401 invalid_client. */
    EmulatorConfig.Client client(HttpExchange ex, Map<String, List<String>> form) throws HttpError {
        String id = Requests.first(form, "client_id");
        String secret = Requests.first(form, "client_secret");
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                    secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                id = null;
            }
        }
        EmulatorConfig.Client client = id == null || secret == null ? null : state.tokens().client(id, secret);
        if (client == null) {
            throw new HttpError(401, "invalid_client", "client authentication failed",
                    Map.of("WWW-Authenticate", "Basic realm=\"pagero\""));
        }
        return client;
    }

    /** The user of a valid {@code Authorization: Bearer} token; else 401 invalid_token. */
    EmulatorConfig.User bearer(HttpExchange ex) throws HttpError {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        EmulatorConfig.User user = null;
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            user = state.tokens().bearer(auth.substring(7).trim());
        }
        if (user == null) {
            Answers.drain(ex);
            throw new HttpError(401, "invalid_token", "the access token is missing, expired or revoked",
                    Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
        }
        return user;
    }
}
