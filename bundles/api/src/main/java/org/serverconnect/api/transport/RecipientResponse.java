package org.serverconnect.api.transport;

import java.time.Instant;
import java.util.Objects;

/**
 * A recipient's business response to a document we sent (an application response on the network).
 *
 * @param responseId     the network's id of the response document (acknowledge it once recorded)
 * @param documentNumber the number of the document responded to (our invoice number)
 * @param status         what the recipient says: one of the {@link Progress.Step#business() business} steps
 * @param reason         the recipient's reason, in its words, or {@code null}
 * @param receivedAt     when the network received the response
 */
public record RecipientResponse(String responseId, String documentNumber, Progress.Step status, String reason,
        Instant receivedAt) {
    public RecipientResponse {
        Objects.requireNonNull(responseId, "responseId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (!status.business()) {
            throw new IllegalArgumentException("a response says a business status, not " + status);
        }
    }
}
