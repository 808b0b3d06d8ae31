package org.serverconnect.engine.internal;

import java.io.IOException;

import org.serverconnect.api.document.Disposition;
import org.serverconnect.api.format.FormatException;
import org.serverconnect.engine.internal.Outgoing.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage after the journal knows a claimed file: works out what is to become of it from its journal state.
 * A file seen for the first time is converted (CSV) and checked; one already being sent (a retry, or an upload
 * under way when the runtime stopped) is sent again as it was, with the document type recorded for it; one whose
 * outcome is recorded only needs its move. Reads files, writes nothing.
 */
final class Preparation {
    private static final Logger LOG = LoggerFactory.getLogger(Preparation.class);

    private final String account;
    private final Payloads payloads;
    private final Checker checker;
    private final Disposition sent;

    Preparation(String account, Payloads payloads, Checker checker, Disposition sent) {
        this.account = account;
        this.payloads = payloads;
        this.checker = checker;
        this.sent = sent;
    }

    Verdict prepare(Outgoing it) throws IOException {
        DocumentJournal.Doc doc = it.doc;
        return switch (doc.state()) {
        case CLAIMED -> firstLook(it);
        case SENDING -> {
            Payloads.Payload payload;
            try {
                payload = payloads.of(it.file, doc.id());
            } catch (FormatException e) {
                // it converted before the interruption, and conversion is a pure function of the file
                throw new IOException("converting " + it.name() + " again failed: " + e.getMessage(), e);
            }
            yield payload == null ? new Verdict.Wait(Payloads.NO_CONVERTER)
                    : new Verdict.Upload(payload, doc.documentType(), null);
        }
        case REJECTED, FAILED -> new Verdict.Move(Disposition.ERROR, doc.reason());
        case RELEASED, RECEIVED, ACKNOWLEDGED -> {
            LOG.warn("Account {}: {} in the work folder has journal state {}; left alone", account, it.file.path(),
                    doc.state());
            yield new Verdict.Wait(null);
        }
        default -> new Verdict.Move(sent, null);        // sent already; only the move was missing
        };
    }

    private Verdict firstLook(Outgoing it) throws IOException {
        Payloads.Payload payload;
        try {
            payload = payloads.of(it.file, it.doc.id());
        } catch (FormatException e) {
            return new Verdict.Refuse(e.getMessage(), null);
        }
        if (payload == null) {
            return new Verdict.Wait(Payloads.NO_CONVERTER);
        }
        Checker.Checked checked = checker.check(payload.path());
        if (checked.unavailable() != null) {
            return new Verdict.Wait(checked.unavailable());
        }
        if (!checked.problems().isEmpty()) {
            return new Verdict.Refuse(String.join("; ", checked.problems()), checked);
        }
        return new Verdict.Upload(payload, checked.documentType(), checked);
    }
}
