package org.serverconnect.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.account.AccountStatus;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.RunReport;

/**
 * The receive run: list, download, store, journal, acknowledge, with a failure at the acknowledgement and an
 * interruption between writing and recording.
 */
class ReceiveRunTest {
    @TempDir
    Path home;
    private AccountFixture f;

    @BeforeEach
    void open() throws Exception {
        f = new AccountFixture(home, "send", "false");
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void documentsAreStoredUnderSafeNamesRecordedAndThenAcknowledged() throws Exception {
        f.network.offer("doc-1", "INV-1", "<Invoice>1</Invoice>");
        f.network.offer("doc-2", "../../etc/passwd", "<Invoice>2</Invoice>");

        assertFalse(f.account.receiveRun());

        assertEquals(List.of("INV-1_doc-1.xml", "etc-passwd_doc-2.xml"), inbox());
        assertEquals("<Invoice>1</Invoice>", Files.readString(f.settings.inbox().inbox().resolve("INV-1_doc-1.xml")));
        assertEquals(List.of("doc-1", "doc-2"), f.network.acknowledged);
        DocumentJournal.Doc d = f.journal.incoming("acme", "doc-1");
        assertEquals(DocumentState.ACKNOWLEDGED, d.state());
        assertEquals(Digests.sha256(f.settings.inbox().inbox().resolve("INV-1_doc-1.xml")), d.sha256());
        RunReport r = f.told.reports.get(0);
        assertEquals(2, r.documents().size());
    }

    @Test
    void aNetworkThatListsFetchedDocumentsTooIsReadToTheEndOfItsList() throws Exception {
        f.network.listsFetched = true;
        for (int i = 1; i <= 250; i++) {
            f.network.offer("old-" + i, "OLD-" + i, "<Invoice>" + i + "</Invoice>");
            f.network.acknowledged.add("old-" + i);           // fetched long ago, still listed
        }
        f.network.offer("doc-new", "INV-NEW", "<Invoice>new</Invoice>");

        f.account.receiveRun();

        assertEquals(List.of("INV-NEW_doc-new.xml"), inbox(), "found behind pages with nothing new");
        assertEquals(List.of(List.of("Invoice")), f.network.listedTypes.stream().distinct().toList(),
                "the account's document types");
    }

    @Test
    void theAccountsDocumentTypesAreAskedFor() throws Exception {
        try (AccountFixture g = new AccountFixture(home.resolve("g"), "send", "false", "receive.documentTypes",
                "Invoice, PaymentReminder")) {
            g.account.receiveRun();
            assertEquals(List.of("Invoice", "PaymentReminder"), g.network.listedTypes.get(0));
        }
    }

    @Test
    void aFailedAcknowledgementIsRepeatedNextRunWithoutStoringTwice() throws Exception {
        f.network.offer("doc-1", "INV-1", "<Invoice>1</Invoice>");
        f.network.acknowledgeFails = true;

        f.account.receiveRun();

        assertEquals(List.of("INV-1_doc-1.xml"), inbox(), "stored before the acknowledgement");
        assertEquals(DocumentState.RECEIVED, f.journal.incoming("acme", "doc-1").state());
        assertEquals(AccountStatus.Detail.COMMUNICATION_ERROR, f.account.status().detail());
        assertTrue(f.told.reports.get(0).problem().contains("503"), f.told.reports.get(0).problem());

        f.network.acknowledgeFails = false;
        f.account.receiveRun();

        assertEquals(List.of("INV-1_doc-1.xml"), inbox(), "written once");
        assertEquals(DocumentState.ACKNOWLEDGED, f.journal.incoming("acme", "doc-1").state());
        assertEquals(AccountStatus.Status.ONLINE, f.account.status().status());
    }

    @Test
    void aDocumentWrittenButNotRecordedBeforeAnInterruptionIsRecognisedNotWrittenAgain() throws Exception {
        f.network.offer("doc-1", "INV-1", "<Invoice>1</Invoice>");
        // the intent was recorded and the file written, then the runtime stopped
        f.journal.receiving("acme", "doc-1", "INV-1_doc-1.xml");
        Files.writeString(f.settings.inbox().inbox().resolve("INV-1_doc-1.xml"), "<Invoice>1</Invoice>");

        f.account.receiveRun();

        assertEquals(List.of("INV-1_doc-1.xml"), inbox());
        assertEquals(DocumentState.ACKNOWLEDGED, f.journal.incoming("acme", "doc-1").state());
    }

    @Test
    void aPartThatBreaksItsContractEndsTheRunWithItsReport() throws Exception {
        f.network.offer("doc-1", "INV-1", null);        // opening it fails with an IllegalStateException

        f.account.receiveRun();

        RunReport r = f.told.reports.get(0);
        assertTrue(r.problem().contains("unexpected failure"), r.problem());
        AccountStatus s = f.account.status();
        assertEquals(AccountStatus.Status.DEGRADED, s.status());
        assertTrue(s.lastErrorReason().contains("receive"), s.toString());
        assertTrue(f.network.acknowledged.isEmpty(), "nothing stored, nothing acknowledged");
    }

    private List<String> inbox() throws Exception {
        try (Stream<Path> s = Files.list(f.settings.inbox().inbox())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }
}
