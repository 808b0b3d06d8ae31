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
import org.serverconnect.api.TextTable;
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

    private static final java.time.format.DateTimeFormatter TEXT_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);

    /** The plain-text form of an API answer, for people at a terminal, times in this machine's zone. */
    static String text(Object body) {
        return text(body, ZoneId.systemDefault());
    }

    /**
     * The plain-text form of an API answer, for people at a terminal: lists of documents as a table whose columns
     * line up, times to the second in {@code zone} with the zone's name (the JSON keeps ISO-8601 instants).
     */
    @SuppressWarnings("unchecked")
    static String text(Object body, ZoneId zone) {
        StringBuilder b = new StringBuilder();
        if (body instanceof List<?> list) {
            if (list.isEmpty()) {
                b.append("(none)\n");
            } else if (list.stream().allMatch(Views::isEntry)) {
                entries(b, (List<Map<String, Object>>) list, zone);
            } else {
                for (Object o : list) {
                    b.append(text(o, zone));
                }
            }
        } else if (body instanceof Map<?, ?> raw) {
            Map<String, Object> m = (Map<String, Object>) raw;
            if (m.containsKey("queues")) {
                account(b, m, zone);
            } else if (m.containsKey("checks")) {
                for (Map<String, Object> c : (List<Map<String, Object>>) m.get("checks")) {
                    b.append(Boolean.TRUE.equals(c.get("ok")) ? "ok       " : "PROBLEM  ").append(c.get("subject"))
                            .append(": ").append(c.get("detail")).append('\n');
                }
            } else if (isEntry(m)) {
                entries(b, List.of(m), zone);
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

    private static boolean isEntry(Object o) {
        return o instanceof Map<?, ?> m && m.containsKey("state") && m.containsKey("document");
    }

    /** Journal entries as a table: a header, then one row each; columns no row fills are left out. */
    private static void entries(StringBuilder b, List<Map<String, Object>> list, ZoneId zone) {
        String[][] columns = { { "TIME", "time" }, { "ACCOUNT", "account" }, { "FILE", "file" }, { "STATE", "state" },
            { "INVOICE", "invoice" }, { "NETWORK ID", "networkId" }, { "REASON", "reason" } };
        List<String[]> rows = new ArrayList<>();
        for (Map<String, Object> m : list) {
            String[] row = new String[columns.length];
            for (int c = 0; c < columns.length; c++) {
                Object v = m.get(columns[c][1]);
                row[c] = v == null ? "" : c == 0 ? text(String.valueOf(v), zone) : oneLine(String.valueOf(v));
            }
            rows.add(row);
        }
        List<String> header = new ArrayList<>();
        List<Integer> used = new ArrayList<>();
        for (int c = 0; c < columns.length; c++) {
            final int col = c;
            if (c < 4 || rows.stream().anyMatch(r -> !r[col].isEmpty())) {
                used.add(c);
                header.add(columns[c][0]);
            }
        }
        List<List<String>> table = new ArrayList<>();
        table.add(header);
        for (String[] r : rows) {
            List<String> line = new ArrayList<>();
            used.forEach(c -> line.add(r[c]));
            table.add(line);
        }
        table(b, table);
    }

    /** Rows of cells as aligned columns, two spaces apart (the tables of the command line and the shell alike). */
    static void table(StringBuilder b, List<List<String>> rows) {
        b.append(TextTable.of(rows));
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n\\t]+", " ");
    }

    /** An ISO-8601 instant of the JSON as people read it: {@code 2026-11-28 02:12:26 CET}; anything else as it is. */
    static String text(String instant, ZoneId zone) {
        try {
            return TEXT_TIME.format(Instant.parse(instant).atZone(zone));
        } catch (java.time.format.DateTimeParseException e) {
            return instant;
        }
    }

    /** The zone of {@code ?zone=} (an IANA name such as Europe/Stockholm), else this machine's. */
    static ZoneId zone(String name) {
        try {
            return name == null || name.isBlank() ? ZoneId.systemDefault() : ZoneId.of(name.trim());
        } catch (java.time.DateTimeException e) {
            return ZoneId.systemDefault();
        }
    }

    @SuppressWarnings("unchecked")
    private static void account(StringBuilder b, Map<String, Object> m, ZoneId zone) {
        b.append(m.get("name")).append("  ").append(m.get("status")).append("  ").append(m.get("description")).append('\n');
        Map<String, Object> q = (Map<String, Object>) m.get("queues");
        Map<String, Object> t = (Map<String, Object>) m.get("today");
        Map<String, Object> next = (Map<String, Object>) m.get("nextRuns");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("  waiting:", "outbox " + q.get("outbox") + ", claimed " + q.get("claimed") + ", retry "
                + q.get("retry") + ", error " + q.get("error")));
        rows.add(List.of("  today:", "sent " + t.get("sent") + ", received " + t.get("received") + ", rejected "
                + t.get("rejected") + ", failed " + t.get("failed") + ", rejected by recipient " + t.get("rejectedByRecipient")));
        rows.add(List.of("  last success:", when(m.get("lastSuccess"), zone)));
        rows.add(List.of("  last error:", when(m.get("lastError"), zone)
                + (m.get("lastErrorReason") == null ? "" : " (" + m.get("lastErrorReason") + ")")));
        next.forEach((k, v) -> rows.add(List.of("  next " + k + ":", when(((List<Object>) v).get(0), zone))));
        table(b, rows);
    }

    private static String when(Object iso, ZoneId zone) {
        return iso == null ? "never" : text(String.valueOf(iso), zone);
    }

    static String time(Instant i) {
        return i == null ? null : i.toString();
    }

    static String lower(RunKind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }
}
