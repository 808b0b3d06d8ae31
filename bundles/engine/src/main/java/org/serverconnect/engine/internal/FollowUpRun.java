package org.serverconnect.engine.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.transport.ProcessingStatus;
import org.serverconnect.api.transport.Progress;
import org.serverconnect.api.transport.RecipientResponse;
import org.serverconnect.api.transport.SendReceipt;
import org.serverconnect.api.transport.Transport;
import org.serverconnect.api.transport.TransportException;

/**
 * One follow-up run, for the documents this account sent in the last {@code followup.days} (those asked about longest
 * ago first, a batch at a time): how the network processes each ({@code PROCESSED}, or {@code FAILED} with the
 * network's reasons and an alert; an alert when it waits for someone to act, or processes for far longer than
 * usual), what the network reports of its delivery ({@code DELIVERED}, or {@code FAILED}), and what its recipient
 * says ({@code ACCEPTED} or {@code REJECTED_BY_RECIPIENT} with the reason and an alert; acknowledged and in process
 * noted in its history). A recipient's responses are asked for per invoice number and acknowledged once recorded,
 * so each is read once. What was told once is marked in the journal and never told again.
 */
final class FollowUpRun {
    private static final List<DocumentState> FOLLOWED = List.of(DocumentState.SENT, DocumentState.PROCESSED,
            DocumentState.DELIVERED);
    /** A network processes a document in minutes: one still processing after this gets an alert. */
    static final Duration LATE = Duration.ofHours(6);

    private final AccountSettings settings;
    private final DocumentJournal journal;
    private final Notices notices;
    private final Clock clock;
    private final BooleanSupplier stopping;

    FollowUpRun(AccountSettings settings, DocumentJournal journal, Notices notices, Clock clock, BooleanSupplier stopping) {
        this.settings = settings;
        this.journal = journal;
        this.notices = notices;
        this.clock = clock;
        this.stopping = stopping;
    }

    /**
     * @return {@code false}: the documents not asked about in this run are asked about first in the next one, on the
     *         account's follow-up timetable
     */
    boolean run(Transport transport, Notices.Report report) throws TransportException, SQLException {
        List<DocumentJournal.Doc> docs = journal.toFollow(settings.name(), FOLLOWED,
                clock.instant().minus(settings.followupFor()), settings.batch());
        for (DocumentJournal.Doc doc : docs) {
            if (stopping.getAsBoolean()) {
                break;
            }
            new Followed(doc, report).follow(transport);
            journal.followed(doc.id());
        }
        return false;
    }

    /** One document being followed: its state as it changes in this run. */
    private final class Followed {
        private final DocumentJournal.Doc doc;
        private final Notices.Report report;
        private DocumentState state;

        Followed(DocumentJournal.Doc doc, Notices.Report report) {
            this.doc = doc;
            this.report = report;
            this.state = doc.state();
        }

        void follow(Transport transport) throws TransportException, SQLException {
            ProcessingStatus s = transport.status(new SendReceipt(doc.reference(), doc.networkId(), doc.updated(), false));
            List<Progress> business = new ArrayList<>();
            switch (s.state()) {
            case PROCESSED -> {
                if (state == DocumentState.SENT) {
                    journal.processed(doc.id());
                    to(DocumentState.PROCESSED, null);
                }
                for (Progress p : s.progress()) {
                    if (p.step().business()) {
                        business.add(p);
                    } else {
                        delivery(p);
                    }
                }
            }
            case ERROR, CANCELLED -> {
                if (state == DocumentState.SENT) {
                    String reason = s.reasons().isEmpty() ? s.state() == ProcessingStatus.State.CANCELLED
                            ? "cancelled on the network" : "the network could not process it (no reason given)"
                            : String.join("; ", s.reasons());
                    fail(reason);
                }
            }
            case AWAITING_INTERACTION -> awaiting(s.reasons());
            case PROCESSING -> late();
            }
            if (!state.terminal() && doc.invoiceNumber() != null) {
                responses(transport);
            }
            for (Progress p : business) {
                business(p.step(), p.description());
            }
        }

