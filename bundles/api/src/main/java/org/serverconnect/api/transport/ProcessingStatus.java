package org.serverconnect.api.transport;

import java.util.List;
import java.util.Objects;

/**
 * How the network is processing a sent file, and what became of it since.
 *
 * @param fileId      the network's file id
 * @param state       where processing stands
 * @param documentIds the ids of the documents the file became ({@link State#PROCESSED})
 * @param reasons     the network's reasons, in its words ({@link State#ERROR}, {@link State#AWAITING_INTERACTION})
 * @param progress    what the network reports of the documents since they were processed (delivery, the
 *                    recipient's business status), oldest first; empty when it reports nothing
 */
public record ProcessingStatus(String fileId, State state, List<String> documentIds, List<String> reasons,
        List<Progress> progress) {
    public ProcessingStatus {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(state, "state");
        documentIds = List.copyOf(documentIds);
        reasons = List.copyOf(reasons);
        progress = List.copyOf(progress);
    }

    /** A status without progress. */
    public ProcessingStatus(String fileId, State state, List<String> documentIds, List<String> reasons) {
        this(fileId, state, documentIds, reasons, List.of());
    }

    /** Processing states of a sent file. */
    public enum State {
        /**
         * Still being processed, or no trace of it yet (processing on a network is not atomic: a file's parts may be
         * done before its documents appear); ask again later.
         */
        PROCESSING,
        /** Processed: the file became one or more documents on their way to the recipient. */
        PROCESSED,
        /** Processing failed for good; see the reasons. */
        ERROR,
        /** Processing stopped until someone acts in the network's portal (or through {@link Transport#act}). */
        AWAITING_INTERACTION,
        /** The file was cancelled on the network. */
        CANCELLED
    }
}
