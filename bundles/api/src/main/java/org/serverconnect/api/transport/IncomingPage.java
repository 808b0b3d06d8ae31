package org.serverconnect.api.transport;

import java.util.List;

/**
 * One page of the network's list of received documents.
 *
 * @param documents the documents on this page that are not acknowledged yet
 * @param offset    where in the network's list the page starts
 * @param listed    how many entries of the network's list the page covers (at least {@code documents.size()}: the
 *                  network may list acknowledged documents too, which are left out of {@code documents})
 * @param total     how many entries the network's list has in all (at the time of the call)
 */
public record IncomingPage(List<IncomingDocument> documents, int offset, int listed, int total) {
    public IncomingPage {
        documents = List.copyOf(documents);
        if (listed < documents.size()) {
            throw new IllegalArgumentException("a page lists at least its documents");
        }
    }

    /** A page that lists exactly its documents. */
    public IncomingPage(List<IncomingDocument> documents, int offset, int total) {
        this(documents, offset, documents.size(), total);
    }

    /** @return where the next page starts */
    public int next() {
        return offset + listed;
    }

    /** @return {@code true} when pages follow this one */
    public boolean hasMore() {
        return listed > 0 && next() < total;
    }
}
