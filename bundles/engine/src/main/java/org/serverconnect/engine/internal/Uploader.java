package org.serverconnect.engine.internal;

import java.time.Clock;
import java.time.Instant;

import org.serverconnect.api.notify.Event;
import org.serverconnect.api.transport.SendReceipt;
import org.serverconnect.api.transport.SendRequest;
import org.serverconnect.api.transport.Transport;
import org.serverconnect.api.transport.TransportException;
import org.serverconnect.engine.internal.Outgoing.Attempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload stage, and the one owner of "never send twice". Every upload is recorded in the journal as in doubt
 * before it begins ({@link SendRecords#decided}), and the doubt ends only with an answer. A document whose earlier
 * upload may have arrived (the answer was lost, or the runtime stopped during the upload) is first looked up on the
 * network by its reference. Found, it is sent already. Not found, it is looked for again at back-off intervals and
 * uploaded again only once {@code reconcile.window} has passed since the doubt began without a trace of it (the
 * network may still be processing the first upload), or, with {@code reconcile.unresolved = hold}, held with an alert
 * and still looked for, never uploaded again by itself; each new upload of unknown outcome starts the window again.
 * Runs on any thread; writes nothing to the journal.
 */
final class Uploader {
    private static final Logger LOG = LoggerFactory.getLogger(Uploader.class);

    private final AccountSettings settings;
    private final CircuitBreaker circuit;
    private final Health health;
    private final Notices notices;
    private final Clock clock;

    Uploader(AccountSettings settings, CircuitBreaker circuit, Health health, Notices notices, Clock clock) {
        this.settings = settings;
        this.circuit = circuit;
        this.health = health;
        this.notices = notices;
        this.clock = clock;
    }

    /**
     * Whether a document may be uploaded in a round that begins {@code now}: it is in doubt about no earlier upload,
     * or {@code reconcile.window} has passed since the doubt began (it is still looked up first).
     */
    boolean mayUpload(DocumentJournal.Doc doc, Instant now) {
        return !doc.inDoubt() || !now.isBefore(doc.doubtSince().plus(settings.reconcileWindow()));
    }

    /**
     * @return what the upload came to, or {@code null} when sending stopped or paused before it began (the file stays
     *         {@code SENDING} and a later run sends it)
     */
    Attempt upload(Outgoing it, Transport transport, boolean stopping) {
        if (stopping || !circuit.allows()) {
            return null;
        }
        DocumentJournal.Doc doc = it.doc;
        Outgoing.Verdict.Upload what = (Outgoing.Verdict.Upload) it.verdict;
        String type = settings.documentType() != null ? settings.documentType() : what.documentType();
        SendRequest request = new SendRequest(doc.reference(), what.payload().path(), what.payload().name(),
                settings.company(), type, settings.sendMode(), doc.invoiceNumber());
        try {
            if (it.priorDoubt != null) {
                SendReceipt found = lookUp(transport, request);
                if (found != null) {
                    answered();
                    LOG.info("Account {}: {} had reached the network before (file {}); not sent again", settings.name(),
                            it.name(), found.fileId());
                    return Attempt.sent(new SendReceipt(found.reference(), found.fileId(), found.acceptedAt(), true));
                }
                Instant resendAt = it.priorDoubt.plus(settings.reconcileWindow());
                if (!it.mayUpload) {
                    return Attempt.later("the earlier upload's outcome is not known; it is looked for on the network "
                            + "and not sent again before " + resendAt, nextLook(doc, resendAt));
                }
                if (settings.holdUnresolved()) {
                    answered();
                    String name = uploadName(transport, request);
                    return Attempt.held("its upload's outcome is not known and it has not been found on the network "
                            + settings.reconcileWindow().toMinutes() + " minutes later; it is held, not sent again "
                            + "(reconcile.unresolved = hold), and still looked for. Look for file " + name + " in Pagero "
                            + "Online: if it is not there, set reconcile.unresolved = resend for account " + settings.name()
                            + " to send it again", nextLook(doc, null));
                }
                LOG.info("Account {}: {} was not found on the network {} after its upload's outcome became unknown; "
                        + "sending it again", settings.name(), it.name(), settings.reconcileWindow());
            }
            SendReceipt receipt = transport.send(request);
            answered();
            return Attempt.sent(receipt);
        } catch (TransportException e) {
            // counted at once, so that the uploads after it in the group wait when it pauses sending
            boolean paused = e.outcome() != TransportException.Outcome.FINAL && circuit.failed();
            return Attempt.failed(e, paused);
        } catch (RuntimeException | LinkageError e) {
            // the connection broke its contract (or is being replaced): the upload may have happened
            LOG.warn("Account {}: the connection failed unexpectedly on {}", settings.name(), it.name(), e);
            TransportException unknown = new TransportException(TransportException.Outcome.UNKNOWN, 0, null,
                    "the connection failed unexpectedly: " + e, e);
            return Attempt.failed(unknown, circuit.failed());
        }
    }

    /**
     * When to look for an earlier upload again: after a back-off, or when the window ends ({@code resendAt}), but never
     * sooner than the account's first back-off step (a look a few milliseconds later would tell nothing new).
     */
    private Instant nextLook(DocumentJournal.Doc doc, Instant resendAt) {
        Instant now = clock.instant();
        Instant next = now.plus(Backoff.of(doc.attempts(), settings, null));
        if (resendAt != null && resendAt.isBefore(next)) {
            next = resendAt;
        }
        Instant soonest = now.plus(settings.retryInitial());
        return next.isBefore(soonest) ? soonest : next;
    }

    private static String uploadName(Transport transport, SendRequest request) {
        try {
            return transport.uploadName(request);
        } catch (RuntimeException e) {
            return request.fileName();
        }
    }

    /**
     * Looks an upload up by its reference. The look-up failing says nothing about the document: even a refusal
     * (new credentials, say) only means it is looked for again later, never that the document was refused.
     */
    private static SendReceipt lookUp(Transport transport, SendRequest request) throws TransportException {
        try {
            return transport.lookup(request);
        } catch (TransportException e) {
            if (e.outcome() != TransportException.Outcome.FINAL) {
                throw e;
            }
            throw new TransportException(TransportException.Outcome.RETRY, e.httpStatus(), null,
                    "could not look it up on the network: " + e.getMessage(), e);
        }
    }

    /** The network answered an upload or a lookup for one: sending works, and the account is out of trouble. */
    private void answered() {
        health.networkAnswered();
        if (circuit.succeeded()) {
            notices.event(Event.Kind.CONNECTION_RESTORED, null, "Pagero Online can be reached again; sending resumed");
        }
    }
}
