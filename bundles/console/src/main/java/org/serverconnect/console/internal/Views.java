package org.serverconnect.console.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.serverconnect.api.Check;
import org.serverconnect.api.account.AccountService;
import org.serverconnect.api.account.AccountStatus;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.journal.Journal;
import org.serverconnect.api.journal.JournalEntry;
import org.serverconnect.api.notify.RunKind;

/**
 * What the JSON API, the status page and the command line show, built once: an account as a map (the JSON
 * document), journal entries, doctor findings, and the plain-text form of each for {@code ?format=text}.
 */
final class Views {
    private Views() {
    }

    /** @return the account as the API's JSON object (see the README) */
    static Map<String, Object> account(AccountService a, Journal journal) {
        AccountStatus s = a.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("status", s.status().name());
        m.put("detail", s.detail().name());
        m.put("description", s.description());
        m.put("lastSuccess", time(s.lastSuccess()));
        m.put("lastError", time(s.lastError()));
        m.put("lastErrorReason", s.lastErrorReason());
        Map<String, Object> queues = new LinkedHashMap<>();
        queues.put("outbox", s.queues().outbox());
        queues.put("claimed", s.queues().claimed());
        queues.put("retry", s.queues().retry());
        queues.put("error", s.queues().error());
        m.put("queues", queues);
        m.put("today", today(a.name(), journal));
        Map<String, Object> next = new LinkedHashMap<>();
        for (RunKind k : RunKind.values()) {
            List<String> times = a.nextRuns(k, 3).stream().map(Instant::toString).toList();
            if (!times.isEmpty()) {
                next.put(lower(k), times);
            }
        }
        m.put("nextRuns", next);
        return m;
    }

    /** Documents of the account that were sent, received, failed and rejected since midnight (this machine's zone). */
    static Map<String, Long> today(String account, Journal journal) {
        Map<String, Long> t = new LinkedHashMap<>();
        Map<DocumentState, Long> r = journal == null ? Map.of()
                : journal.reached(account, LocalDate.now().atStartOfDay(ZoneId.systemDefault()).toInstant());
        t.put("sent", r.getOrDefault(DocumentState.SENT, 0L));
        t.put("received", r.getOrDefault(DocumentState.RECEIVED, 0L));
        t.put("rejected", r.getOrDefault(DocumentState.REJECTED, 0L));
        t.put("failed", r.getOrDefault(DocumentState.FAILED, 0L));
        t.put("rejectedByRecipient", r.getOrDefault(DocumentState.REJECTED_BY_RECIPIENT, 0L));
        return t;
    }

    static List<Object> entries(List<JournalEntry> list) {
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

    static Map<String, Object> checks(List<Check> checks) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", checks.stream().allMatch(Check::ok));
        List<Object> list = new ArrayList<>();
        for (Check c : checks) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("subject", c.subject());
            one.put("ok", c.ok());
            one.put("detail", c.detail());
            list.add(one);
        }
        m.put("checks", list);
        return m;
    }

    // ------------------------------------------------------------------------------------------------ plain text

    /** The plain-text form of an API answer, for people at a terminal. */
    @SuppressWarnings("unchecked")
    static String text(Object body) {
        StringBuilder b = new StringBuilder();
        if (body instanceof List<?> list) {
            if (list.isEmpty()) {
                b.append("(none)\n");
            }
            for (Object o : list) {
                b.append(text(o));
            }
        } else if (body instanceof Map<?, ?> raw) {
            Map<String, Object> m = (Map<String, Object>) raw;
            if (m.containsKey("queues")) {
                account(b, m);
            } else if (m.containsKey("checks")) {
                for (Map<String, Object> c : (List<Map<String, Object>>) m.get("checks")) {
                    b.append(Boolean.TRUE.equals(c.get("ok")) ? "ok       " : "PROBLEM  ").append(c.get("subject"))
                            .append(": ").append(c.get("detail")).append('\n');
                }
            } else if (m.containsKey("state") && m.containsKey("document")) {
                b.append(m.get("time")).append("  ").append(m.get("account")).append("  ").append(m.get("file"))
                        .append("  ").append(m.get("state"));
                if (m.get("invoice") != null) {
                    b.append("  invoice ").append(m.get("invoice"));
                }
                if (m.get("networkId") != null) {
                    b.append("  network id ").append(m.get("networkId"));
                }
                if (m.get("reason") != null) {
                    b.append("  (").append(m.get("reason")).append(')');
                }
                b.append('\n');
            } else if (m.containsKey("message")) {
                b.append(m.get("message")).append('\n');
            } else {
                m.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
            }
        } else {
            b.append(body).append('\n');
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static void account(StringBuilder b, Map<String, Object> m) {
        b.append(m.get("name")).append("  ").append(m.get("status")).append("  ").append(m.get("description")).append('\n');
        Map<String, Object> q = (Map<String, Object>) m.get("queues");
        b.append("  waiting: outbox ").append(q.get("outbox")).append(", claimed ").append(q.get("claimed"))
                .append(", retry ").append(q.get("retry")).append(", error ").append(q.get("error")).append('\n');
        Map<String, Object> t = (Map<String, Object>) m.get("today");
        b.append("  today: sent ").append(t.get("sent")).append(", received ").append(t.get("received"))
                .append(", rejected ").append(t.get("rejected")).append(", failed ").append(t.get("failed"))
                .append(", rejected by recipient ")
                .append(t.get("rejectedByRecipient")).append('\n');
        b.append("  last success: ").append(or(m.get("lastSuccess"), "never")).append("; last error: ")
                .append(or(m.get("lastError"), "never"))
                .append(m.get("lastErrorReason") == null ? "" : " (" + m.get("lastErrorReason") + ")").append('\n');
        Map<String, Object> next = (Map<String, Object>) m.get("nextRuns");
        next.forEach((k, v) -> b.append("  next ").append(k).append(": ").append(((List<Object>) v).get(0)).append('\n'));
    }

    private static Object or(Object v, String otherwise) {
        return v == null ? otherwise : v;
    }

    static String time(Instant i) {
        return i == null ? null : i.toString();
    }

    static String lower(RunKind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }
}
