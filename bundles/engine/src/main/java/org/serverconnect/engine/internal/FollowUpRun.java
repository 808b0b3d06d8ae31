package org.serverconnect.engine.internal;

import java.sql.SQLException;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.transport.ProcessingStatus;
import org.serverconnect.api.transport.RecipientResponse;
import org.serverconnect.api.transport.SendReceipt;
import org.serverconnect.api.transport.Transport;
import org.serverconnect.api.transport.TransportException;

/**
 * One follow-up run: asks the network how it processes each sent document ({@code DELIVERED}, or {@code FAILED}
 * with the network's reasons and an alert), then reads the recipients' responses and matches them to the invoices
 * this account sent by number ({@code ACCEPTED}, or {@code REJECTED_BY_RECIPIENT} with an alert).
 */
final class FollowUpRun {
    private static final List<DocumentState> FOLLOWED = List.of(DocumentState.SENT);
    private static final List<DocumentState> ANSWERABLE = List.of(DocumentState.DELIVERED, DocumentState.SENT);
    private static final int PAGE = 100;

    private final AccountSettings settings;
    private final DocumentJournal journal;
    private final Notices notices;
    private final BooleanSupplier stopping;

    FollowUpRun(AccountSettings settings, DocumentJournal journal, Notices notices, BooleanSupplier stopping) {
        this.settings = settings;
        this.journal = journal;
        this.notices = notices;
        this.stopping = stopping;
    }

    /** @return whether work is left for another run at once */
    boolean run(Transport transport, Notices.Report report) throws TransportException, SQLException {
        boolean more = statuses(transport, report);
        responses(transport, report);
        return more;
    }

    private boolean statuses(Transport transport, Notices.Report report) throws TransportException, SQLException {
        List<DocumentJournal.Doc> docs = journal.inStates(settings.name(), FOLLOWED, settings.batch());
        for (DocumentJournal.Doc doc : docs) {
            if (stopping.getAsBoolean()) {
                return false;
            }
            ProcessingStatus s = transport.status(new SendReceipt(doc.reference(), doc.networkId(), doc.created(), false));
            switch (s.state()) {
            case PROCESSED -> {
                journal.delivered(doc.id());
                report.add(doc, doc.invoiceNumber(), doc.receiver(), DocumentState.DELIVERED, null);
            }
            case ERROR, CANCELLED -> {
                String reason = s.reasons().isEmpty() ? (s.state() == ProcessingStatus.State.CANCELLED ? "cancelled"
                        : "Pagero Online could not process it (no reason given)") : String.join("; ", s.reasons());
                journal.failed(doc.id(), reason);
                report.add(doc, doc.invoiceNumber(), doc.receiver(), DocumentState.FAILED, reason);
                notices.event(Event.Kind.DELIVERY_FAILED, doc.fileName(), doc.fileName() + " could not be delivered: " + reason);
            }
            default -> {
                // still processing, or waiting for someone at Pagero Online: asked again next run
            }
            }
        }
        return docs.size() >= settings.batch();
    }

    private void responses(Transport transport, Notices.Report report) throws TransportException, SQLException {
        for (int offset = 0;; offset += PAGE) {
            List<RecipientResponse> page = transport.responses(settings.company(), offset, PAGE);
            for (RecipientResponse r : page) {
                if (r.documentNumber() == null || !journal.firstSight(settings.name(), r.responseId())) {
                    continue;
                }
                DocumentJournal.Doc doc = journal.outgoingByNumber(settings.name(), r.documentNumber(), ANSWERABLE);
                if (doc == null) {
                    continue;               // an answer to an invoice this account did not send
                }
                boolean accepted = r.verdict() == RecipientResponse.Verdict.ACCEPTED;
                journal.answered(doc.id(), accepted, r.reason());
                report.add(doc, doc.invoiceNumber(), doc.receiver(),
                        accepted ? DocumentState.ACCEPTED : DocumentState.REJECTED_BY_RECIPIENT, r.reason());
                if (!accepted) {
                    notices.event(Event.Kind.RECIPIENT_REJECTED, doc.fileName(), "invoice " + doc.invoiceNumber()
                            + " was rejected by its recipient" + (r.reason() == null ? "" : ": " + r.reason()));
                }
            }
            if (page.size() < PAGE || stopping.getAsBoolean()) {
                return;
            }
        }
    }
}
