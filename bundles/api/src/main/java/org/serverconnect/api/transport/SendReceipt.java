package org.serverconnect.api.transport;

import java.time.Instant;
import java.util.Objects;

/**
 * The network's answer to a send.
 *
 * @param reference  the caller's reference
 * @param fileId     the network's id for the uploaded file
 * @param acceptedAt when the network took the file
 * @param reconciled {@code true} when the file was found on the network by its reference (an earlier attempt did
 *                   arrive) rather than uploaded by this call
 */
public record SendReceipt(String reference, String fileId, Instant acceptedAt, boolean reconciled) {
    public SendReceipt {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }
}