        private void delivery(Progress p) throws SQLException {
            if (state.terminal()) {
                return;
            }
            String note = "the network reports: " + p.step().word() + (p.description() == null ? "" : " (" + p.description() + ")");
            switch (p.step()) {
            case DELIVERED, FETCHED_BY_RECIPIENT -> {
                if (state == DocumentState.PROCESSED && journal.mark(doc.id(), p.step().name(), null)) {
                    journal.delivered(doc.id(), note);
                    to(DocumentState.DELIVERED, null);
                } else {
                    journal.mark(doc.id(), p.step().name(), note);
                }
            }
            case UNDELIVERABLE, CANCELLED -> {
                if (journal.mark(doc.id(), p.step().name(), null)) {
                    fail("it could not be delivered: " + note);
                }
            }
            default -> journal.mark(doc.id(), p.step().name(), note);
            }
        }

        /** The responses to this invoice not read before: recorded, then acknowledged, so each is read once. */
        private void responses(Transport transport) throws TransportException, SQLException {
            List<RecipientResponse> responses = transport.responses(settings.company(), doc.invoiceNumber());
            if (responses.isEmpty()) {
                return;
            }
            List<String> ids = new ArrayList<>();
            for (RecipientResponse r : responses) {
                if (journal.firstSight(settings.name(), r.responseId())) {
                    business(r.status(), r.reason());
                }
                ids.add(r.responseId());
            }
            transport.acknowledge(ids);
        }

        /** What the recipient says, recorded once however often (and by whichever way) the network reports it. */
        private void business(Progress.Step step, String reason) throws SQLException {
            if (state.terminal()) {
                return;
            }
            boolean decides = step == Progress.Step.APPROVED || step == Progress.Step.PAID || step == Progress.Step.REJECTED;
            String note = "the recipient: " + step.word() + (reason == null ? "" : " (" + reason + ")");
            if (!journal.mark(doc.id(), step.name(), decides ? null : note) || !decides) {
                return;
            }
            boolean accepted = step != Progress.Step.REJECTED;
            journal.answered(doc.id(), accepted, reason);
            to(accepted ? DocumentState.ACCEPTED : DocumentState.REJECTED_BY_RECIPIENT, reason);
            if (!accepted) {
                notices.event(Event.Kind.RECIPIENT_REJECTED, doc.fileName(), "invoice " + doc.invoiceNumber()
                        + " was rejected by its recipient" + (reason == null ? "" : ": " + reason));
            }
        }

        private void awaiting(List<String> reasons) throws SQLException {
            String why = reasons.isEmpty() ? "no reason given" : String.join("; ", reasons);
            String note = "waits for someone to act on the network: " + why;
            if (journal.mark(doc.id(), "AWAITING_INTERACTION " + why, note)) {
                notices.event(Event.Kind.NEEDS_ATTENTION, doc.fileName(), doc.fileName() + " waits on Pagero Online for "
                        + "someone to act: " + why + ". Fix it in Pagero Online and restart it there, or cancel it "
                        + "(file " + doc.networkId() + ")");
            }
        }

        private void late() throws SQLException {
            if (state != DocumentState.SENT || clock.instant().isBefore(doc.updated().plus(LATE))) {
                return;
            }
            String note = "still being processed by the network " + LATE.toHours() + " hours after it was sent";
            if (journal.mark(doc.id(), "LATE", note)) {
                notices.event(Event.Kind.NEEDS_ATTENTION, doc.fileName(), doc.fileName() + " is " + note
                        + ": look for it in Pagero Online (file " + doc.networkId() + ")");
            }
        }

        private void fail(String reason) throws SQLException {
            journal.failed(doc.id(), reason);
            to(DocumentState.FAILED, reason);
            notices.event(Event.Kind.DELIVERY_FAILED, doc.fileName(), doc.fileName() + " could not be delivered: " + reason);
        }

        private void to(DocumentState next, String reason) {
            state = next;
            report.add(doc, doc.invoiceNumber(), doc.receiver(), next, reason);
        }
    }
}
