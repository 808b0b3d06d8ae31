package org.serverconnect.engine.internal;

import java.nio.file.Path;
import java.time.Instant;

import org.serverconnect.api.document.ClaimedFile;
import org.serverconnect.api.document.Disposition;
import org.serverconnect.api.transport.SendReceipt;
import org.serverconnect.api.transport.TransportException;

/**
 * One claimed file on its way through a send group: each stage reads what the one before it left and adds its own
 * result. Only the group's stages touch it, one stage at a time.
 */
final class Outgoing {
    final ClaimedFile file;
    /** The journal's record; {@code null} until a file seen for the first time is recorded. */
    DocumentJournal.Doc doc;
    /** What is to become of it, as {@link Preparation} found. */
    Verdict verdict;
    /** Since when an earlier upload of it may have arrived, before this round ({@code null}: none can have). */
    Instant priorDoubt;
    /** Whether this round may upload it (after a look-up first when {@link #priorDoubt} is set). */
    boolean mayUpload;
    /** What its upload came to; {@code null} when it did not begin (sending stopped or paused first). */
    Attempt attempt;
    /** Where it goes once the journal says why; {@code null}: it stays in the work folder. */
    Disposition to;
    String why;
    /** Where it landed, once moved. */
    Path landed;
    boolean moved;

    Outgoing(ClaimedFile file, DocumentJournal.Doc doc) {
        this.file = file;
        this.doc = doc;
    }

    String name() {
        return file.originalName();
    }

    void moveTo(Disposition disposition, String reason) {
        to = disposition;
        why = reason;
    }

    /** What is to become of a claimed file, worked out without the journal. */
    sealed interface Verdict {
        /** Upload {@code payload}; {@code checked} is {@code null} when it was checked in an earlier round. */
        record Upload(Payloads.Payload payload, String documentType, Checker.Checked checked) implements Verdict {
        }

        /** Not sent: refused by the check or the conversion. */
        record Refuse(String why, Checker.Checked checked) implements Verdict {
        }

        /** Its outcome is known already (before an interruption); only the move is missing. */
        record Move(Disposition to, String why) implements Verdict {
        }

        /** It cannot go on now and stays claimed; {@code problem} says why ({@code null}: nothing to tell). */
        record Wait(String problem) implements Verdict {
        }
    }

    /**
     * What one upload came to: a receipt, a failure (and whether it paused sending), or a later look on the network
     * for an earlier upload whose outcome is not known (held: not to be uploaded again without a person).
     */
    record Attempt(SendReceipt receipt, TransportException failure, boolean paused, String deferred, Instant next,
            boolean held) {
        static Attempt sent(SendReceipt receipt) {
            return new Attempt(receipt, null, false, null, null, false);
        }

        static Attempt failed(TransportException e, boolean paused) {
            return new Attempt(null, e, paused, null, null, false);
        }

        static Attempt later(String why, Instant next) {
            return new Attempt(null, null, false, why, next, false);
        }

        /** Not found on the network when the window ended, and held rather than uploaded again: a person decides. */
        static Attempt held(String why, Instant next) {
            return new Attempt(null, null, false, why, next, true);
        }
    }
}
