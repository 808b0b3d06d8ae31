package org.serverconnect.api.transport;

import java.util.List;
import java.util.Objects;

/**
 * How the network is processing a sent file.
 *
 * @param fileId      the network's file id
 * @param state       where processing stands
 * @param documentIds the ids of the documents the file became ({@link State#PROCESSED})
 * @param reasons     the network's reasons, in its words ({@link State#ERROR}, {@link State#AWAITING_INTERACTION})
 */
public record ProcessingStatus(String fileId, State state, List<String> documentIds, List<String> reasons) {
    public ProcessingStatus {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(state, "state");
        documentIds = List.copyOf(documentIds);
        reasons = List.copyOf(reasons);
    }

    /** Processing states of a sent file. */
    public enum State {
        /** Still being processed; ask again later. */
        PROCESSING,
        /** Processed: the file became one or more documents on their way to the recipient. */
        PROCESSED,
        /** Processing failed for good; see the reasons. */
        ERROR,
        /** Processing stopped until someone acts in the network's portal; see the reasons. */
        AWAITING_INTERACTION,
        /** The file was cancelled on the network. */
        CANCELLED
    }
}
