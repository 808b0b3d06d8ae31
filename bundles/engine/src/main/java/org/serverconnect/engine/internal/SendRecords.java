package org.serverconnect.engine.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.serverconnect.api.account.AccountStatus.Detail;
import org.serverconnect.api.document.Disposition;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.transport.TransportException;
import org.serverconnect.engine.internal.Outgoing.Attempt;
import org.serverconnect.engine.internal.Outgoing.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send group's two journal stages: what {@link Preparation} decided (refused, or about to be sent: {@code SENDING}
 * and in doubt from the moment before any upload), and what each upload came to ({@code SENT}, a retry with the doubt
 * that is left, {@code FAILED}). Each runs inside the
 * group's transaction; the alerts it raises are only collected in {@code after}, sent once the journal has committed.
 */
final class SendRecords {
    private static final Logger LOG = LoggerFactory.getLogger(SendRecords.class);

    private final AccountSettings settings;
    private final DocumentJournal journal;
    private final Health health;
    private final Notices notices;
    private final CircuitBreaker circuit;
    private final Clock clock;
    private final Uploader uploader;
    private final Disposition sent;

    SendRecords(AccountSettings settings, DocumentJournal journal, Health health, Notices notices, CircuitBreaker circuit,
            Clock clock, Uploader uploader) {
        this.settings = settings;
        this.journal = journal;
        this.health = health;
        this.notices = notices;
        this.circuit = circuit;
        this.clock = clock;
        this.uploader = uploader;
        this.sent = sentDisposition(settings);
    }

    static Disposition sentDisposition(AccountSettings settings) {
        return settings.outbox().archive() != null ? Disposition.ARCHIVE : Disposition.SENT;
    }

    /** Records a verdict. @return whether the file is to be uploaded now */
    boolean decided(Outgoing it, Notices.Report report, List<Runnable> after) throws SQLException {
        DocumentJournal.Doc doc = it.doc;
        if (it.verdict instanceof Verdict.Upload u) {
            described(doc, u.checked());
            Instant now = clock.instant();
            it.priorDoubt = doc.doubtSince();
            it.mayUpload = uploader.mayUpload(doc, now);
            if (doc.state() == DocumentState.CLAIMED) {
                journal.sending(doc.id());
            }
            if (it.mayUpload) {
                journal.doubt(doc.id(), now);       // from here on, a stop during the upload leaves it in doubt
            }
            it.doc = journal.document(doc.id());
            return true;
        }
        if (it.verdict instanceof Verdict.Refuse r) {
            described(doc, r.checked());
            journal.rejected(doc.id(), r.why());
            it.moveTo(Disposition.ERROR, r.why());
            Checker.Checked c = r.checked();
            report.add(doc, c == null ? null : c.number(), c == null ? null : c.receiver(), DocumentState.REJECTED, r.why());
            String message = it.name() + " was not sent: " + r.why();
            health.documentError(message);
            after.add(() -> notices.event(Event.Kind.FILE_REJECTED, it.name(), message));
        } else if (it.verdict instanceof Verdict.Move m) {
            it.moveTo(m.to(), m.why());
        } else if (it.verdict instanceof Verdict.Wait w && w.problem() != null) {
            health.problem(Detail.LOCAL_ERROR, w.problem());
        }
        return false;
    }

    private void described(DocumentJournal.Doc doc, Checker.Checked checked) throws SQLException {
        if (checked != null && checked.format() != null) {
            journal.described(doc.id(), checked.description());
        }
    }

    /** Records what an upload came to. */
    void uploaded(Outgoing it, Notices.Report report, List<Runnable> after) throws SQLException {
        DocumentJournal.Doc doc = it.doc;
        Attempt a = it.attempt;
        if (a == null) {
            journal.doubt(doc.id(), it.priorDoubt);     // it did not begin: no new doubt
        } else if (a.receipt() != null) {
            journal.sent(doc.id(), a.receipt().fileId(), a.receipt().reconciled());
            report.add(doc, doc.invoiceNumber(), doc.receiver(), DocumentState.SENT, null);
            it.moveTo(sent, null);
        } else if (a.deferred() != null) {
            journal.retryLater(doc.id(), a.deferred(), a.next(), it.priorDoubt);
            if (a.held() && journal.mark(doc.id(), "HELD", null)) {
                String message = it.name() + " is held: " + a.deferred();
                health.trouble(message);
                after.add(() -> notices.event(Event.Kind.NEEDS_ATTENTION, it.name(), message));
            }
        } else {
            notSent(it, a, report, after);
        }
    }

    private void notSent(Outgoing it, Attempt a, Notices.Report report, List<Runnable> after) throws SQLException {
        DocumentJournal.Doc doc = it.doc;
        TransportException e = a.failure();
        String name = it.name();
        String reason = e.getMessage();
        if (e.outcome() == TransportException.Outcome.FINAL) {
            journal.failed(doc.id(), reason);
            it.moveTo(Disposition.ERROR, reason);
            report.add(doc, doc.invoiceNumber(), doc.receiver(), DocumentState.FAILED, reason);
            health.documentError(name + " was refused: " + reason);
            after.add(() -> notices.event(Event.Kind.DELIVERY_FAILED, name, name + " was refused: " + reason));
            return;
        }
        // an upload of unknown outcome starts the doubt (and the window) again; else nothing new can have arrived
        Instant doubtSince = e.outcome() == TransportException.Outcome.UNKNOWN ? clock.instant() : it.priorDoubt;
        boolean doubt = doubtSince != null;
        if (doc.attempts() + 1 >= settings.retryAttempts()) {
            String why = "gave up after " + (doc.attempts() + 1) + " attempts; last: " + reason
                    + (doubt ? " (an earlier upload may have arrived: check Pagero Online before putting it back into "
                            + "the outbox)" : "");
            journal.failed(doc.id(), why);
            it.moveTo(Disposition.ERROR, why);
            report.add(doc, doc.invoiceNumber(), doc.receiver(), DocumentState.FAILED, why);
            health.trouble(name + " was not sent: " + why);
            after.add(() -> notices.event(Event.Kind.DELIVERY_FAILED, name, name + " was not sent: " + why));
        } else {
            Duration wait = Backoff.of(doc.attempts(), settings, e.retryAfter());
            health.retrying(reason, name + " not sent yet: " + reason);
            journal.retryLater(doc.id(), reason, clock.instant().plus(wait), doubtSince);
            LOG.info("Account {}: {} not sent ({}); next attempt in {} s", settings.name(), name, reason, wait.toSeconds());
        }
        if (a.paused()) {
            health.problem(Detail.CIRCUIT_OPEN, "sending paused for " + circuit.pause().toSeconds() + " s ("
                    + settings.circuitFailures() + " failures in a row, or the try after a pause failed); last: " + reason);
            report.problem("sending paused: " + reason);
            after.add(() -> notices.event(Event.Kind.CONNECTION_LOST, null, "Pagero Online cannot be reached: " + reason
                    + "; sending is paused and resumes by itself"));
        }
    }
}
