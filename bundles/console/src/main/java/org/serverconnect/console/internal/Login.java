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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may see the console: the web console's user and password ({@code felix.webconsole.username} and
 * {@code felix.webconsole.password} in {@code etc/serverconnect.properties}), given either as HTTP Basic (programs,
 * the command line) or through the status page's login form, which opens a session held in memory (a cookie that
 * scripts cannot read and other sites cannot send, {@code HttpOnly; SameSite=Strict}; {@code Secure} when the page
 * came over HTTPS). A Basic request opens no session. Every form that changes something also carries a token,
 * checked on arrival: the session's, or for pages seen with Basic one that lives as long as the runtime. Wrong logins
 * are logged and slow their client down ({@link LoginThrottle}).
 */
@Component(service = Login.class)
public final class Login {
    static final String COOKIE = "sc_session";
    private static final Duration IDLE = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Logger LOG = LoggerFactory.getLogger(Login.class);

    private final String user;
    private final byte[] password;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final LoginThrottle throttle = new LoginThrottle(System::nanoTime);
    /** the forms' token on pages seen with HTTP Basic (which opens no session) */
    final String basicToken = random();

    /** What a request's login is. */
    enum Verdict {
        /** it gives none */
        NONE,
        /** the console's user and password */
        RIGHT,
        /** another user or password */
        WRONG,
        /** not checked: its client gave too many wrong ones and must wait */
        WAIT
    }

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

    /** @return whether the request carries the console's login as HTTP Basic (see {@link #basicVerdict}) */
    boolean basic(HttpServletRequest req) {
        return basicVerdict(req) == Verdict.RIGHT;
    }

    /** @return what the request's HTTP Basic login is; a wrong one is counted against its client and logged */
    Verdict basicVerdict(HttpServletRequest req) {
        String h = req.getHeader("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Verdict.NONE;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = "";
        }
        int colon = decoded.indexOf(':');
        return check(req, colon < 0 ? decoded : decoded.substring(0, colon), colon < 0 ? null : decoded.substring(colon + 1));
    }

    /** Checks a login given by the request's client (Basic or the form), unless that client must wait. */
    Verdict check(HttpServletRequest req, String u, String p) {
        String client = String.valueOf(req.getRemoteAddr());
        if (!throttle.wait(client).isZero()) {
            return Verdict.WAIT;
        }
        if (matches(u, p)) {
            throttle.succeeded(client);
            return Verdict.RIGHT;
        }
        int inARow = throttle.failed(client);
        Duration wait = throttle.wait(client);
        LOG.warn("Wrong login for user '{}' from {} to {} ({} in a row{})", printable(u), client, req.getRequestURI(), inARow,
                wait.isZero() ? "" : "; its logins are not checked for the next " + wait.toSeconds() + " s");
        return Verdict.WRONG;
    }

    /** @return how long the request's client must wait before its next login is checked, in whole seconds (at least 1) */
    long waitSeconds(HttpServletRequest req) {
        return Math.max(1, (throttle.wait(String.valueOf(req.getRemoteAddr())).toMillis() + 999) / 1000);
    }

    /** Answers a client that must wait: 429 with {@code Retry-After}. */
    void tooMany(HttpServletRequest req, HttpServletResponse resp) {
        resp.setHeader("Retry-After", Long.toString(waitSeconds(req)));
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
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

    /** Opens a session for a browser that gave the right login in the form; sets its cookie. */
    void open(HttpServletRequest req, HttpServletResponse resp) {
        sessions.values().removeIf(s -> System.nanoTime() - s.seen >= IDLE.toNanos());
        String id = random();
        sessions.put(id, new Session());
        resp.addHeader("Set-Cookie", COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict" + secure(req));
    }

    /** Over HTTPS the cookie is never sent over plain HTTP. */
    private static String secure(HttpServletRequest req) {
        return req.isSecure() ? "; Secure" : "";
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
        resp.addHeader("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + secure(req));
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
