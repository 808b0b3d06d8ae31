package org.serverconnect.api.transport;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One document to send.
 *
 * @param reference    the caller's unique reference for this document (kept across crashes; the network stores it
 *                     as the sender reference, so a send with an unknown outcome can be reconciled)
 * @param content      the file to send, read by the transport as a stream (possibly more than once, for a retry)
 * @param fileName     the file's own name (the transport makes from it the name the network shows, see
 *                     {@link Transport#uploadName})
 * @param companyId    the sending company's id on the network
 * @param documentType the network's document type (for example {@code Invoice}), or {@code null} for the
 *                     connection's default
 * @param sendMode     {@code Production}, {@code Test} or {@code Certification}, or {@code null} for the connection's
 *                     default
 * @param documentNumber the document's own number (the invoice number), or {@code null} when not known: it helps a
 *                     person find the upload on the network, and a look-up tell it from another document
 */
public record SendRequest(String reference, Path content, String fileName, String companyId, String documentType,
        String sendMode, String documentNumber) {
    public SendRequest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(companyId, "companyId");
    }
}
