package org.serverconnect.console.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.owasp.encoder.Encode;
import org.serverconnect.api.account.AccountService;
import org.serverconnect.api.account.AccountStatus;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.journal.Journal;
import org.serverconnect.api.journal.JournalEntry;
import org.serverconnect.api.notify.RunKind;

/**
 * The status page at {@code /status}: every account with its status and reason, queues, today's counts, last
 * success and error and next runs, with run-now buttons; a search over file names, invoice numbers and network ids
 * showing each match's whole history; the recent failures with requeue buttons. Plain HTML rendered here (no script),
 * refreshing itself every 15 seconds. Login through a form (a session) or HTTP Basic; actions are POSTed forms that
 * carry the session's token and answer with a redirect back to the page.
 */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.pattern=/status/*",
        "osgi.http.whiteboard.servlet.name=serverconnect-status" })
public final class StatusServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int REFRESH_SECONDS = 15;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", java.util.Locale.ROOT);
    private static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222;background:#f6f7f9}
            header{background:#1d3557;color:#fff;padding:.6em 1.2em;display:flex;gap:1em;align-items:center}
            header h1{font-size:1.2em;margin:0;flex:1}header form{margin:0}
            main{padding:1em 1.2em}section{margin-bottom:1.6em}h2{font-size:1.05em;margin:.2em 0 .5em}
            table{border-collapse:collapse;background:#fff;width:100%}
            th,td{border:1px solid #dde;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#eef}
            .ONLINE{color:#1b7f3b;font-weight:bold}.DEGRADED{color:#b36b00;font-weight:bold}
            .OFFLINE{color:#c1121f;font-weight:bold}.DISABLED{color:#777}
            .msg{background:#fff3cd;border:1px solid #e0c36c;padding:.5em;margin-bottom:1em}
            .bad{background:#f8d7da;border-color:#e39ea6}
            button{cursor:pointer}form.inline{display:inline;margin:0 .2em 0 0}
            .search input{width:24em;padding:.3em}.muted{color:#777}
            .login{max-width:22em;margin:4em auto;background:#fff;padding:1.5em;border:1px solid #dde}
            .login label{display:block;margin:.6em 0 .2em}.login input{width:100%;padding:.3em;box-sizing:border-box}
            """;

    private final transient Login login;

    private final transient Accounts accounts;
    private final transient Notices notices = new Notices();

    @Activate
    public StatusServlet(@Reference Login login, @Reference Accounts accounts) {
        this.login = login;
        this.accounts = accounts;
    }

    // ------------------------------------------------------------------------------------------------ requests

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        headers(resp);
        Login.Session session = login.session(req);
        if (session != null) {
            html(resp, 200, statusPage(req, session.token));
            return;
        }
        switch (login.basicVerdict(req)) {
            case RIGHT -> html(resp, 200, statusPage(req, login.basicToken));     // no session: the next request logs in again
            case WAIT -> tooMany(req, resp);
            default -> html(resp, 200, loginPage(null));
        }
    }

    private void tooMany(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        login.tooMany(req, resp);
        html(resp, 429, loginPage("Too many wrong logins from your address: try again in " + login.waitSeconds(req) + " s."));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        headers(resp);
        String action = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (!Login.sameOrigin(req)) {
            html(resp, 403, loginPage("A form from another web site was refused."));
            return;
        }
        if (action.equals("/login")) {
            switch (login.check(req, req.getParameter("user"), req.getParameter("password"))) {
                case RIGHT -> {
                    login.open(req, resp);
                    resp.sendRedirect(page(req, null));
                }
                case WAIT -> tooMany(req, resp);
                default -> html(resp, 401, loginPage("Wrong user or password."));
            }
            return;
        }
        Login.Session session = login.session(req);
        String token = req.getParameter("token");
        boolean allowed = session != null ? session.token.equals(token) : login.basicToken.equals(token) && login.basic(req);
        if (!allowed) {
            html(resp, 403, loginPage("Your session ended; log in again."));
            return;
        }
        if (action.equals("/logout")) {
            login.close(req, resp);
            resp.sendRedirect(req.getContextPath() + "/status");
            return;
        }
        AccountService a = accounts.named(String.valueOf(req.getParameter("account"))).orElse(null);
        String message;
        if (a == null) {
            message = "No account " + req.getParameter("account") + ".";
        } else if (action.equals("/run")) {
            message = run(a, req.getParameter("kind"));
        } else if (action.equals("/requeue")) {
            message = requeue(a, req.getParameter("file"));
        } else {
            message = "Unknown action " + action + ".";
        }
        resp.sendRedirect(page(req, message));
    }

    private static String run(AccountService a, String kind) {
        try {
            RunKind k = RunKind.valueOf(String.valueOf(kind).toUpperCase(java.util.Locale.ROOT));
            a.runNow(k);
            return "A " + Views.lower(k) + " run of " + a.name() + " starts as soon as a thread is free.";
        } catch (IllegalArgumentException e) {
            return "There is no run kind " + kind + ".";
        } catch (IllegalStateException e) {
            return "Not possible: " + e.getMessage() + ".";
        }
    }

    private static String requeue(AccountService a, String file) {
        try {
            a.requeue(file);
            return file + " is back in the outbox of " + a.name() + ".";
        } catch (IOException | RuntimeException e) {
            return "Could not requeue " + file + ": " + e.getMessage();
        }
    }

    private String page(HttpServletRequest req, String message) {
        return req.getContextPath() + "/status"
                + (message == null ? "" : "?msg=" + URLEncoder.encode(notices.put(message), StandardCharsets.UTF_8));
    }

    private static void headers(HttpServletResponse resp) {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
        resp.setHeader("Referrer-Policy", "same-origin");   // "no-referrer" would make our own forms send Origin: null
    }

    private static void html(HttpServletResponse resp, int status, String body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------------ pages

    private static String head(String title, boolean refresh) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Encode.forHtml(title)
                + "</title>" + (refresh ? "<meta http-equiv=\"refresh\" content=\"" + REFRESH_SECONDS + "\">" : "")
                + "<meta name=\"viewport\" content=\"width=device-width\"><style>" + CSS + "</style></head><body>";
    }

    private static String loginPage(String error) {
        StringBuilder b = new StringBuilder(head("Server Connect: log in", false));
        b.append("<form class=\"login\" id=\"login\" method=\"post\" action=\"/status/login\"><h1>Server Connect</h1>");
        if (error != null) {
            b.append("<p class=\"msg bad\" id=\"message\">").append(Encode.forHtml(error)).append("</p>");
        }
        b.append("<label for=\"user\">User</label><input id=\"user\" name=\"user\" autocomplete=\"username\" autofocus>")
                .append("<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" ")
                .append("autocomplete=\"current-password\"><p><button type=\"submit\">Log in</button></p>")
                .append("<p class=\"muted\">The web console's login, in etc/serverconnect.properties.</p></form></body></html>");
        return b.toString();
    }

    private String statusPage(HttpServletRequest req, String formToken) {
        String q = req.getParameter("q") == null ? "" : req.getParameter("q").trim();
        String msg = notices.get(req.getParameter("msg"));
        String token = Encode.forHtmlAttribute(formToken);
        List<AccountService> list = accounts.sorted();
        StringBuilder b = new StringBuilder(head("Server Connect", true));
        b.append("<header><h1>Server Connect</h1><span>").append(WHEN.format(java.time.ZonedDateTime.now()))
                .append(" · refreshes every ").append(REFRESH_SECONDS).append(" s</span>")
                .append("<form method=\"post\" action=\"/status/logout\"><input type=\"hidden\" name=\"token\" value=\"")
                .append(token).append("\"><button>Log out</button></form></header><main>");
        if (msg != null && !msg.isBlank()) {
            b.append("<p class=\"msg\" id=\"message\">").append(Encode.forHtml(msg)).append("</p>");
        }
        b.append("<form class=\"search\" id=\"search\" method=\"get\" action=\"/status\">")
                .append("<input id=\"q\" name=\"q\" placeholder=\"file name, invoice number or network id\" value=\"")
                .append(Encode.forHtmlAttribute(q)).append("\"> <button type=\"submit\">Search</button></form>");
        if (!q.isEmpty()) {
            history(b, q);
        }
        accounts(b, list, token);
        failures(b, list, token);
        b.append("</main></body></html>");
        return b.toString();
    }

    private void accounts(StringBuilder b, List<AccountService> list, String token) {
        b.append("<section><h2>Accounts</h2><table id=\"accounts\"><tr><th>Account</th><th>Status</th><th>Why</th>")
                .append("<th>Waiting</th><th>Today</th><th>Last success</th><th>Last error</th><th>Next runs</th>")
                .append("<th>Run now</th></tr>");
        if (list.isEmpty()) {
            b.append("<tr><td colspan=\"9\" class=\"muted\">No accounts yet: add etc/org.serverconnect.account-&lt;name&gt;.cfg"
                    + "</td></tr>");
        }
        for (AccountService a : list) {
            AccountStatus s = a.status();
            Map<String, Long> today = Views.today(a.name(), accounts.journal());
            String name = Encode.forHtml(a.name());
            b.append("<tr data-account=\"").append(Encode.forHtmlAttribute(a.name())).append("\"><td>").append(name)
                    .append("</td><td class=\"status ").append(s.status().name()).append("\">").append(s.status().name())
                    .append("</td><td>").append(Encode.forHtml(String.valueOf(s.description()))).append("</td><td>")
                    .append("outbox ").append(s.queues().outbox()).append("<br>claimed ").append(s.queues().claimed())
                    .append("<br>retry ").append(s.queues().retry()).append("<br>error ").append(s.queues().error())
                    .append("</td><td class=\"today\">sent ").append(today.get("sent")).append("<br>received ")
                    .append(today.get("received")).append("<br>rejected ").append(today.get("rejected"))
                    .append("<br>failed ").append(today.get("failed"))
                    .append("<br>rejected by recipient ").append(today.get("rejectedByRecipient")).append("</td><td>")
                    .append(when(s.lastSuccess())).append("</td><td>").append(when(s.lastError()))
                    .append(s.lastErrorReason() == null ? "" : "<br>" + Encode.forHtml(s.lastErrorReason())).append("</td><td>");
            List<RunKind> kinds = new ArrayList<>();
            for (RunKind k : RunKind.values()) {
                List<Instant> next = a.nextRuns(k, 1);
                if (!next.isEmpty()) {
                    kinds.add(k);
                    b.append(Views.lower(k)).append(": ").append(when(next.get(0))).append("<br>");
                }
            }
            b.append("</td><td>");
            for (RunKind k : kinds) {
                b.append("<form class=\"inline\" method=\"post\" action=\"/status/run\"><input type=\"hidden\" name=\"token\" value=\"")
                        .append(token).append("\"><input type=\"hidden\" name=\"account\" value=\"")
                        .append(Encode.forHtmlAttribute(a.name())).append("\"><button name=\"kind\" value=\"")
                        .append(Views.lower(k)).append("\">").append(Views.lower(k)).append("</button></form>");
            }
            b.append("</td></tr>");
        }
        b.append("</table></section>");
    }

    private void history(StringBuilder b, String q) {
        b.append("<section><h2>History of “").append(Encode.forHtml(q)).append("”</h2>");
        Journal j = accounts.journal();
        if (j == null) {
            b.append("<p class=\"msg bad\">The journal is not available (engine not running).</p></section>");
            return;
        }
        List<JournalEntry> entries = j.find(q, 500);
        if (entries.isEmpty()) {
            b.append("<p id=\"history-none\">Nothing found: no file name, invoice number, network id or reference is “")
                    .append(Encode.forHtml(q)).append("”.</p></section>");
            return;
        }
        b.append("<table id=\"history\"><tr><th>Time</th><th>Account</th><th>Document</th><th>File</th><th>State</th>")
                .append("<th>Invoice</th><th>Network id</th><th>Reason</th></tr>");
        for (JournalEntry e : entries) {
            b.append("<tr><td>").append(when(e.time())).append("</td><td>").append(Encode.forHtml(e.account()))
                    .append("</td><td>").append(e.documentId()).append("</td><td>").append(Encode.forHtml(e.fileName()))
                    .append("</td><td class=\"state\">").append(e.state().name()).append("</td><td>")
                    .append(Encode.forHtml(String.valueOf(or(e.invoiceNumber())))).append("</td><td>")
                    .append(Encode.forHtml(or(e.networkId()))).append("</td><td>").append(Encode.forHtml(or(e.reason())))
                    .append("</td></tr>");
        }
        b.append("</table></section>");
    }

    private void failures(StringBuilder b, List<AccountService> list, String token) {
        Journal j = accounts.journal();
        b.append("<section><h2>Recent failures</h2>");
        List<JournalEntry> failed = new ArrayList<>();
        if (j != null) {
            failed.addAll(j.inState(DocumentState.FAILED, 25));
            failed.addAll(j.inState(DocumentState.REJECTED, 25));
            failed.sort((x, y) -> y.time().compareTo(x.time()));
        }
        if (failed.isEmpty()) {
            b.append("<p class=\"muted\" id=\"failures-none\">None.</p></section>");
            return;
        }
        Map<String, List<String>> inError = new LinkedHashMap<>();
        for (AccountService a : list) {
            try {
                inError.put(a.name(), a.errorFiles());
            } catch (IOException e) {
                inError.put(a.name(), List.of());
            }
        }
        b.append("<table id=\"failures\"><tr><th>Since</th><th>Account</th><th>File</th><th>Invoice</th><th>Reason</th>")
                .append("<th></th></tr>");
        for (JournalEntry e : failed.subList(0, Math.min(25, failed.size()))) {
            String file = e.fileName();
            b.append("<tr><td>").append(when(e.time())).append("</td><td>").append(Encode.forHtml(e.account()))
                    .append("</td><td><a href=\"/status?q=").append(Encode.forUriComponent(file)).append("\">")
                    .append(Encode.forHtml(file)).append("</a></td><td>").append(Encode.forHtml(or(e.invoiceNumber())))
                    .append("</td><td>").append(Encode.forHtml(or(e.reason()))).append("</td><td>");
            if (inError.getOrDefault(e.account(), List.of()).contains(file)) {
                b.append("<form class=\"inline\" method=\"post\" action=\"/status/requeue\"><input type=\"hidden\" ")
                        .append("name=\"token\" value=\"").append(token).append("\"><input type=\"hidden\" name=\"account\" value=\"")
                        .append(Encode.forHtmlAttribute(e.account())).append("\"><input type=\"hidden\" name=\"file\" value=\"")
                        .append(Encode.forHtmlAttribute(file)).append("\"><button>requeue</button></form>");
            }
            b.append("</td></tr>");
        }
        b.append("</table></section>");
    }

    private static String when(Instant i) {
        return i == null ? "<span class=\"muted\">never</span>" : WHEN.format(i.atZone(ZoneId.systemDefault()));
    }

    private static String or(String s) {
        return s == null ? "" : s;
    }
}
