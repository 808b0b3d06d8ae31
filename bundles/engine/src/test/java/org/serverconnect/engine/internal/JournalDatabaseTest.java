package org.serverconnect.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.journal.Journal;
import org.serverconnect.api.journal.JournalEntry;

class JournalDatabaseTest {
    @TempDir
    Path dir;

    private JournalDatabase open() throws IOException {
        return new JournalDatabase(dir.resolve("data/journal.db"), Clock.systemUTC());
    }

    @Test
    void aNewJournalGetsTheWholeSchemaAndKeepsWhatWasWrittenAcrossReopening() throws Exception {
        long id;
        try (JournalDatabase db = open()) {
            assertEquals(JournalDatabase.MIGRATIONS.size(), db.schemaVersion());
            JournalDatabase.Doc d = db.claimed("acme", "a.xml", "0001/a.xml", "ab12", 10);
            id = d.id();
            assertEquals(DocumentState.CLAIMED, d.state());
            assertTrue(d.reference().matches("sc-[0-9a-f]{32}"), d.reference());
            db.described(id, new DocumentJournal.Description("INV-1", "Acme", "Globex", "peppol-bis3-invoice", "Invoice"));
            db.sending(id);
        }
        try (JournalDatabase db = open()) {
            assertEquals(JournalDatabase.MIGRATIONS.size(), db.schemaVersion(), "migrations run once");
            JournalDatabase.Doc d = db.byWorkName("acme", "0001/a.xml");
            assertEquals(id, d.id());
            assertEquals(DocumentState.SENDING, d.state(), "a crash after SENDING leaves SENDING to reconcile");
            assertEquals("INV-1", d.invoiceNumber());
        }
    }

    @Test
    void aBatchIsOneTransactionAndAFailureInItKeepsNoneOfItsWrites() throws Exception {
        try (JournalDatabase db = open()) {
            List<JournalDatabase.Doc> docs = db.batch(() -> List.of(
                    db.claimed("acme", "a.xml", "0001/a.xml", "aa", 10), db.claimed("acme", "b.xml", "0002/b.xml", "bb", 10)));
            db.batch(() -> {
                for (JournalDatabase.Doc d : docs) {
                    db.sending(d.id());
                }
                return null;
            });
            assertEquals(DocumentState.SENDING, db.document(docs.get(1).id()).state(), "a batch's writes are kept together");
            assertThrows(SQLException.class, () -> db.batch(() -> {
                db.sent(docs.get(0).id(), "file-1", false);
                db.sent(Long.MAX_VALUE, "file-2", false);   // no such document
                return null;
            }));
            assertEquals(DocumentState.SENDING, db.document(docs.get(0).id()).state(),
                    "the write before the failure went with it: the engine never acts on half a group");
            db.sent(docs.get(0).id(), "file-1", false);
            assertEquals(DocumentState.SENT, db.document(docs.get(0).id()).state(), "after a failed batch, writes commit again");
        }
    }

    @Test
    void aJournalFromANewerVersionIsRefusedNotDamaged() throws Exception {
        open().close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/journal.db"));
                Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        IOException e = assertThrows(IOException.class, this::open);
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
    }

