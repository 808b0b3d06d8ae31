package org.serverconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.serverconnect.api.format.CheckResult;
import org.serverconnect.api.format.CheckResult.Finding;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.notify.RunReport;
import org.serverconnect.api.notify.RunReport.DocumentOutcome;
import org.serverconnect.api.transport.IncomingDocument;
import org.serverconnect.api.transport.IncomingPage;

class ApiValuesTest {

    @Test
    void namesUsableInFileInstallFileNamesAreAccepted() {
        assertEquals("acme_prod.2", Names.requireValidName("connection", "acme_prod.2"));
        // FileInstall splits <factoryPid>-<name>.cfg at the first '-', and no factory PID of ours has one
        assertEquals("acme-conn", Names.requireValidName("connection", "acme-conn"));
        assertEquals("acme-north-2", Names.requireValidName("account", "acme-north-2"));
    }

    @Test
    void namesThatAreEmptyOrUnsafeInFileNamesAreRefusedWithTheirKind() {
        IllegalArgumentException dash = assertThrows(IllegalArgumentException.class,
                () -> Names.requireValidName("connection", "-acme"));
        assertTrue(dash.getMessage().contains("connection name '-acme'"), dash.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Names.requireValidName("notifier", ""));
        assertThrows(IllegalArgumentException.class, () -> Names.requireValidName("notifier", "../etc"));
        assertThrows(IllegalArgumentException.class, () -> Names.requireValidName("notifier", "a b"));
    }

    @Test
    void runReportCountsStatesAndTellsProblemsFromActivity() {
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        RunReport quiet = new RunReport("acme", RunKind.SEND, t, t, List.of(), null);
        assertFalse(quiet.hasActivity());
        assertFalse(quiet.hasProblems());

        RunReport busy = new RunReport("acme", RunKind.SEND, t, t, List.of(
                new DocumentOutcome("a.xml", "1", "Globex", DocumentState.SENT, null),
                new DocumentOutcome("b.xml", "2", "Globex", DocumentState.SENT, null),
                new DocumentOutcome("c.xml", null, null, DocumentState.REJECTED, "not XML")), null);
        assertEquals(2, busy.count(DocumentState.SENT));
        assertEquals(1, busy.count(DocumentState.REJECTED));
        assertTrue(busy.hasProblems());
    }

    @Test
    void valueTypesKeepNoReferenceToTheCallersLists() {
        List<DocumentOutcome> outcomes = new ArrayList<>();
        Instant t = Instant.now();
        RunReport report = new RunReport("acme", RunKind.RECEIVE, t, t, outcomes, null);
        outcomes.add(new DocumentOutcome("x.xml", null, null, DocumentState.RECEIVED, null));
        assertTrue(report.documents().isEmpty());
    }

    @Test
    void pagingStopsWhenTheLastPageIsReached() {
        IncomingDocument d = new IncomingDocument("1", "c", "Invoice", null, null, Instant.now());
        assertTrue(new IncomingPage(List.of(d, d), 0, 3).hasMore());
        assertFalse(new IncomingPage(List.of(d), 2, 3).hasMore());
    }

    @Test
    void warningsDoNotStopADocumentButErrorsDo() {
        assertTrue(new CheckResult(List.of(new Finding(Finding.Severity.WARNING, null, "w", null))).ok());
        assertFalse(new CheckResult(List.of(new Finding(Finding.Severity.ERROR, "BR-01", "e", null))).ok());
    }
}
