package org.serverconnect.notify.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.Audience;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.notify.RunReport;
import org.serverconnect.api.notify.RunReport.DocumentOutcome;

class MaildropNotifierTest {

    @TempDir
    Path folder;

    private final List<MaildropNotifier> started = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(MaildropNotifier::stop);
    }

    private MaildropNotifier notifier(String prefix) throws Exception {
        MaildropNotifier n = new MaildropNotifier(new MaildropNotifier.Config() {
            @Override public Class<? extends Annotation> annotationType() { return MaildropNotifier.Config.class; }
            @Override public String name() { return "drop"; }
            @Override public String folder() { return folder.toString(); }
            @Override public String from() { return "serverconnect@acme.example"; }
            @Override public String subjectPrefix() { return prefix; }
            @Override public int alertInterval() { return 300; }
            @Override public String webconsole_configurationFactory_nameHint() { return ""; }
        }, Duration.ofMillis(50));     // alerts are gathered for a moment before they are written; a short one here
        started.add(n);
        return n;
    }

    /** Re-checks {@code condition} every few milliseconds; fails naming {@code what} when it is not met in time. */
    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    private List<MimeMessage> messages() throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
            List<MimeMessage> out = new java.util.ArrayList<>();
            for (Path p : files) {
                try (InputStream in = Files.newInputStream(p)) {
                    out.add(new MimeMessage(Session.getInstance(new Properties()), in));
                }
            }
            return out;
        }
    }

    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void aRunReportBecomesAMailWithASortableSubjectATableAndAnHtmlAlternative() throws Exception {
        RunReport report = new RunReport("acme", RunKind.SEND, T, T.plusSeconds(3), List.of(
                new DocumentOutcome("a.xml", "INV-1", "Globex", DocumentState.SENT, null),
                new DocumentOutcome("b.xml", "INV-2", "Globex", DocumentState.SENT, null),
                new DocumentOutcome("c.xml", null, null, DocumentState.REJECTED, "not well-formed <xml>")), null);
        notifier("[serverconnect]").report(report, new Audience(List.of("ap@acme.example", "not an address"), Audience.Policy.EVERY, null));
        List<MimeMessage> mails = messages();
        assertEquals(1, mails.size());
        MimeMessage m = mails.get(0);
        assertEquals("[serverconnect] acme: 2 sent, 1 rejected", m.getSubject());
        Address[] to = m.getRecipients(Message.RecipientType.TO);
        assertEquals(1, to.length, "the invalid address is left out");
        assertEquals("ap@acme.example", to[0].toString());
        Multipart alt = (Multipart) m.getContent();
        assertTrue(alt.getContentType().startsWith("multipart/alternative"), alt.getContentType());
        String text = (String) alt.getBodyPart(0).getContent();
        String html = (String) alt.getBodyPart(1).getContent();
        assertTrue(text.contains("a.xml") && text.contains("INV-1") && text.contains("rejected") && text.contains("not well-formed <xml>"), text);
        assertTrue(html.contains("not well-formed &lt;xml&gt;"), "escaped in HTML: " + html);
    }

    @Test
    void nothingFromADocumentCanAddHeadersOrRecipients() throws Exception {
        RunReport report = new RunReport("acme", RunKind.SEND, T, T, List.of(new DocumentOutcome(
                "x.xml\r\nBcc: evil@example.com", "INV\r\nSubject: pwned", null, DocumentState.REJECTED,
                "reason\nBcc: evil@example.com")), "problem\r\nX-Evil: 1");
        notifier("[sc]\r\nBcc: evil@example.com").report(report, new Audience(List.of("ap@acme.example"), Audience.Policy.EVERY, null));
        MimeMessage m = messages().get(0);
        assertEquals(null, m.getRecipients(Message.RecipientType.BCC));
        assertEquals(null, m.getHeader("X-Evil"));
        assertFalse(m.getSubject().contains("\n"));
        assertEquals(1, m.getHeader("Subject").length);
    }

    @Test
    void policiesDecideWhichReportsAreWrittenAndEventsAlwaysAre() throws Exception {
        MaildropNotifier n = notifier("[sc]");
        RunReport quiet = new RunReport("acme", RunKind.RECEIVE, T, T, List.of(), null);
        n.report(quiet, new Audience(List.of(), Audience.Policy.PROBLEMS, null));
        n.report(quiet, new Audience(List.of(), Audience.Policy.ACTIVITY, null));
        assertEquals(0, messages().size());
        n.report(quiet, new Audience(List.of(), Audience.Policy.EVERY, null));
        n.event(new Event(T, "acme", Event.Kind.CONNECTION_LOST, null, "Pagero Online cannot be reached"),
                new Audience(List.of("ops@acme.example"), Audience.Policy.PROBLEMS, null));
        await("the report and the gathered alert written", () -> messages().size() >= 2);
        n.stop();                   // writes what is still gathered: afterwards nothing more can come
        List<MimeMessage> mails = messages();
        assertEquals(2, mails.size());
        assertTrue(mails.stream().anyMatch(m -> {
            try {
                return m.getSubject().equals("[sc] acme: connection lost");
            } catch (Exception e) {
                return false;
            }
        }));
        try (Stream<Path> s = Files.list(folder)) {
            assertTrue(s.noneMatch(p -> Files.isRegularFile(p) && p.getFileName().toString().startsWith(".")),
                    "no temporary file left");
        }
    }

    @Test
    void aWrongSenderOrAMissingFolderIsRefusedWithTheSettingsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MaildropNotifier(new MaildropNotifier.Config() {
            @Override public Class<? extends Annotation> annotationType() { return MaildropNotifier.Config.class; }
            @Override public String name() { return "drop"; }
            @Override public String folder() { return ""; }
            @Override public String from() { return "x@y"; }
            @Override public String subjectPrefix() { return ""; }
            @Override public int alertInterval() { return 300; }
            @Override public String webconsole_configurationFactory_nameHint() { return ""; }
        }));
        assertTrue(e.getMessage().contains("folder"), e.getMessage());
    }
}