    @Test
    void historyFollowsADocumentThroughItsStatesAndIsFoundByNameNumberAndIds() throws Exception {
        try (JournalDatabase db = open()) {
            JournalDatabase.Doc d = db.claimed("acme", "a.xml", "0001/a.xml", "ab12", 10);
            db.described(d.id(), new DocumentJournal.Description("INV-7", "Acme", "Globex", "ubl", "Invoice"));
            db.sending(d.id());
            Instant doubt = Instant.parse("2026-03-02T09:00:00Z");
            db.retryLater(d.id(), "503 from the network", Instant.now().plusSeconds(30), doubt);
            assertEquals(1, db.waitingForRetry("acme"));
            assertEquals(doubt, db.document(d.id()).doubtSince(), "an upload of unknown outcome leaves it in doubt");
            assertEquals("Invoice", db.document(d.id()).documentType(), "kept for its retries");
            db.retryLater(d.id(), "503 again", Instant.now().plusSeconds(60), null);
            assertFalse(db.document(d.id()).inDoubt(), "an attempt that surely failed leaves no doubt");
            db.doubt(d.id(), doubt);
            db.sent(d.id(), "file-9", false);
            assertFalse(db.document(d.id()).inDoubt(), "sent: no doubt is left");
            db.settled(d.id(), "/x/sent/a.xml");
            assertEquals(0, db.waitingForRetry("acme"), "a settled document waits for nothing");
            assertNull(db.byWorkName("acme", "0001/a.xml"), "the work name is free once the file left the work folder");

            List<JournalEntry> byName = db.history(Journal.Lookup.FILE_NAME, "a.xml", 100);
            assertEquals(List.of(DocumentState.CLAIMED, DocumentState.SENDING, DocumentState.SENDING, DocumentState.SENDING,
                    DocumentState.SENT),
                    byName.stream().map(JournalEntry::state).toList());
            assertTrue(byName.get(2).reason().contains("503"), byName.get(2).reason());
            assertEquals(byName, db.history(Journal.Lookup.INVOICE_NUMBER, "INV-7", 100));
            assertEquals(byName, db.history(Journal.Lookup.NETWORK_ID, "file-9", 100));
            assertEquals(byName, db.history(Journal.Lookup.REFERENCE, d.reference(), 100));
            assertEquals(Map.of(DocumentState.SENT, 1L), db.counts("acme"));
            assertEquals(Map.of(), db.counts("globex"), "accounts are separate");
            assertEquals("INV-7", db.latest("acme", DocumentState.SENT, 10).get(0).invoiceNumber());
            assertEquals("INV-7", db.latest(DocumentState.SENT, 10).get(0).invoiceNumber(), "across accounts");

            Instant before = Instant.now().minusSeconds(60);
            assertEquals(Map.of(DocumentState.CLAIMED, 1L, DocumentState.SENDING, 1L, DocumentState.SENT, 1L),
                    db.reached("acme", before), "a document that entered a state twice counts once");
            assertEquals(Map.of(), db.reached("acme", Instant.now().plusSeconds(60)), "nothing reached after now");
            assertEquals(Map.of(), db.reached("globex", before));
        }
    }

    @Test
    void anIncomingDocumentIsRecordedOnceAndAnInterruptedWriteIsRemembered() throws Exception {
        try (JournalDatabase db = open()) {
            db.receiving("globex", "doc-1", "INV-1_doc-1.xml");
            assertEquals("INV-1_doc-1.xml", db.receivingName("globex", "doc-1"));
            JournalDatabase.Doc d = db.received("globex", "INV-1_doc-1.xml", "doc-1", "INV-1", "Acme", "cd34", 5, "/in/x");
            assertNull(db.receivingName("globex", "doc-1"), "recording the document clears its intent");
            assertEquals(d.id(), db.incoming("globex", "doc-1").id());
            assertThrows(SQLException.class,
                    () -> db.received("globex", "again.xml", "doc-1", "INV-1", "Acme", "cd34", 5, "/in/y"),
                    "the same network document cannot be recorded twice for one account");
            assertNotEquals(null, db.received("acme", "INV-1_doc-1.xml", "doc-1", "INV-1", "Acme", "cd34", 5, "/in/z"),
                    "another account may receive a document with the same id");
        }
    }

    @Test
    void aResponseIsSeenOnceAndPurgingForgetsOnlyOldFinishedDocuments() throws Exception {
        Instant past = Instant.now().minus(500, ChronoUnit.DAYS);
        try (JournalDatabase old = new JournalDatabase(dir.resolve("data/journal.db"), Clock.fixed(past, ZoneOffset.UTC))) {
            JournalDatabase.Doc done = old.claimed("acme", "old.xml", "1/old.xml", "aa", 1);
            old.rejected(done.id(), "bad");
            old.settled(done.id(), null);
            old.claimed("acme", "stuck.xml", "2/stuck.xml", "bb", 1);
        }
        try (JournalDatabase db = open()) {
            assertTrue(db.firstSight("acme", "resp-1"));
            assertTrue(!db.firstSight("acme", "resp-1"), "a response is applied once");
            assertEquals(1, db.purge(Instant.now().minus(400, ChronoUnit.DAYS)));
            assertEquals(Map.of(DocumentState.CLAIMED, 1L), db.counts("acme"),
                    "a document that has not finished is never forgotten, however old");
            assertTrue(db.history(Journal.Lookup.FILE_NAME, "old.xml", 10).isEmpty(), "its history goes with it");
        }
    }
}
