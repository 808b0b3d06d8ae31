package org.serverconnect.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.serverconnect.api.account.AccountService;
import org.serverconnect.api.account.AccountStatus;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.journal.Journal;
import org.serverconnect.api.journal.JournalEntry;
import org.serverconnect.api.notify.RunKind;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The JSON API under {@code /api/v1/} on the runtime's web server (127.0.0.1 by default), with the web console's
 * login (HTTP Basic; user and password in {@code etc/serverconnect.properties}):
 * <ul>
 * <li>{@code GET accounts} — every account with its status, reason, queue sizes and next runs;</li>
 * <li>{@code GET accounts/<name>} — one account;</li>
 * <li>{@code GET accounts/<name>/documents?state=FAILED&limit=50} — its documents now in a state;</li>
 * <li>{@code POST accounts/<name>/run/<send|receive|followup>} — a run as soon as a thread is free (202);</li>
 * <li>{@code POST accounts/<name>/requeue/<file>} — a file from its error folder back into its outbox;</li>
 * <li>{@code GET history?file=|invoice=|networkId=|reference=} — every state a document passed through.</li>
 * </ul>
 * Errors are JSON too: {@code {"error": "...", "message": "..."}} with 400, 401, 404, 405 or 409.
 */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.pattern=/api/v1/*",
        "osgi.http.whiteboard.servlet.name=serverconnect-api" })
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient List<AccountService> accounts = new CopyOnWriteArrayList<>();
    private transient volatile Journal journal;
    private final transient ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final String user;
    private final byte[] password;

    @Activate
    public ApiServlet(BundleContext context) {
        this.user = value(context.getProperty("felix.webconsole.username"), "admin");
        String p = context.getProperty("felix.webconsole.password");
        this.password = p == null || p.isBlank() ? null : p.getBytes(StandardCharsets.UTF_8);
    }

    private static String value(String v, String otherwise) {
        return v == null || v.isBlank() ? otherwise : v.trim();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindAccount(AccountService a) {
        accounts.add(a);
    }

    void unbindAccount(AccountService a) {
        accounts.remove(a);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindJournal(Journal j) {
        this.journal = j;
    }

    void unbindJournal(Journal j) {
        if (this.journal == j) {
            this.journal = null;
        }
    }

    /** An answer other than 200, with a JSON body. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        Failure(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        try {
            if (!authorised(req)) {
                resp.setHeader("WWW-Authenticate", "Basic realm=\"Server Connect\", charset=\"UTF-8\"");
                throw new Failure(401, "unauthorised", "log in with the web console's user and password "
                        + "(etc/serverconnect.properties)");
            }
            String path = req.getPathInfo() == null ? "" : req.getPathInfo();
            List<String> parts = new ArrayList<>();
            for (String p : path.split("/")) {
                if (!p.isEmpty()) {
                    parts.add(p);
                }
            }
            Object body = route(req.getMethod(), parts, req, resp);
            write(resp, resp.getStatus() == 0 ? 200 : resp.getStatus(), body);
        } catch (Failure f) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("error", f.code);
            e.put("message", f.getMessage());
            write(resp, f.status, e);
        } catch (RuntimeException e) {
            write(resp, 500, Map.of("error", "internal", "message", String.valueOf(e.getMessage())));
        }
    }

    private Object route(String method, List<String> p, HttpServletRequest req, HttpServletResponse resp)
            throws Failure, IOException {
        if (p.size() == 1 && p.get(0).equals("accounts")) {
            get(method);
            List<Object> out = new ArrayList<>();
            accounts.stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(a -> out.add(account(a)));
            return out;
        }
        if (p.size() >= 2 && p.get(0).equals("accounts")) {
            AccountService a = accounts.stream().filter(x -> x.name().equals(p.get(1))).findFirst()
                    .orElseThrow(() -> new Failure(404, "not_found", "no account " + p.get(1)));
            if (p.size() == 2) {
                get(method);
                return account(a);
            }
            if (p.size() == 3 && p.get(2).equals("documents")) {
                get(method);
                DocumentState state = state(req.getParameter("state"));
                return entries(journal().inState(a.name(), state, limit(req)));
            }
            if (p.size() == 4 && p.get(2).equals("run")) {
                post(method);
                RunKind kind = kind(p.get(3));
                try {
                    a.runNow(kind);
                } catch (IllegalStateException e) {
                    throw new Failure(409, "conflict", e.getMessage());
                }
                resp.setStatus(202);
                return Map.of("account", a.name(), "run", kind.name().toLowerCase(Locale.ROOT), "queued", true);
            }
            if (p.size() == 4 && p.get(2).equals("requeue")) {
                post(method);
                try {
                    Path back = a.requeue(p.get(3));
                    return Map.of("account", a.name(), "file", p.get(3), "outbox", back.toString());
                } catch (java.nio.file.NoSuchFileException e) {
                    throw new Failure(404, "not_found", "no file " + p.get(3) + " in the error folder of " + a.name());
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new Failure(409, "conflict", e.getMessage());
                }
            }
        }
        if (p.size() == 1 && p.get(0).equals("history")) {
            get(method);
            for (String[] q : new String[][] { { "file", "FILE_NAME" }, { "invoice", "INVOICE_NUMBER" },
                { "networkId", "NETWORK_ID" }, { "reference", "REFERENCE" } }) {
                String v = req.getParameter(q[0]);
                if (v != null && !v.isBlank()) {
                    return entries(journal().history(Journal.Lookup.valueOf(q[1]), v.trim(), limit(req)));
                }
            }
            throw new Failure(400, "bad_request", "say what to look for: ?file=, ?invoice=, ?networkId= or ?reference=");
        }
        throw new Failure(404, "not_found", "no such resource; see GET /api/v1/accounts and /api/v1/history");
    }

    private static void get(String method) throws Failure {
        if (!"GET".equals(method)) {
            throw new Failure(405, "method_not_allowed", "use GET");
        }
    }

    private static void post(String method) throws Failure {
        if (!"POST".equals(method)) {
            throw new Failure(405, "method_not_allowed", "use POST");
        }
    }

    private Journal journal() throws Failure {
        Journal j = journal;
        if (j == null) {
            throw new Failure(409, "conflict", "the journal is not available (engine bundle not running)");
        }
        return j;
    }

    private static int limit(HttpServletRequest req) throws Failure {
        String l = req.getParameter("limit");
        try {
            return l == null ? 100 : Math.max(1, Math.min(1000, Integer.parseInt(l)));
        } catch (NumberFormatException e) {
            throw new Failure(400, "bad_request", "limit must be a number, was " + l);
        }
    }

    private static DocumentState state(String s) throws Failure {
        try {
            return DocumentState.valueOf(String.valueOf(s).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Failure(400, "bad_request", "state must be one of " + java.util.Arrays.toString(DocumentState.values()));
        }
    }

    private static RunKind kind(String s) throws Failure {
        try {
            return RunKind.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Failure(400, "bad_request", "a run is send, receive or followup, not " + s);
        }
    }

    private static Map<String, Object> account(AccountService a) {
        AccountStatus s = a.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("status", s.status().name());
        m.put("detail", s.detail().name());
        m.put("description", s.description());
        m.put("lastSuccess", time(s.lastSuccess()));
        m.put("lastError", time(s.lastError()));
        Map<String, Object> queues = new LinkedHashMap<>();
        queues.put("outbox", s.queues().outbox());
        queues.put("claimed", s.queues().claimed());
        queues.put("retry", s.queues().retry());
        queues.put("error", s.queues().error());
        m.put("queues", queues);
        Map<String, Object> next = new LinkedHashMap<>();
        for (RunKind k : RunKind.values()) {
            List<String> times = a.nextRuns(k, 3).stream().map(Instant::toString).toList();
            if (!times.isEmpty()) {
                next.put(k.name().toLowerCase(Locale.ROOT), times);
            }
        }
        m.put("nextRuns", next);
        return m;
    }

    private static List<Object> entries(List<JournalEntry> list) {
        List<Object> out = new ArrayList<>();
        for (JournalEntry e : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", e.time().toString());
            m.put("account", e.account());
            m.put("document", e.documentId());
            m.put("file", e.fileName());
            m.put("state", e.state().name());
            m.put("invoice", e.invoiceNumber());
            m.put("networkId", e.networkId());
            m.put("reference", e.reference());
            m.put("sha256", e.sha256());
            m.put("reason", e.reason());
            out.add(m);
        }
        return out;
    }

    private static String time(Instant i) {
        return i == null ? null : i.toString();
    }

    private boolean authorised(HttpServletRequest req) {
        String h = req.getHeader("Authorization");
        if (password == null || h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean userOk = MessageDigest.isEqual(decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8),
                user.getBytes(StandardCharsets.UTF_8));
        boolean passwordOk = MessageDigest.isEqual(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8), password);
        return userOk & passwordOk;
    }

    private void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getOutputStream().write(json.writeValueAsBytes(body));
    }
}
