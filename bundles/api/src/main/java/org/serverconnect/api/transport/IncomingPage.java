package org.serverconnect.api.transport;

import java.util.List;

/**
 * One page of received documents.
 *
 * @param documents the documents on this page
 * @param offset    how many were skipped
 * @param total     how many there are in all (at the time of the call)
 */
public record IncomingPage(List<IncomingDocument> documents, int offset, int total) {
    public IncomingPage {
        documents = List.copyOf(documents);
    }

    /** @return {@code true} when pages follow this one */
    public boolean hasMore() {
        return offset + documents.size() < total;
    }
}
