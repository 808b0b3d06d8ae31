package org.serverconnect.notify.mail.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.notify.RunReport;
import org.serverconnect.api.notify.RunReport.DocumentOutcome;

/**
 * Builds the messages people get (plain Java): a run report (subject a person can sort by, e.g.
 * {@code [serverconnect] acme: 12 sent, 1 rejected}; a table of documents as plain text with an HTML alternative) and
 * an alert listing one or more events. Nothing taken from a document (names, numbers, reasons) can reach a header:
 * headers carry only the account name (validated when the account is configured), counts and fixed words, and
 * every text is stripped of control characters; in the HTML part everything is escaped.
 */
final class MessageComposer {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String subjectPrefix;
    private final ZoneId zone;

    MessageComposer(String subjectPrefix, ZoneId zone) {
        this.subjectPrefix = clean(subjectPrefix).trim();
        this.zone = zone;
    }

    /** {@code [serverconnect] acme: 12 sent, 1 rejected} */
    String subject(RunReport r) {
        String what = counts(r.documents(), r.problem() != null);
        return prefix() + clean(r.account()) + ": "
                + (what.isEmpty() ? r.kind().name().toLowerCase(Locale.ROOT) + " run, nothing to do" : what);
    }

    /** {@code 12 sent, 1 rejected, run problem} (each state by its one name), or empty for nothing. */
    private static String counts(List<DocumentOutcome> documents, boolean problem) {
        Map<DocumentState, Integer> counts = new EnumMap<>(DocumentState.class);
        for (DocumentOutcome d : documents) {
            counts.merge(d.state(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((state, n) -> {
            if (!state.problem()) {
                parts.add(n + " " + state.word());
            }
        });
        counts.forEach((state, n) -> {
            if (state.problem()) {
                parts.add(n + " " + state.word());      // what went wrong after what went well
            }
        });
        if (problem) {
            parts.add("run problem");
        }
        return String.join(", ", parts);
    }

    private String prefix() {
        return subjectPrefix.isEmpty() ? "" : subjectPrefix + " ";
    }

    MimeMessage report(Session session, RunReport r, InternetAddress from, List<InternetAddress> to) throws MessagingException {
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<html><body style=\"font-family:sans-serif\">");
        String head = "Account " + clean(r.account()) + ", " + r.kind().name().toLowerCase(Locale.ROOT) + " run from "
                + TIME.format(r.started().atZone(zone)) + " to " + TIME.format(r.finished().atZone(zone)) + " ("
                + seconds(Duration.between(r.started(), r.finished())) + ").";
        text.append(head).append("\n");
        html.append("<p>").append(escape(head)).append("</p>");
        if (r.problem() != null) {
            text.append("Problem: ").append(clean(r.problem())).append("\n");
            html.append("<p><b>Problem:</b> ").append(escape(r.problem())).append("</p>");
        }
        table(r.documents(), text, html);
        html.append("</body></html>");
        return message(session, subject(r), text.toString(), html.toString(), from, to);
    }

    private static void table(List<DocumentOutcome> documents, StringBuilder text, StringBuilder html) {
        if (documents.isEmpty()) {
            text.append("\nNo documents.\n");
            html.append("<p>No documents.</p>");
        } else {
            text.append(String.format(Locale.ROOT, "%n%-40s %-20s %-25s %-22s %s%n", "File", "Invoice", "Counterparty", "Result", "Reason"));
            html.append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><tr><th>File</th><th>Invoice</th>"
                    + "<th>Counterparty</th><th>Result</th><th>Reason</th></tr>");
            for (DocumentOutcome d : documents) {
                text.append(String.format(Locale.ROOT, "%-40s %-20s %-25s %-22s %s%n", clean(d.fileName()), clean(d.invoiceNumber()),
                        clean(d.counterparty()), d.state().word(), clean(d.reason())));
                html.append("<tr").append(d.state().problem() ? " style=\"color:#a00\"" : "").append("><td>")
                        .append(escape(d.fileName())).append("</td><td>").append(escape(d.invoiceNumber()))
                        .append("</td><td>").append(escape(d.counterparty())).append("</td><td>").append(d.state().word())
                        .append("</td><td>").append(escape(d.reason())).append("</td></tr>");
            }
            html.append("</table>");
        }
    }

    /** The daily digest of an account: every document of the runs since the last digest, and the runs' problems. */
    MimeMessage digest(Session session, String account, Instant since, Instant until, List<DocumentOutcome> documents,
            List<String> problems, InternetAddress from, List<InternetAddress> to) throws MessagingException {
        String what = counts(documents, !problems.isEmpty());
        String subject = prefix() + clean(account) + ": daily digest, " + (what.isEmpty() ? "nothing happened" : what);
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<html><body style=\"font-family:sans-serif\">");
        String head = "Account " + clean(account) + ", from " + TIME.format(since.atZone(zone)) + " to "
                + TIME.format(until.atZone(zone)) + ".";
        text.append(head).append("\n");
        html.append("<p>").append(escape(head)).append("</p>");
        for (String p : problems) {
            text.append("Problem: ").append(clean(p)).append("\n");
            html.append("<p><b>Problem:</b> ").append(escape(p)).append("</p>");
        }
        table(documents, text, html);
        html.append("</body></html>");
        return message(session, subject, text.toString(), html.toString(), from, to);
    }

    /** One alert for one account, listing every event it carries (a storm is one mail, not hundreds). */
    MimeMessage alert(Session session, String account, List<Event> events, InternetAddress from, List<InternetAddress> to)
            throws MessagingException {
        String subject = prefix() + clean(account) + ": " + (events.size() == 1
                ? events.get(0).kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                : events.size() + " problems");
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<html><body style=\"font-family:sans-serif\"><ul>");
        for (Event e : events) {
            String line = TIME.format(e.time().atZone(zone)) + " " + e.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (e.fileName() == null ? "" : " " + e.fileName()) + ": " + e.message();
            text.append(clean(line)).append("\n");
            html.append("<li>").append(escape(line)).append("</li>");
        }
        html.append("</ul></body></html>");
        return message(session, subject, text.toString(), html.toString(), from, to);
    }

    private static MimeMessage message(Session session, String subject, String text, String html, InternetAddress from,
            List<InternetAddress> to) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(from);
        if (to.isEmpty()) {
            m.setHeader("To", "undisclosed-recipients:;");
        } else {
            m.setRecipients(Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
        }
        m.setSubject(clean(subject), "UTF-8");
        m.setSentDate(new Date());
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, "UTF-8", "plain");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html, "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative", plain, rich);
        m.setContent(alternative);
        return m;
    }

    /** Valid addresses only (strict RFC 822 syntax); the invalid ones are returned in {@code rejected}. */
    static List<InternetAddress> addresses(List<String> raw, List<String> rejected) {
        List<InternetAddress> out = new ArrayList<>();
        for (String a : raw) {
            try {
                InternetAddress address = new InternetAddress(a, true);
                address.validate();
                if (address.isGroup()) {
                    throw new AddressException("groups are not allowed");
                }
                out.add(address);
            } catch (AddressException e) {
                rejected.add(clean(a));
            }
        }
        return out;
    }

    /** Removes control characters (CR, LF, NUL, ...) so that no text can start a header or a line of its own. */
    static String clean(String s) {
        return s == null ? "" : s.replaceAll("\\p{Cntrl}", " ");
    }

    static String escape(String s) {
        return clean(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
