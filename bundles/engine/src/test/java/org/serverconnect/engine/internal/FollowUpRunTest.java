package org.serverconnect.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.account.AccountStatus;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.notify.RunReport;
import org.serverconnect.api.transport.ProcessingStatus;
import org.serverconnect.api.transport.RecipientResponse;

/** The follow-up run: the network's processing status, then the recipients' responses, matched by number. */
class FollowUpRunTest {
    @TempDir
    Path home;
    private AccountFixture f;

    @BeforeEach
    void open() throws Exception {
        f = new AccountFixture(home);
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));
        f.outbox.drop("b.xml", Fakes.TinyInvoices.invoice("INV-2"));
        f.account.sendRun();
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void processedIsDeliveredAnErrorIsFailedWithAnAlertAndProcessingIsAskedAgain() throws Exception {
        f.network.states.put(f.doc("a.xml").networkId(), ProcessingStatus.State.PROCESSED);
        f.account.followUpRun();
        assertEquals(DocumentState.DELIVERED, f.doc("a.xml").state());
        assertEquals(DocumentState.SENT, f.doc("b.xml").state(), "still processing");

        f.network.states.put(f.doc("b.xml").networkId(), ProcessingStatus.State.ERROR);
        f.account.followUpRun();
        assertEquals(DocumentState.FAILED, f.doc("b.xml").state());
        assertTrue(f.doc("b.xml").reason().contains("could not process"), f.doc("b.xml").reason());
        assertEquals(List.of(Event.Kind.DELIVERY_FAILED), f.told.kinds());
    }

    @Test
    void aResponseIsMatchedByNumberOnceAndARejectionRaisesAnAlert() throws Exception {
        f.network.responses.add(new RecipientResponse("r-1", "INV-1", RecipientResponse.Verdict.ACCEPTED, null, Instant.EPOCH));
        f.network.responses.add(new RecipientResponse("r-2", "INV-2", RecipientResponse.Verdict.REJECTED, "wrong order number",
                Instant.EPOCH));
        f.network.responses.add(new RecipientResponse("r-3", "INV-9", RecipientResponse.Verdict.REJECTED, "not ours",
                Instant.EPOCH));

        f.account.followUpRun();
        f.account.followUpRun();

        assertEquals(DocumentState.ACCEPTED, f.doc("a.xml").state());
        DocumentJournal.Doc b = f.doc("b.xml");
        assertEquals(DocumentState.REJECTED_BY_RECIPIENT, b.state());
        assertEquals("wrong order number", b.reason());
        assertEquals(List.of(Event.Kind.RECIPIENT_REJECTED), f.told.kinds(), "one alert, though read twice");
    }

    @Test
    void aConnectionThatBreaksItsContractEndsTheRunWithItsReportAndTheStatusSaysWhy() throws Exception {
        f.network.statusBreaks = new IllegalStateException("a bug in the connection");
        int before = f.told.reports.size();

        f.account.followUpRun();

        assertEquals(before + 1, f.told.reports.size(), "the run's report was finished");
        RunReport r = f.told.reports.get(before);
        assertTrue(r.problem().contains("a bug in the connection"), r.problem());
        AccountStatus s = f.account.status();
        assertEquals(AccountStatus.Status.DEGRADED, s.status());
        assertTrue(s.description().contains("followup"), s.toString());
    }
}
