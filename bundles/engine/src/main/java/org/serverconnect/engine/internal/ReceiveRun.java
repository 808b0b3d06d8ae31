package org.serverconnect.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * One receive run: <b>list</b> what the network holds as new, to the end of its list or a batch → then a page at a
 * time: skip what the journal has → <b>journal</b> the names the new ones will get → <b>download</b> them side by side into the inbox (each written atomically by the
 * {@link Inbox}) → <b>journal</b> them {@code RECEIVED} → <b>acknowledge</b> the page → <b>journal</b>
 * {@code ACKNOWLEDGED}. Each journal step is one transaction for the page. Documents stored but not acknowledged (an
 * interruption, a failed acknowledgement) are acknowledged first.
 */
final class ReceiveRun {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiveRun.class);
    private static final int PAGE = 100;

    private final AccountSettings settings;
    private final Inbox inbox;
    private final DocumentJournal journal;
    private final Parallel parallel;
    private final BooleanSupplier stopping;

    ReceiveRun(AccountSettings settings, Inbox inbox, DocumentJournal journal, Parallel parallel,
            BooleanSupplier stopping) {
        this.settings = settings;
        this.inbox = inbox;
        this.journal = journal;
        this.parallel = parallel;
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
        Listing listing = list(transport);
        List<IncomingDocument> all = new ArrayList<>(listing.documents().values());
        for (int from = 0; from < all.size() && !stopping.getAsBoolean(); from += PAGE) {
            List<DocumentJournal.Doc> stored = new ArrayList<>();
            List<Incoming> fresh = new ArrayList<>();
            for (IncomingDocument d : all.subList(from, Math.min(all.size(), from + PAGE))) {
                DocumentJournal.Doc doc = journal.incoming(settings.name(), d.id());
                if (doc == null) {
                    fresh.add(new Incoming(d));
                } else {
                    stored.add(doc);
                }
            }
            Exception failed = store(transport, fresh);
            for (Incoming in : fresh) {
                if (in.doc != null) {
                    stored.add(in.doc);
                    report.add(in.doc, in.doc.invoiceNumber(), in.doc.sender(), DocumentState.RECEIVED, null);
                }
            }
            if (failed instanceof TransportException t) {
                throw t;                    // the others of the page are recorded, and acknowledged next run
            }
            if (failed instanceof IOException io) {
                throw io;
            }
            if (!stored.isEmpty()) {
                transport.acknowledge(stored.stream().map(DocumentJournal.Doc::networkId).toList());
                acknowledged(stored);
            }
        }
        if (!listing.again().isEmpty()) {
            // acknowledged before, yet listed as new: that acknowledgement did not arrive; saying it again is harmless
            transport.acknowledge(listing.again());
        }
        return listing.more();
    }

    /**
     * What the network lists as new, up to a batch, de-duplicated by id: page after page to the end of its list,
     * since a page may hold nothing new and still not be the last (when the network lists what was fetched too).
     * The list is read whole before anything is acknowledged, so acknowledging cannot move it while it is read.
     */
    private Listing list(Transport transport) throws TransportException, SQLException {
        Map<String, IncomingDocument> found = new LinkedHashMap<>();
        List<String> again = new ArrayList<>();
        int offset = 0;
        while (found.size() < settings.batch() && !stopping.getAsBoolean()) {
            IncomingPage page = transport.incoming(settings.company(), settings.receiveDocumentTypes(), offset, PAGE);
            for (IncomingDocument d : page.documents()) {
                DocumentJournal.Doc doc = journal.incoming(settings.name(), d.id());
                if (doc != null && doc.state() == DocumentState.ACKNOWLEDGED) {
                    if (!again.contains(d.id())) {
                        again.add(d.id());
                    }
                } else if (found.size() < settings.batch()) {
                    found.putIfAbsent(d.id(), d);
                }
            }
            if (!page.hasMore()) {
                return new Listing(found, again, false);
            }
            offset = page.next();
        }
        return new Listing(found, again, true);
    }

    /** What a receive run found: new documents in the order listed, ones listed again, and whether more may wait. */
    private record Listing(Map<String, IncomingDocument> documents, List<String> again, boolean more) {
    }

    private void acknowledged(List<DocumentJournal.Doc> docs) throws SQLException {
        journal.batch(() -> {
            for (DocumentJournal.Doc doc : docs) {
                journal.acknowledged(doc.id());
            }
            return null;
        });
    }

    /**
     * Stores a page's new documents: their names recorded first (one transaction), then downloaded side by side,
     * then recorded {@code RECEIVED} (one transaction). A document written before an interruption but not recorded
     * is recognised by its recorded name and recorded, not written twice. When a download fails, the others of the
     * page are recorded all the same. @return the first failure ({@link TransportException} or {@link IOException}),
     *         or {@code null}
     */
    private Exception store(Transport transport, List<Incoming> fresh) throws IOException, SQLException {
        if (fresh.isEmpty()) {
            return null;
        }
        Path folder = settings.inbox().inbox();
        journal.batch(() -> {
            for (Incoming in : fresh) {
                String interrupted = journal.receivingName(settings.name(), in.document.id());
                if (interrupted != null && Files.isRegularFile(folder.resolve(interrupted))) {
                    in.interrupted = folder.resolve(interrupted);
                } else {
                    journal.receiving(settings.name(), in.document.id(), in.name);
                }
            }
            return null;
        });
        parallel.each(fresh, in -> in.download(transport, stopping));
        List<Incoming> stored = fresh.stream().filter(in -> in.landed != null).toList();
        journal.batch(() -> {
            for (Incoming in : stored) {
                IncomingDocument d = in.document;
                in.doc = journal.received(settings.name(), in.landed.getFileName().toString(), d.id(), d.documentNumber(),
                        d.senderName(), in.sha256, in.size, in.landed.toString());
            }
            return null;
        });
        return fresh.stream().map(in -> in.failure).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** One new document of a page on its way into the inbox. */
    private final class Incoming {
        final IncomingDocument document;
        /** The name it is to get, recorded before it is written. */
        final String name;
        /** Where it was written before an interruption, when it was. */
        Path interrupted;
        Path landed;
        String sha256;
        long size;
        DocumentJournal.Doc doc;
        /** Why it was not stored: a {@link TransportException} or an {@link IOException}. */
        Exception failure;

        Incoming(IncomingDocument document) {
            this.document = document;
            this.name = InboxNames.of(document);
        }

        /** The download stage for one document, on any thread: writes only its own file. */
        void download(Transport transport, BooleanSupplier stopping) {
            try {
                if (interrupted != null) {
                    LOG.info("Account {}: {} was stored before an interruption; recorded now", settings.name(),
                            interrupted.getFileName());
                    sha256 = Digests.sha256(interrupted);
                    size = Files.size(interrupted);
                    landed = interrupted;
                } else if (!stopping.getAsBoolean()) {
                    MessageDigest sha = Digests.sha256();
                    try (InputStream raw = transport.open(document); DigestInputStream in = new DigestInputStream(raw, sha)) {
                        Path p = inbox.store(name, in);
                        sha256 = Digests.hex(sha);
                        size = Files.size(p);
                        landed = p;
                    }
                }
            } catch (TransportException | IOException e) {
                failure = e;
            }
        }
    }
}
