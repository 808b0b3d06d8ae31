package org.serverconnect.console.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Who may see the console: the web console's user and password ({@code felix.webconsole.username} and
 * {@code felix.webconsole.password} in {@code etc/serverconnect.properties}), given either as HTTP Basic (programs,
 * the command line) or through the status page's login form, which opens a session held in memory (a cookie that
 * scripts cannot read and other sites cannot send, {@code HttpOnly; SameSite=Strict}). Every form that changes
 * something also carries the session's token, checked on arrival.
 */
@Component(service = Login.class)
public final class Login {
    static final String COOKIE = "sc_session";
    private static final Duration IDLE = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String user;
    private final byte[] password;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** A logged-in browser: its form token and when it was last seen. */
    static final class Session {
        final String token = random();
        volatile long seen = System.nanoTime();
    }

    @Activate
    public Login(BundleContext context) {
        this(context.getProperty("felix.webconsole.username"), context.getProperty("felix.webconsole.password"));
    }

    Login(String user, String password) {
        this.user = user == null || user.isBlank() ? "admin" : user.trim();
        this.password = password == null || password.isBlank() ? null : password.getBytes(StandardCharsets.UTF_8);
    }

    /** @return whether the user and password are the console's (compared in constant time) */
    boolean matches(String u, String p) {
        if (password == null || u == null || p == null) {
            return false;
        }
        boolean userOk = MessageDigest.isEqual(u.getBytes(StandardCharsets.UTF_8), user.getBytes(StandardCharsets.UTF_8));
        boolean passwordOk = MessageDigest.isEqual(p.getBytes(StandardCharsets.UTF_8), password);
        return userOk & passwordOk;
    }

    /** @return whether the request carries the console's login as HTTP Basic */
    boolean basic(HttpServletRequest req) {
        String h = req.getHeader("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon >= 0 && matches(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** @return the request's live session, or {@code null} */
    Session session(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName())) {
                Session s = sessions.get(c.getValue());
                if (s != null && System.nanoTime() - s.seen < IDLE.toNanos()) {
                    s.seen = System.nanoTime();
                    return s;
                }
                sessions.remove(c.getValue());
            }
        }
        return null;
    }

    /** Opens a session for a browser that gave the right login; sets its cookie. */
    void open(HttpServletResponse resp) {
        sessions.values().removeIf(s -> System.nanoTime() - s.seen >= IDLE.toNanos());
        String id = random();
        sessions.put(id, new Session());
        resp.addHeader("Set-Cookie", COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict");
    }

    /** Ends the request's session. */
    void close(HttpServletRequest req, HttpServletResponse resp) {
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName())) {
                    sessions.remove(c.getValue());
                }
            }
        }
        resp.addHeader("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    }

    /**
     * Whether a request that changes something comes from our own pages or from a program: browsers name the page's
     * origin on every cross-site POST, so a page elsewhere cannot use a login the browser remembers (programs like
     * curl send no {@code Origin}).
     */
    static boolean sameOrigin(HttpServletRequest req) {
        String origin = req.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = req.getHeader("Host");
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    /** Asks a program for HTTP Basic. */
    static void challenge(HttpServletResponse resp) {
        resp.setHeader("WWW-Authenticate", "Basic realm=\"Server Connect\", charset=\"UTF-8\"");
    }

    private static String random() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
