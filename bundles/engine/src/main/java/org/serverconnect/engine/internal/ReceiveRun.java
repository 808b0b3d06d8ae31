package org.serverconnect.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.serverconnect.api.document.Inbox;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.transport.IncomingDocument;
import org.serverconnect.api.transport.IncomingPage;
import org.serverconnect.api.transport.Transport;
import org.serverconnect.api.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One receive run: <b>list</b> what the network holds, page by page → skip what the journal has → <b>journal</b> the
 * name it will get → <b>download</b> into the inbox (written atomically by the {@link Inbox}) → <b>journal</b>
 * {@code RECEIVED} → <b>acknowledge</b> the page → <b>journal</b> {@code ACKNOWLEDGED}. Documents stored but not
 * acknowledged (an interruption, a failed acknowledgement) are acknowledged first.
 */
final class ReceiveRun {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiveRun.class);
    private static final int PAGE = 100;

    private final AccountSettings settings;
    private final Inbox inbox;
    private final DocumentJournal journal;
    private final BooleanSupplier stopping;

    ReceiveRun(AccountSettings settings, Inbox inbox, DocumentJournal journal, BooleanSupplier stopping) {
        this.settings = settings;
        this.inbox = inbox;
        this.journal = journal;
        this.stopping = stopping;
    }

    /** @return whether work is left for another run at once */
    boolean run(Transport transport, Notices.Report report) throws TransportException, IOException, SQLException {
        // The network may no longer list them if an acknowledgement arrived just before an interruption.
        List<DocumentJournal.Doc> unacknowledged = journal.inStates(settings.name(), List.of(DocumentState.RECEIVED),
                settings.batch());
        if (!unacknowledged.isEmpty()) {
            transport.acknowledge(unacknowledged.stream().map(DocumentJournal.Doc::networkId).toList());
            acknowledged(unacknowledged);
        }
        int handled = 0;
        int skipped = 0;
        while (handled < settings.batch() && !stopping.getAsBoolean()) {
            IncomingPage page = transport.incoming(settings.company(), skipped, Math.min(PAGE, settings.batch() - handled));
            if (page.documents().isEmpty()) {
                return false;
            }
            List<DocumentJournal.Doc> stored = new ArrayList<>();
            for (IncomingDocument d : page.documents()) {
                if (stopping.getAsBoolean()) {
                    break;
                }
                DocumentJournal.Doc doc = journal.incoming(settings.name(), d.id());
                if (doc == null) {
                    doc = store(transport, d);
                    report.add(doc, doc.invoiceNumber(), doc.sender(), DocumentState.RECEIVED, null);
                }
                if (doc.state() == DocumentState.ACKNOWLEDGED) {
                    skipped++;              // acknowledged before, but listed again: the network will catch up
                } else {
                    stored.add(doc);
                }
                handled++;
            }
            if (!stored.isEmpty()) {
                transport.acknowledge(stored.stream().map(DocumentJournal.Doc::networkId).toList());
                acknowledged(stored);
            }
            if (!page.hasMore() && stored.size() + skipped >= page.documents().size()
                    && page.offset() + page.documents().size() >= page.total()) {
                return false;
            }
        }
        return handled >= settings.batch();
    }

    private void acknowledged(List<DocumentJournal.Doc> docs) throws SQLException {
        journal.batch(() -> {
            for (DocumentJournal.Doc doc : docs) {
                journal.acknowledged(doc.id());
            }
            return null;
        });
    }

    private DocumentJournal.Doc store(Transport transport, IncomingDocument d) throws TransportException, IOException,
            SQLException {
        String interrupted = journal.receivingName(settings.name(), d.id());
        Path folder = settings.inbox().inbox();
        if (interrupted != null && Files.isRegularFile(folder.resolve(interrupted))) {
            // written before a crash, not yet recorded: record it, do not write it twice
            Path landed = folder.resolve(interrupted);
            LOG.info("Account {}: {} was stored before an interruption; recorded now", settings.name(), landed.getFileName());
            return journal.received(settings.name(), interrupted, d.id(), d.documentNumber(), d.senderName(),
                    Digests.sha256(landed), Files.size(landed), landed.toString());
        }
        journal.receiving(settings.name(), d.id(), InboxNames.of(d));
        MessageDigest sha = Digests.sha256();
        Path landed;
        try (InputStream raw = transport.open(d); DigestInputStream in = new DigestInputStream(raw, sha)) {
            landed = inbox.store(InboxNames.of(d), in);
        }
        return journal.received(settings.name(), landed.getFileName().toString(), d.id(), d.documentNumber(),
                d.senderName(), Digests.hex(sha), Files.size(landed), landed.toString());
    }
}
