package org.serverconnect.notify.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.Audience;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.notify.RunReport;
import org.serverconnect.api.notify.RunReport.DocumentOutcome;

class DigestsTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    private static final Audience DAILY = new Audience(List.of("ops@acme.example"), Audience.Policy.DIGEST, "18:00");

    @TempDir
    Path dir;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    record Sent(String account, Instant since, List<DocumentOutcome> documents, List<String> problems, Audience audience) {
    }

    private static Instant at(String dateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(dateTime), ZONE).toInstant();
    }

    private static RunReport run(Instant t, String file, DocumentState state, String problem) {
        return new RunReport("acme", RunKind.SEND, t.minusSeconds(1), t,
                file == null ? List.of() : List.of(new DocumentOutcome(file, "INV-" + file, "Globex", state, null)), problem);
    }

    @Test
    void runsOfADayAreSentTogetherAtTheDigestTimeAndOnlyOnce() throws Exception {
        MovableClock clock = new MovableClock(at("2026-11-27T10:00:00"));
        List<Sent> sent = new ArrayList<>();
        Digests d = new Digests("ops", dir, ZONE, clock, (a, since, until, docs, problems, audience) ->
                sent.add(new Sent(a, since, docs, problems, audience)), false);
        d.add(run(clock.now, "a.xml", DocumentState.SENT, null), DAILY);
        d.add(run(clock.now, null, null, null), DAILY);                 // nothing happened: not in the digest
        clock.now = at("2026-11-27T15:00:00");
        d.add(run(clock.now, "b.xml", DocumentState.FAILED, "the network is down"), DAILY);

        clock.now = at("2026-11-27T17:59:59");
        d.sendDue();
        assertEquals(List.of(), sent, "not before 18:00");
        clock.now = at("2026-11-27T18:00:00");
        d.sendDue();
        assertEquals(1, sent.size());
        Sent s = sent.get(0);
        assertEquals("acme", s.account());
        assertEquals(List.of("a.xml", "b.xml"), s.documents().stream().map(DocumentOutcome::fileName).toList());
        assertEquals(List.of("send run: the network is down"), s.problems());
        assertEquals(List.of("ops@acme.example"), s.audience().recipients());
        d.sendDue();
        assertEquals(1, sent.size(), "sent once");

        MimeMessage m = new MessageComposer("[sc]", ZONE).digest(Session.getInstance(new Properties()), s.account(),
                s.since(), clock.now, s.documents(), s.problems(), new InternetAddress("sc@acme.example"),
                List.of(new InternetAddress("ops@acme.example")));
        assertEquals("[sc] acme: daily digest, 1 sent, 1 failed, run problem", m.getSubject());
    }

    @Test
    void aRunAfterTheDigestTimeWaitsForTheNextDayAndSurvivesARestart() throws Exception {
        MovableClock clock = new MovableClock(at("2026-11-27T19:00:00"));
        List<Sent> sent = new ArrayList<>();
        Digests before = new Digests("ops", dir, ZONE, clock, (a, since, until, docs, p, audience) ->
                sent.add(new Sent(a, since, docs, p, audience)), false);
        before.add(run(clock.now, "late.xml", DocumentState.SENT, null), DAILY);
        before.close();

        Digests after = new Digests("ops", dir, ZONE, clock, (a, since, until, docs, p, audience) ->
                sent.add(new Sent(a, since, docs, p, audience)), false);
        clock.now = at("2026-11-27T23:59:00");
        after.sendDue();
        assertEquals(0, sent.size(), "today's 18:00 had passed: tomorrow's");
        clock.now = at("2026-11-28T18:00:01");
        after.sendDue();
        assertEquals(1, sent.size());
        assertEquals("late.xml", sent.get(0).documents().get(0).fileName());
    }

    @Test
    void aDigestInterruptedWhileBeingSentIsSentAtTheNextStart() throws Exception {
        Files.writeString(dir.resolve("acme.sending"), at("2026-11-27T10:00:00").toEpochMilli()
                + "\tSEND\tx.xml\tINV-1\tGlobex\tSENT\t\n");
        Files.writeString(dir.resolve("acme.audience"), "18:00\nops@acme.example\n");
        List<Sent> sent = new ArrayList<>();
        new Digests("ops", dir, ZONE, new MovableClock(at("2026-11-27T18:05:00")), (a, since, until, docs, p, audience) ->
                sent.add(new Sent(a, since, docs, p, audience)), false).sendDue();
        assertEquals(1, sent.size());
        assertTrue(Files.notExists(dir.resolve("acme.sending")));
    }
}
