package org.serverconnect.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.document.ClaimedFile;
import org.serverconnect.api.document.Disposition;
import org.serverconnect.api.format.CheckLevel;
import org.serverconnect.api.format.FormatAdapter;
import org.serverconnect.engine.internal.Outgoing.Verdict;

/** What is to become of a claimed file, from its journal state: the verdicts of the prepare stage. */
class PreparationTest {
    @TempDir
    Path dir;
    private JournalDatabase journal;
    private List<FormatAdapter> adapters = List.of(new Fakes.TinyInvoices());
    private Preparation preparation;

    @BeforeEach
    void open() throws Exception {
        journal = new JournalDatabase(dir.resolve("journal.db"), new Fakes.TestClock());
        AccountSettings settings = AccountSettings.from(AccountCheck.config(java.util.Map.of("name", "acme",
                "connection", "c", "company", "1")), java.util.Map.of(), dir);
        preparation = new Preparation("acme", new Payloads(settings, journal.file(), () -> null),
                new Checker(CheckLevel.FORMAT, () -> adapters, () -> null), Disposition.SENT);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    private Outgoing claimed(String name, String content) throws Exception {
        Path p = Files.writeString(dir.resolve(name), content);
        DocumentJournal.Doc doc = journal.claimed("acme", name, name, "00", content.length());
        return new Outgoing(new ClaimedFile(p, name, content.length(), Instant.EPOCH), doc);
    }

    @Test
    void aGoodNewFileIsToBeUploadedWithWhatItsAdapterSaidItIs() throws Exception {
        Verdict v = preparation.prepare(claimed("a.xml", Fakes.TinyInvoices.invoice("INV-1")));
        Verdict.Upload u = assertInstanceOf(Verdict.Upload.class, v);
        assertEquals("Invoice", u.documentType());
        assertEquals("INV-1", u.checked().number());
        assertEquals("Globex", u.checked().receiver());
        assertEquals(dir.resolve("a.xml"), u.payload().path());
    }

    @Test
    void aNewFileThatFailsItsCheckIsRefusedWithTheFindingAndWhereItIs() throws Exception {
        Verdict.Refuse r = assertInstanceOf(Verdict.Refuse.class, preparation.prepare(claimed("b.xml",
                Fakes.TinyInvoices.invoice(""))));
        assertEquals("An Invoice shall have an Invoice number (/Invoice)", r.why());
    }

    @Test
    void aFileNoAdapterRecognisesIsRefusedAndOneThatCannotBeCheckedNowWaits() throws Exception {
        Verdict.Refuse r = assertInstanceOf(Verdict.Refuse.class, preparation.prepare(claimed("c.xml", "<Order><ID>1</ID></Order>")));
        assertTrue(r.why().startsWith("not a recognised e-invoice format"), r.why());

        adapters = List.of();
        Verdict.Wait w = assertInstanceOf(Verdict.Wait.class, preparation.prepare(claimed("d.xml", "<Invoice/>")));
        assertTrue(w.problem().contains("no format adapter is installed"), w.problem());
    }

    @Test
    void aFileBeingSentBeforeAnInterruptionIsSentAsItWasAndARecordedOutcomeOnlyNeedsItsMove() throws Exception {
        Outgoing sending = claimed("e.xml", "not even XML: it was checked before");
        sending.doc = journal.sending(sending.doc.id());
        Verdict.Upload u = assertInstanceOf(Verdict.Upload.class, preparation.prepare(sending));
        assertNull(u.checked(), "not checked again");

        Outgoing failed = claimed("f.xml", "x");
        journal.failed(failed.doc.id(), "refused by the network");
        failed.doc = journal.document(failed.doc.id());
        assertEquals(new Verdict.Move(Disposition.ERROR, "refused by the network"), preparation.prepare(failed));

        Outgoing sent = claimed("g.xml", "x");
        journal.sent(sent.doc.id(), "file-1", false);
        sent.doc = journal.document(sent.doc.id());
        assertEquals(new Verdict.Move(Disposition.SENT, null), preparation.prepare(sent));
    }
}
