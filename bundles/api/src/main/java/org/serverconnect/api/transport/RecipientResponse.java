package org.serverconnect.api.transport;

import java.time.Instant;
import java.util.Objects;

/**
 * A recipient's business response to a document we sent.
 *
 * @param responseId     the network's id of the response document
 * @param documentNumber the number of the document responded to (our invoice number)
 * @param verdict        accepted or rejected
 * @param reason         the recipient's reason, in its words, or {@code null}
 * @param receivedAt     when the network received the response
 */
public record RecipientResponse(String responseId, String documentNumber, Verdict verdict, String reason,
        Instant receivedAt) {
    public RecipientResponse {
        Objects.requireNonNull(responseId, "responseId");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** What the recipient decided. */
    public enum Verdict {
        ACCEPTED, REJECTED
    }
}
