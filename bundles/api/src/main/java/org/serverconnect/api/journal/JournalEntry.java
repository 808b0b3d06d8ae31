package org.serverconnect.api.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * One state change of one document.
 *
 * @param time          when it happened
 * @param account       the account's name
 * @param documentId    the journal's id of the document (stable across its states)
 * @param fileName      the file's name in the outbox or inbox
 * @param state         the state entered
 * @param invoiceNumber the document's number, or {@code null} when not known (yet)
 * @param networkId     the network's file or document id, or {@code null}
 * @param reference     our unique send reference, or {@code null} for incoming documents
 * @param sha256        the content's SHA-256 in hex, or {@code null}
 * @param reason        why, in plain words, or {@code null}
 */
public record JournalEntry(Instant time, String account, long documentId, String fileName, DocumentState state,
        String invoiceNumber, String networkId, String reference, String sha256, String reason) {
    public JournalEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(state, "state");
    }
}
