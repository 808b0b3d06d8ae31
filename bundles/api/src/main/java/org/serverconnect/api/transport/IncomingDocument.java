package org.serverconnect.api.transport;

import java.time.Instant;
import java.util.Objects;

/**
 * A document received on the network and waiting to be fetched. Every text comes from the network: none of it is
 * used as a file name without validation.
 *
 * @param id             the network's document id (unique; the key for de-duplication)
 * @param companyId      the receiving company
 * @param documentType   the network's document type (for example {@code Invoice})
 * @param documentNumber the document's own number (for example the invoice number), or {@code null}
 * @param senderName     the sending party's name, or {@code null}
 * @param createdAt      when the network received it
 */
public record IncomingDocument(String id, String companyId, String documentType, String documentNumber,
        String senderName, Instant createdAt) {
    public IncomingDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
