package org.serverconnect.pagero.emulator.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth2 tokens: access tokens with a lifetime, refresh tokens that are single-use and rotated, revocation. Changes
 * are {@link Events} handed to the journal; a refresh token presented a second time is counted.
 */
final class TokenStore {
    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);

    private record Token(String user, String client, long expiresAt, String refresh) {
    }

    private final EmulatorConfig config;
    private final EmulatorClock clock;
    private final Consumer<Events> journal;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Token> accessTokens = new HashMap<>();
    private final Map<String, Token> refreshTokens = new HashMap<>();   // unused refresh tokens
    private final Set<String> usedRefreshTokens = new HashSet<>();
    private final Set<String> revoked = new HashSet<>();
    private long refreshReuses;

    TokenStore(EmulatorConfig config, EmulatorClock clock, Consumer<Events> journal) {
        this.config = config;
        this.clock = clock;
        this.journal = journal;
    }

    /** Applies a token event (at replay, or as it happens); other events are not its business. */
    synchronized void apply(Events event) {
        if (event instanceof Events.TokenIssued t) {
            Token token = new Token(t.user(), t.client(), t.expiresAt(), t.refresh());
            accessTokens.put(t.access(), token);
            refreshTokens.put(t.refresh(), token);
            if (t.rotatedFrom() != null) {
                refreshTokens.remove(t.rotatedFrom());
                usedRefreshTokens.add(t.rotatedFrom());
            }
        } else if (event instanceof Events.Revoked r) {
            revoked.add(r.token());
            Token rt = refreshTokens.remove(r.token());
            if (rt != null) {
                accessTokens.entrySet().stream().filter(e -> r.token().equals(e.getValue().refresh()))
                        .forEach(e -> revoked.add(e.getKey()));
            }
        }
    }

    private void record(Events event) {
        apply(event);
        journal.accept(event);
    }

    /** The client if id and secret match, else null. */
    EmulatorConfig.Client client(String id, String secret) {
        return config.clients().stream().filter(c -> c.id().equals(id) && c.secret().equals(secret)).findFirst()
                .orElse(null);
    }

    synchronized Events.TokenIssued passwordGrant(String client, String username, String password) {
        EmulatorConfig.User user = config.users().stream()
                .filter(u -> u.username().equals(username) && u.password().equals(password)).findFirst().orElse(null);
        if (user == null) {
            return null;
        }
        Events.TokenIssued t = new Events.TokenIssued(newToken("at-"), newToken("rt-"), user.username(), client,
                clock.now() + config.tokenLifetimeSeconds() * 1000L, null);
        record(t);
        return t;
    }

    /** A new pair for a valid, unused refresh token of this client; null (and counted) for a used or unknown one. */
    synchronized Events.TokenIssued refreshGrant(String client, String refreshToken) {
        Token old = refreshTokens.get(refreshToken);
        if (old == null || !old.client().equals(client) || revoked.contains(refreshToken)) {
            if (usedRefreshTokens.contains(refreshToken)) {
                refreshReuses++;
                LOG.warn("Refresh token presented a second time (client {}); refused with invalid_grant", client);
            }
            return null;
        }
        Events.TokenIssued t = new Events.TokenIssued(newToken("at-"), newToken("rt-"), old.user(), client,
                clock.now() + config.tokenLifetimeSeconds() * 1000L, refreshToken);
        record(t);
        return t;
    }

    synchronized void revoke(String token) {
        if (accessTokens.containsKey(token) || refreshTokens.containsKey(token)) {
            record(new Events.Revoked(token));
        }
    }

    /** The user of a valid bearer token, or null when it is unknown, expired or revoked. */
    synchronized EmulatorConfig.User bearer(String accessToken) {
        Token t = accessTokens.get(accessToken);
        if (t == null || revoked.contains(accessToken) || t.expiresAt() <= clock.now()) {
            return null;
        }
        return config.users().stream().filter(u -> u.username().equals(t.user())).findFirst().orElse(null);
    }

    synchronized long refreshReuses() {
        return refreshReuses;
    }

    synchronized int accessTokensIssued() {
        return accessTokens.size();
    }

    synchronized void clear() {
        accessTokens.clear();
        refreshTokens.clear();
        usedRefreshTokens.clear();
        revoked.clear();
        refreshReuses = 0;
    }

    private String newToken(String prefix) {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
