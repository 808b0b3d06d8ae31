package org.serverconnect.notify.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.notify.RunReport;
import org.serverconnect.api.notify.RunReport.DocumentOutcome;

class ReportFormatterTest {
    private final ReportFormatter formatter = new ReportFormatter(ZoneOffset.UTC);
    private final Instant start = Instant.parse("2026-11-27T10:00:01Z");

    @Test
    void summaryCountsEachResultInStateOrder() {
        RunReport report = new RunReport("acme", RunKind.SEND, start, start.plusMillis(2100), List.of(
                new DocumentOutcome("c.xml", null, null, DocumentState.REJECTED, "not XML"),
                new DocumentOutcome("a.xml", "INV-1", "Globex", DocumentState.SENT, null),
                new DocumentOutcome("b.xml", "INV-2", "Globex", DocumentState.SENT, null)), null);
        assertEquals("acme send run 10:00:01-10:00:03 (2.1 s): 1 rejected, 2 sent", formatter.summary(report));
    }

    @Test
    void anIdleRunAndARunProblemAreSaidInWords() {
        RunReport idle = new RunReport("acme", RunKind.RECEIVE, start, start, List.of(), null);
        assertEquals("acme receive run 10:00:01-10:00:01 (0.0 s): nothing to do", formatter.summary(idle));
        RunReport broken = new RunReport("acme", RunKind.RECEIVE, start, start, List.of(), "connection refused");
        assertEquals("acme receive run 10:00:01-10:00:01 (0.0 s): nothing to do; problem: connection refused",
                formatter.summary(broken));
    }

    @Test
    void documentLineNamesFileNumberCounterpartyResultAndReason() {
        RunReport report = new RunReport("acme", RunKind.SEND, start, start, List.of(), null);
        assertEquals("acme  x.xml #INV-9 (Globex): rejected by recipient - wrong price", formatter.document(report,
                new DocumentOutcome("x.xml", "INV-9", "Globex", DocumentState.REJECTED_BY_RECIPIENT, "wrong price")));
        assertEquals("acme  y.xml: sent", formatter.document(report,
                new DocumentOutcome("y.xml", null, null, DocumentState.SENT, null)));
    }

    @Test
    void eventLineSaysKindFileAndMessage() {
        Event e = new Event(start, "acme", Event.Kind.FILE_REJECTED, "bad.xml", "not well-formed at line 3");
        assertEquals("acme file rejected bad.xml: not well-formed at line 3", formatter.event(e));
    }
}
