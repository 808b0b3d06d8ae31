package org.serverconnect.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.serverconnect.api.Check;
import org.serverconnect.api.Diagnosis;
import org.serverconnect.api.account.AccountService;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.journal.Journal;
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
 * <li>{@code POST accounts/<name>/requeue} — every file of its error folder back into its outbox;</li>
 * <li>{@code GET accounts/<name>/errors} — the files in its error folder;</li>
 * <li>{@code PUT accounts/<name>/files/<file>} — the request's body into its outbox as that file, safely (201);</li>
 * <li>{@code GET doctor} and {@code GET accounts/<name>/doctor} — the doctor's findings;</li>
 * <li>{@code GET history?file=|invoice=|networkId=|reference=} — every state a document passed through;
 * {@code ?key=} tries each of them in that order; 404 when the journal knows no such document.</li>
 * </ul>
 * Errors are JSON too: {@code {"error": "...", "message": "..."}} with 400, 401, 404, 405 or 409. With
 * {@code ?format=text} every answer is plain text for people instead (what {@code bin/serverconnect} prints), its
 * times in this machine's zone or in the one of {@code ?zone=}.
 */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.pattern=/api/v1/*",
        "osgi.http.whiteboard.servlet.name=serverconnect-api" })
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final transient Login login;

    private final transient Accounts accounts;
    private final transient ConfigurationAdmin cm;
    /** what the doctor asks besides the accounts (the installation file: applied or refused, and why) */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private final transient List<Diagnosis> diagnoses = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Activate
    public ApiServlet(@Reference Login login, @Reference Accounts accounts, @Reference ConfigurationAdmin cm) {
        this.login = login;
        this.accounts = accounts;
        this.cm = cm;
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
        boolean text = "text".equals(query(req, "format"));
        java.time.ZoneId zone = Views.zone(query(req, "zone"));
        try {
            Login.Verdict verdict = login.basicVerdict(req);
            if (verdict == Login.Verdict.WAIT) {
                login.tooMany(req, resp);
                throw new Failure(429, "too_many_logins", "too many wrong logins from this address: try again in "
                        + login.waitSeconds(req) + " s");
            }
            if (verdict != Login.Verdict.RIGHT && login.session(req) == null) {
                Login.challenge(resp);
                throw new Failure(401, "unauthorised", "log in with the web console's user and password "
                        + "(etc/serverconnect.properties)");
            }
            if (!"GET".equals(req.getMethod()) && !Login.sameOrigin(req)) {
                throw new Failure(403, "forbidden", "a change from another web site's page is refused");
            }
            String path = req.getPathInfo() == null ? "" : req.getPathInfo();
            List<String> parts = new ArrayList<>();
            for (String p : path.split("/")) {
                if (!p.isEmpty()) {
                    parts.add(p);
                }
            }
            Object body = route(req.getMethod(), parts, req, resp);
            write(resp, resp.getStatus() == 0 ? 200 : resp.getStatus(), body, text, zone);
        } catch (Failure f) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("error", f.code);
            e.put("message", f.getMessage());
            write(resp, f.status, e, text, zone);
        } catch (RuntimeException e) {
            write(resp, 500, Map.of("error", "internal", "message", String.valueOf(e.getMessage())), text, zone);
        }
    }

    private Object route(String method, List<String> p, HttpServletRequest req, HttpServletResponse resp)
            throws Failure, IOException {
        if (p.size() == 1 && p.get(0).equals("accounts")) {
            get(method);
            List<Object> out = new ArrayList<>();
            accounts.sorted().forEach(a -> out.add(Views.account(a, accounts.journal())));
            return out;
        }
        if (p.size() == 1 && p.get(0).equals("configuration")) {
            get(method);
            return Configurations.list(cm);
        }
        if (p.size() == 1 && p.get(0).equals("doctor")) {
            get(method);
            List<Check> all = new ArrayList<>();
            diagnoses.forEach(d -> all.addAll(d.doctor()));        // the installation file, ...
            accounts.sorted().forEach(a -> all.addAll(a.doctor()));
            if (accounts.sorted().isEmpty()) {
                all.add(Check.ok("accounts", "none configured yet (add etc/org.serverconnect.account-<name>.cfg)"));
            }
            return Views.checks(all);
        }
        if (p.size() >= 2 && p.get(0).equals("accounts")) {
            AccountService a = accounts.named(p.get(1)).orElseThrow(() -> new Failure(404, "not_found", noAccount(p.get(1))));
            return account(a, method, p.subList(2, p.size()), req, resp);
        }
        if (p.size() == 1 && p.get(0).equals("history")) {
            get(method);
            for (String[] q : new String[][] { { "file", "FILE_NAME" }, { "invoice", "INVOICE_NUMBER" },
                { "networkId", "NETWORK_ID" }, { "reference", "REFERENCE" } }) {
                String v = query(req, q[0]);
                if (v != null && !v.isBlank()) {
                    return found(journal().history(Journal.Lookup.valueOf(q[1]), v.trim(), limit(req)), v.trim(),
                            "no document with the " + q[0].replace("networkId", "network id") + " " + v.trim());
                }
            }
            String key = query(req, "key");
            if (key != null && !key.isBlank()) {
                return found(journal().find(key.trim(), limit(req)), key.trim(), "no document known as " + key.trim()
                        + " (as a file name, invoice number, network id or reference)");
            }
            throw new Failure(400, "bad_request", "say what to look for: ?key= (any), ?file=, ?invoice=, ?networkId= "
                    + "or ?reference=");
        }
        throw new Failure(404, "not_found", "no such resource; see GET /api/v1/accounts and /api/v1/history");
    }

    /** What is under {@code accounts/<name>/}. */
    private Object account(AccountService a, String method, List<String> p, HttpServletRequest req,
            HttpServletResponse resp) throws Failure, IOException {
        String what = p.isEmpty() ? "" : p.get(0);
        try {
            switch (what + "/" + p.size()) {
            case "/0":
                get(method);
                return Views.account(a, accounts.journal());
            case "documents/1":
                get(method);
                return Views.entries(journal().inState(a.name(), state(query(req, "state")), limit(req)));
            case "errors/1":
                get(method);
                return a.errorFiles();
            case "doctor/1":
                get(method);
                return Views.checks(a.doctor());
            case "run/2":
                post(method);
                RunKind kind = kind(p.get(1));
                a.runNow(kind);
                resp.setStatus(202);
                return answer(a, "run", Views.lower(kind), "a " + Views.lower(kind) + " run of " + a.name()
                        + " starts as soon as a thread is free");
            case "requeue/2":
                post(method);
                Path back = a.requeue(p.get(1));
                return answer(a, "file", p.get(1), p.get(1) + " is back in the outbox of " + a.name() + " (" + back + ")");
            case "requeue/1":
                post(method);
                List<String> moved = new ArrayList<>();
                for (String f : a.errorFiles()) {
                    a.requeue(f);
                    moved.add(f);
                }
                Map<String, Object> m = answer(a, "requeued", moved, moved.size() + " file(s) back in the outbox of "
                        + a.name() + (moved.isEmpty() ? "" : ": " + String.join(", ", moved)));
                return m;
            case "files/2":
                if (!"PUT".equals(method)) {
                    throw new Failure(405, "method_not_allowed", "use PUT");
                }
                Path landed = a.submit(p.get(1), req.getInputStream());
                resp.setStatus(201);
                return answer(a, "file", p.get(1), p.get(1) + " is in the outbox of " + a.name() + " (" + landed + ")");
            default:
                throw new Failure(404, "not_found", "no such resource under accounts/" + a.name());
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Failure(404, "not_found", "no file " + (p.size() > 1 ? p.get(1) : "") + " in the error folder of "
                    + a.name());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new Failure(409, "conflict", "the outbox of " + a.name() + " already has a file " + p.get(1));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new Failure(409, "conflict", e.getMessage());
        }
    }

    private String noAccount(String name) {
        List<String> names = accounts.sorted().stream().map(AccountService::name).toList();
        return "no account " + name + (names.isEmpty() ? " (none is configured)" : "; there are: " + String.join(", ", names));
    }

    /** A lookup that found nothing is a 404, so that the command line can say so and exit 1. */
    private static List<Object> found(List<org.serverconnect.api.journal.JournalEntry> entries, String what,
            String none) throws Failure {
        if (entries.isEmpty()) {
            throw new Failure(404, "not_found", none + " in the journal");
        }
        return Views.entries(entries);
    }

    private static Map<String, Object> answer(AccountService a, String key, Object value, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", a.name());
        m.put(key, value);
        m.put("message", message);
        return m;
    }

    /**
     * A parameter of the query string only: {@code getParameter} would read a form-encoded body, which for
     * {@code PUT files/<file>} is the file itself.
     */
    static String query(HttpServletRequest req, String name) {
        String q = req.getQueryString();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) {
                return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
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
        Journal j = accounts.journal();
        if (j == null) {
            throw new Failure(409, "conflict", "the journal is not available (engine bundle not running)");
        }
        return j;
    }

    private static int limit(HttpServletRequest req) throws Failure {
        String l = query(req, "limit");
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

    private void write(HttpServletResponse resp, int status, Object body, boolean text, java.time.ZoneId zone)
            throws IOException {
        resp.setStatus(status);
        resp.setCharacterEncoding("UTF-8");
        if (text) {
            resp.setContentType("text/plain");
            resp.getOutputStream().write(Views.text(body, zone).getBytes(StandardCharsets.UTF_8));
        } else {
            resp.setContentType("application/json");
            resp.getOutputStream().write(json.writeValueAsBytes(body));
        }
    }
}
