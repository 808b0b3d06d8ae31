package org.serverconnect.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.account.AccountStatus;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.notify.RunReport;
import org.serverconnect.api.transport.TransportException;

/**
 * The send run over real folders and a real journal, with a fake network: the life of a file when all goes well, and
 * a failure at every step — before the upload, during it, after it (the answer lost), and before the move.
 */
class SendRunTest {
    @TempDir
    Path home;
    private AccountFixture f;

    @BeforeEach
    void open() throws Exception {
        f = new AccountFixture(home);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aFileIsClaimedCheckedSentAndMovedWithEveryStepInTheJournal() throws Exception {
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));
        f.outbox.drop("b.xml", Fakes.TinyInvoices.invoice("INV-2"));

        assertFalse(f.account.sendRun(), "nothing is left");

        assertTrue(Files.isRegularFile(f.sent("a.xml")) && Files.isRegularFile(f.sent("b.xml")));
        DocumentJournal.Doc a = f.doc("a.xml");
        assertEquals(DocumentState.SENT, a.state());
        assertEquals("INV-1", a.invoiceNumber(), "described by the format adapter");
        assertEquals("Globex", a.receiver());
        assertNull(a.workName(), "it left the work folder");
        assertEquals(f.sent("a.xml").toString(), a.location());
        assertEquals(1, f.network.uploadsOf(a.reference()));
        assertEquals(List.of(DocumentState.CLAIMED, DocumentState.SENDING, DocumentState.SENT), states("a.xml"),
                "SENDING is recorded before the upload");
        RunReport r = f.told.reports.get(0);
        assertEquals(2, r.documents().size());
        assertNull(r.problem());
        assertEquals(AccountStatus.Status.ONLINE, f.account.status().status());
    }

    @Test
    void beforeTheUploadAFileThatFailsItsCheckGoesToErrorWithItsReasonAndTheOthersGoOn() throws Exception {
        f.outbox.drop("bad.xml", Fakes.TinyInvoices.invoice(""));
        f.outbox.drop("good.xml", Fakes.TinyInvoices.invoice("INV-3"));

        f.account.sendRun();

        assertTrue(Files.isRegularFile(f.error("bad.xml")));
        assertTrue(Files.readString(f.error("bad.xml.error.txt")).contains("An Invoice shall have an Invoice number"));
        assertEquals(DocumentState.REJECTED, f.doc("bad.xml").state());
        assertTrue(Files.isRegularFile(f.sent("good.xml")), "one bad file never stops the others");
        assertEquals(1, f.network.uploads.size(), "the refused file was never uploaded");
        assertEquals(List.of(Event.Kind.FILE_REJECTED), f.told.kinds());
        AccountStatus s = f.account.status();
        assertTrue(s.lastErrorReason().contains("bad.xml was not sent"), s.toString());
    }

    @Test
    void beforeTheUploadAMissingFormatAdapterLeavesTheFileClaimedAndSaysWhy() throws Exception {
        f.adapters = List.of();
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));

        f.account.sendRun();

        assertTrue(Files.isRegularFile(f.work("a.xml")), "it waits in the work folder");
        assertEquals(DocumentState.CLAIMED, f.doc("a.xml").state());
        assertTrue(f.network.uploads.isEmpty());
        AccountStatus s = f.account.status();
        assertEquals(AccountStatus.Status.DEGRADED, s.status());
        assertTrue(s.description().contains("no format adapter is installed"), s.toString());

        f.adapters = List.of(new Fakes.TinyInvoices());
        f.account.sendRun();
        assertTrue(Files.isRegularFile(f.sent("a.xml")), "sent once it can be checked");
    }

    @Test
    void duringTheUploadAnUnreachableNetworkMeansARetryAfterABackOffAndNothingIsInDoubt() throws Exception {
        f.network.next.add(Fakes.FakeNetwork::unreachable);
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));

        f.account.sendRun();

        DocumentJournal.Doc d = f.doc("a.xml");
        assertEquals(DocumentState.SENDING, d.state());
        assertFalse(d.inDoubt(), "nothing reached the network");
        assertEquals(1, d.attempts());
        assertNotNull(d.nextAttempt());
        assertTrue(f.network.uploads.isEmpty());
        assertEquals(AccountStatus.Status.DEGRADED, f.account.status().status());

        f.account.sendRun();
        assertEquals(DocumentState.SENDING, f.doc("a.xml").state(), "not before its time");

        f.clock.advance(Duration.ofMinutes(2));
        f.account.sendRun();
        assertEquals(DocumentState.SENT, f.doc("a.xml").state());
        assertEquals(0, f.network.lookups.get(), "an upload that surely failed is not looked for");
        assertEquals(AccountStatus.Status.ONLINE, f.account.status().status());
    }

    @Test
    void afterTheUploadALostAnswerIsFoundByItsReferenceAndNeverUploadedTwice() throws Exception {
        f.network.next.add(Fakes.FakeNetwork::answerLost);
        f.network.visible = false;          // the network is still turning the file into a document
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));

        f.account.sendRun();
        DocumentJournal.Doc d = f.doc("a.xml");
        assertTrue(d.inDoubt(), "the upload may have arrived");
        assertEquals(f.clock.instant(), d.doubtSince());

        f.clock.advance(Duration.ofMinutes(2));
        f.account.sendRun();
        assertEquals(1, f.network.lookups.get(), "looked for first");
        assertEquals(DocumentState.SENDING, f.doc("a.xml").state(), "not found yet: it waits within the window");
        assertEquals(1, f.network.uploads.size(), "and is not uploaded again");

        f.network.visible = true;
        f.clock.advance(Duration.ofMinutes(2));
        f.account.sendRun();
        DocumentJournal.Doc sent = f.doc("a.xml");
        assertEquals(DocumentState.SENT, sent.state());
        assertEquals("found on the network by its reference", sent.reason());
        assertEquals(1, f.network.uploadsOf(sent.reference()), "exactly one upload");
        assertTrue(Files.isRegularFile(f.sent("a.xml")));
    }

    @Test
    void afterTheUploadAnUploadWithNoTraceIsSentAgainOnlyOnceTheWindowHasPassed() throws Exception {
        f.network.next.add((n, r) -> {
            throw new TransportException(TransportException.Outcome.UNKNOWN, 502, null, "502 Bad Gateway", null);
        });
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));
        f.account.sendRun();

        f.clock.advance(Duration.ofMinutes(5));
        f.account.sendRun();
        assertTrue(f.network.uploads.isEmpty(), "within the window: looked for, not sent");

        f.clock.advance(Duration.ofMinutes(6));
        f.account.sendRun();
        assertEquals(DocumentState.SENT, f.doc("a.xml").state());
        assertEquals(1, f.network.uploads.size(), "sent once the window passed without a trace of it");
    }

    @Test
    void withHoldAnUploadWithNoTraceIsHeldWithOneAlertAndStillFoundLater() throws Exception {
        try (AccountFixture h = new AccountFixture(home.resolve("held"), "reconcile.unresolved", "hold")) {
            h.network.next.add((n, r) -> {
                throw new TransportException(TransportException.Outcome.UNKNOWN, 502, null, "502 Bad Gateway", null);
            });
            h.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));
            h.account.sendRun();
            for (int i = 0; i < 4; i++) {
                h.clock.advance(Duration.ofMinutes(11));
                h.account.sendRun();
            }
            assertTrue(h.network.uploads.isEmpty(), "never uploaded again by itself");
            DocumentJournal.Doc d = h.doc("a.xml");
            assertEquals(DocumentState.SENDING, d.state());
            assertTrue(d.inDoubt(), "it waits as unknown");
            assertEquals(List.of(Event.Kind.NEEDS_ATTENTION), h.told.kinds(), "one alert");
            String m = h.told.events.get(0).message();
            assertTrue(m.contains("is held") && m.contains("reconcile.unresolved = resend for account acme"), m);
            assertTrue(m.contains(d.reference()), "names the file to look for in Pagero Online: " + m);

            h.network.arrived.put(d.reference(), "file-late");      // it did arrive, and shows up late
            h.clock.advance(Duration.ofHours(2));
            h.account.sendRun();
            assertEquals(DocumentState.SENT, h.doc("a.xml").state());
            assertEquals(0, h.network.uploads.size());
        }
    }

    @Test
    void aDoubtSurvivesARestart() throws Exception {
        f.network.next.add(Fakes.FakeNetwork::answerLost);
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));
        f.account.sendRun();
        f.restart();
        f.clock.advance(Duration.ofMinutes(2));
        f.account.sendRun();
        assertEquals(DocumentState.SENT, f.doc("a.xml").state());
        assertEquals(1, f.network.uploads.size(), "the journal, not memory, remembered the doubt");
    }

    @Test
    void anUploadUnderWayWhenTheRuntimeStoppedIsLookedForBeforeAnythingIsSentAgain() throws Exception {
        // the journal says what a run records before an upload, and nothing after it: the runtime died during it
        f.adapters = List.of();
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));
        f.account.sendRun();
        DocumentJournal.Doc d = f.journal.sending(f.doc("a.xml").id());
        f.journal.doubt(d.id(), f.clock.instant());
        f.network.uploads.add(d.reference());
        f.network.arrived.put(d.reference(), "file-9");            // and the upload had arrived

        f.restart();
        f.account.sendRun();

        DocumentJournal.Doc sent = f.doc("a.xml");
        assertEquals(DocumentState.SENT, sent.state());
        assertEquals("file-9", sent.networkId());
        assertEquals(1, f.network.uploadsOf(d.reference()), "not uploaded a second time");
        assertTrue(Files.isRegularFile(f.sent("a.xml")));
    }

    @Test
    void eachUploadOfUnknownOutcomeStartsTheWindowAgain() throws Exception {
        TransportException gateway = new TransportException(TransportException.Outcome.UNKNOWN, 502, null, "502", null);
        f.network.next.add((n, r) -> {
            n.arrive(r);
            throw gateway;
        });
        f.network.next.add((n, r) -> {
            n.arrive(r);
            throw gateway;
        });
        f.network.visible = false;                      // the network is slow to show what arrived
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));
        f.account.sendRun();
        f.clock.advance(Duration.ofMinutes(11));        // past the window: looked for, not found, sent again
        f.account.sendRun();
        assertEquals(2, f.network.uploads.size());

        f.clock.advance(Duration.ofMinutes(2));         // within the second upload's own window
        f.account.sendRun();
        assertEquals(2, f.network.uploads.size(), "not a third time 2 minutes after the second");
        f.network.visible = true;
        f.clock.advance(Duration.ofMinutes(2));
        f.account.sendRun();
        assertEquals(DocumentState.SENT, f.doc("a.xml").state());
        assertEquals(2, f.network.uploads.size());
    }

    @Test
    void aRetriedUploadCutShortIsInDoubtFromItsStartAndLookedForBeforeAnythingElse() throws Exception {
        f.network.next.add(Fakes.FakeNetwork::unreachable);
        f.network.next.add(Fakes.FakeNetwork::unreachable);
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));
        f.outbox.drop("b.xml", Fakes.TinyInvoices.invoice("INV-2"));
        f.account.sendRun();
        assertFalse(f.doc("a.xml").inDoubt(), "nothing reached the network");

        f.clock.advance(Duration.ofMinutes(21));
        // the retried uploads arrive, then the runtime dies before it hears of it (an error nothing catches)
        f.network.visible = false;
        f.network.next.add((n, r) -> {
            n.arrive(r);
            throw new OutOfMemoryError("the runtime dies here");
        });
        f.network.next.add((n, r) -> {
            n.arrive(r);
            throw new OutOfMemoryError("the runtime dies here");
        });
        f.account.sendRun();
        assertEquals(2, f.network.uploads.size());
        assertEquals(f.clock.instant(), f.doc("a.xml").doubtSince(), "in doubt from the retry's start");

        f.restart();
        f.clock.advance(Duration.ofMinutes(1));
        f.account.sendRun();
        assertEquals(2, f.network.uploads.size(), "looked for, and not sent again within the window");
        f.network.visible = true;
        f.clock.advance(Duration.ofMinutes(1));
        f.account.sendRun();
        assertEquals(DocumentState.SENT, f.doc("a.xml").state());
        assertEquals(DocumentState.SENT, f.doc("b.xml").state());
        assertEquals(2, f.network.uploads.size(), "each invoice uploaded once");
    }

    @Test
    void aLookUpTheNetworkRefusesLeavesTheDocumentInDoubtNotRefused() throws Exception {
        f.network.next.add(Fakes.FakeNetwork::answerLost);
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));
        f.account.sendRun();
        f.network.lookupFails = new TransportException(TransportException.Outcome.FINAL, 403, null, "403 Forbidden", null);
        f.clock.advance(Duration.ofMinutes(2));

        f.account.sendRun();

        DocumentJournal.Doc d = f.doc("a.xml");
        assertEquals(DocumentState.SENDING, d.state(), "a failed look-up says nothing about the document");
        assertTrue(d.inDoubt());
        assertTrue(Files.isRegularFile(f.work("a.xml")));
    }

    @Test
    void aRetryIsSentWithTheDocumentTypeItsCheckFound() throws Exception {
        f.network.next.add(Fakes.FakeNetwork::unreachable);
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));
        f.account.sendRun();
        f.clock.advance(Duration.ofMinutes(2));
        f.restart();
        f.account.sendRun();
        assertEquals(List.of("Invoice", "Invoice"), f.network.documentTypes);
    }

    @Test
    void aRefusalForGoodGoesToErrorWithTheNetworksReasonAndAnAlert() throws Exception {
        f.network.next.add(Fakes.FakeNetwork::refused);
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));

        f.account.sendRun();

        assertEquals(DocumentState.FAILED, f.doc("a.xml").state());
        assertTrue(Files.readString(f.error("a.xml.error.txt")).contains("documentType is not known"));
        assertEquals(List.of(Event.Kind.DELIVERY_FAILED), f.told.kinds());
    }

    @Test
    void aConnectionThatBreaksItsContractCountsAsAnUnknownOutcomeAndTheRunStillReports() throws Exception {
        f.network.next.add((n, r) -> {
            n.uploads.add(r.reference());
            n.arrived.put(r.reference(), "file-x");
            throw new IllegalStateException("a bug in the connection");
        });
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));

        f.account.sendRun();

        DocumentJournal.Doc d = f.doc("a.xml");
        assertTrue(d.inDoubt(), "any other exception is UNKNOWN: it may have arrived");
        assertEquals(1, f.told.reports.size(), "the run's report was finished");
        f.clock.advance(Duration.ofMinutes(2));
        f.account.sendRun();
        assertEquals(DocumentState.SENT, f.doc("a.xml").state());
        assertEquals(1, f.network.uploads.size());
    }

    @Test
    void beforeTheMoveAFailedMoveKeepsTheOutcomeAndTheNextRunMovesItWithoutUploadingAgain() throws Exception {
        f.outbox.failNextSettle = "No space left on device";
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));

        f.account.sendRun();

        assertTrue(Files.isRegularFile(f.work("a.xml")), "it stays in the work folder");
        assertEquals(DocumentState.SENT, f.doc("a.xml").state(), "the outcome is recorded before the move");
        RunReport r = f.told.reports.get(0);
        assertTrue(r.problem().contains("No space left on device"), String.valueOf(r.problem()));
        assertEquals(AccountStatus.Detail.LOCAL_ERROR, f.account.status().detail());

        f.restart();
        f.account.sendRun();
        assertTrue(Files.isRegularFile(f.sent("a.xml")));
        assertEquals(1, f.network.uploads.size(), "moved, not sent again");
        assertEquals(f.sent("a.xml").toString(), f.doc("a.xml").location());
    }

    @Test
    void aRemovedAccountPutsBackWhatItHadNotStartedSendingAndKeepsWhatMayHaveArrived() throws Exception {
        f.network.next.add(Fakes.FakeNetwork::answerLost);
        f.network.visible = false;
        f.outbox.drop("b.xml", Fakes.TinyInvoices.invoice("INV-2"));
        f.account.sendRun();
        assertTrue(f.doc("b.xml").inDoubt());
        f.adapters = List.of();                 // a.xml cannot be checked: it waits, claimed, never sent
        f.outbox.drop("a.xml", Fakes.TinyInvoices.invoice("INV-1"));
        f.clock.advance(Duration.ofMinutes(2));
        f.account.sendRun();
        assertEquals(DocumentState.CLAIMED, f.doc("a.xml").state());

        f.account.stop(true, Duration.ofSeconds(5));

        assertTrue(Files.isRegularFile(f.settings.outbox().outbox().resolve("a.xml")), "handed back");
        assertEquals(DocumentState.RELEASED, f.doc("a.xml").state());
        assertTrue(Files.isRegularFile(f.work("b.xml")), "it may have reached the network: it stays");
        assertEquals(1, f.network.uploads.size());
    }

    private List<DocumentState> states(String fileName) throws Exception {
        return f.journal.history(org.serverconnect.api.journal.Journal.Lookup.FILE_NAME, fileName, 100).stream()
                .map(org.serverconnect.api.journal.JournalEntry::state).toList();
    }
}
