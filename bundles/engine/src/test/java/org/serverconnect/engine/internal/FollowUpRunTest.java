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
import org.serverconnect.api.transport.Progress;
import org.serverconnect.api.transport.RecipientResponse;

/**
 * The follow-up run: the network's processing status, what it reports of delivery, and the recipients' responses,
 * asked for per invoice number.
 */
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
    void processedIsProcessedNotDeliveredAnErrorIsFailedWithAnAlertAndProcessingIsAskedAgain() throws Exception {
        f.network.states.put(f.doc("a.xml").networkId(), ProcessingStatus.State.PROCESSED);
        f.account.followUpRun();
        assertEquals(DocumentState.PROCESSED, f.doc("a.xml").state(), "processed by the network is not delivered");
        assertEquals(DocumentState.SENT, f.doc("b.xml").state(), "still processing");

        f.network.states.put(f.doc("b.xml").networkId(), ProcessingStatus.State.ERROR);
        f.network.reasons.put(f.doc("b.xml").networkId(), List.of("Receiver could not be identified"));
        f.account.followUpRun();
        assertEquals(DocumentState.FAILED, f.doc("b.xml").state());
        assertEquals("Receiver could not be identified", f.doc("b.xml").reason());
        assertEquals(List.of(Event.Kind.DELIVERY_FAILED), f.told.kinds());
    }

    @Test
    void deliveryIsWhatTheNetworkReportsAndUndeliverableIsFailed() throws Exception {
        String a = f.doc("a.xml").networkId();
        String b = f.doc("b.xml").networkId();
        f.network.states.put(a, ProcessingStatus.State.PROCESSED);
        f.network.states.put(b, ProcessingStatus.State.PROCESSED);
        f.network.progress.put(a, List.of(new Progress(Progress.Step.WAITING_FOR_DELIVERY, Instant.EPOCH, null)));
        f.account.followUpRun();
        assertEquals(DocumentState.PROCESSED, f.doc("a.xml").state(), "waiting to be delivered");

        f.network.progress.put(a, List.of(new Progress(Progress.Step.WAITING_FOR_DELIVERY, Instant.EPOCH, null),
                new Progress(Progress.Step.FETCHED_BY_RECIPIENT, Instant.EPOCH.plusSeconds(5), null)));
        f.network.progress.put(b, List.of(new Progress(Progress.Step.UNDELIVERABLE, Instant.EPOCH, "Error at Receiver")));
        f.account.followUpRun();
        f.account.followUpRun();

        assertEquals(DocumentState.DELIVERED, f.doc("a.xml").state());
        assertTrue(f.doc("a.xml").reason().contains("fetched by recipient"), f.doc("a.xml").reason());
        assertEquals(DocumentState.FAILED, f.doc("b.xml").state());
        assertTrue(f.doc("b.xml").reason().contains("Error at Receiver"), f.doc("b.xml").reason());
        assertEquals(List.of(Event.Kind.DELIVERY_FAILED), f.told.kinds(), "one alert, though reported twice");
    }

    @Test
    void responsesAreAskedForPerInvoiceReadOnceAcknowledgedAndARejectionKeepsItsReason() throws Exception {
        f.network.responses.add(new RecipientResponse("r-1", "INV-1", Progress.Step.APPROVED, null, Instant.EPOCH));
        f.network.responses.add(new RecipientResponse("r-2", "INV-2", Progress.Step.REJECTED, "wrong order number",
                Instant.EPOCH));
        f.network.responses.add(new RecipientResponse("r-3", "INV-9", Progress.Step.REJECTED, "not ours", Instant.EPOCH));
        // the same rejection also reported as the document's business status, without the reason
        String b = f.doc("b.xml").networkId();
        f.network.states.put(b, ProcessingStatus.State.PROCESSED);
        f.network.progress.put(b, List.of(new Progress(Progress.Step.REJECTED, Instant.EPOCH, null)));

        f.account.followUpRun();
        f.account.followUpRun();

        assertEquals(DocumentState.ACCEPTED, f.doc("a.xml").state());
        DocumentJournal.Doc doc = f.doc("b.xml");
        assertEquals(DocumentState.REJECTED_BY_RECIPIENT, doc.state());
        assertEquals("wrong order number", doc.reason());
        assertEquals(List.of(Event.Kind.RECIPIENT_REJECTED), f.told.kinds(), "one alert, though told twice");
        assertTrue(f.told.events.get(0).message().contains("wrong order number"), f.told.events.get(0).message());
        assertEquals(List.of("r-1", "r-2"), f.network.acknowledged, "each response acknowledged once it is recorded");
    }

    @Test
    void anAcknowledgementOrAProcessIsNotedAndTheInvoiceStaysFollowed() throws Exception {
        f.network.responses.add(new RecipientResponse("r-1", "INV-1", Progress.Step.IN_PROCESS, "checking", Instant.EPOCH));
        f.account.followUpRun();
        DocumentJournal.Doc a = f.doc("a.xml");
        assertEquals(DocumentState.SENT, a.state());
        assertTrue(f.journal.history(org.serverconnect.api.journal.Journal.Lookup.FILE_NAME, "a.xml", 100).stream().anyMatch(h -> h.reason() != null
                && h.reason().contains("in process (checking)")), "noted in the history");
        f.network.responses.add(new RecipientResponse("r-2", "INV-1", Progress.Step.PAID, null, Instant.EPOCH));
        f.account.followUpRun();
        assertEquals(DocumentState.ACCEPTED, f.doc("a.xml").state(), "paid");
    }

    @Test
    void aFileThatWaitsForInteractionRaisesOneAlertSayingWhatToDo() throws Exception {
        String a = f.doc("a.xml").networkId();
        f.network.states.put(a, ProcessingStatus.State.AWAITING_INTERACTION);
        f.network.reasons.put(a, List.of("attachments missing"));
        f.account.followUpRun();
        f.account.followUpRun();
        assertEquals(List.of(Event.Kind.NEEDS_ATTENTION), f.told.kinds());
        String m = f.told.events.get(0).message();
        assertTrue(m.contains("attachments missing") && m.contains("restart it there"), m);
        assertEquals(DocumentState.SENT, f.doc("a.xml").state(), "it waits; nothing is decided for the operator");
    }

    @Test
    void aFileStillProcessingLongAfterItWasSentRaisesOneAlert() throws Exception {
        f.account.followUpRun();
        assertEquals(List.of(), f.told.kinds(), "processing for a while is normal");
        f.clock.advance(FollowUpRun.LATE.plusMinutes(1));
        f.account.followUpRun();
        f.account.followUpRun();
        assertEquals(List.of(Event.Kind.NEEDS_ATTENTION, Event.Kind.NEEDS_ATTENTION), f.told.kinds(), "one per file");
        assertEquals(DocumentState.SENT, f.doc("a.xml").state());
    }

    @Test
    void documentsAreFollowedForFollowupDaysOnly() throws Exception {
        f.clock.advance(f.settings.followupFor().plusDays(1));
        f.network.states.put(f.doc("a.xml").networkId(), ProcessingStatus.State.PROCESSED);
        f.account.followUpRun();
        assertEquals(DocumentState.SENT, f.doc("a.xml").state(), "no longer asked about");
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
