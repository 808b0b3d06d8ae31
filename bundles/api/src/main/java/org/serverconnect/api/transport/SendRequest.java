package org.serverconnect.api.transport;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One document to send.
 *
 * @param reference    the caller's unique reference for this document (kept across crashes; the network stores it
 *                     as the sender reference, so a send with an unknown outcome can be reconciled)
 * @param content      the file to send, read by the transport as a stream (possibly more than once, for a retry)
 * @param fileName     the name the network shows for the file
 * @param companyId    the sending company's id on the network
 * @param documentType the network's document type (for example {@code Invoice}), or {@code null} for the
 *                     connection's default
 * @param sendMode     {@code Production}, {@code Test} or {@code Certification}, or {@code null} for the connection's
 *                     default
 */
public record SendRequest(String reference, Path content, String fileName, String companyId, String documentType,
        String sendMode) {
    public SendRequest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(companyId, "companyId");
    }
}
