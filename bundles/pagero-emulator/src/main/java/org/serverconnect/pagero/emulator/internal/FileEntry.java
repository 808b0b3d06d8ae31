package org.serverconnect.pagero.emulator.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * An uploaded file's processing, as the File API reports it. The file is processed in {@link #parts()} file parts,
 * named {@code fp-<fileId>-<n>}. While it is processed for the first time, every part is listed as
 * {@code Processing}; when it fails, its last part is listed with the status ({@code Error} or
 * {@code AwaitingInteraction}) and the reasons, the others are finished and no longer listed; a Restart processes the
 * file again through that last part. A processed or cancelled file lists no part. Guarded by the state's lock.
 */
final class FileEntry {
    static final String PROCESSING = "Processing";
    static final String ERROR = "Error";
    static final String AWAITING = "AwaitingInteraction";
    static final String PROCESSED = "Processed";
    static final String CANCELLED = "Cancelled";

    final Events.Uploaded upload;
    String status = PROCESSING;
    List<String> reasons = List.of();
    List<String> documentIds = List.of();
    boolean forceConsumed;
    boolean restarted;

    FileEntry(Events.Uploaded upload) {
        this.upload = upload;
    }

    String fileId() {
        return upload.fileId();
    }

    int parts() {
        return Math.max(1, upload.parts());
    }

    String partId(int n) {
        return "fp-" + fileId() + "-" + n;
    }

    String lastPart() {
        return partId(parts());
    }

    boolean stopped() {
        return status.equals(ERROR) || status.equals(AWAITING);
    }

    /** The parts the File API lists now, in order. */
    List<String> listedParts() {
        List<String> out = new ArrayList<>();
        if (status.equals(PROCESSING) && !restarted) {
            for (int n = 1; n <= parts(); n++) {
                out.add(partId(n));
            }
        } else if (status.equals(PROCESSING) || stopped()) {
            out.add(lastPart());
        }
        return out;
    }

    /** The file id of a part id made by {@link #partId}, or null when it is not one. */
    static String fileIdOfPart(String partId) {
        int dash = partId.lastIndexOf('-');
        if (!partId.startsWith("fp-") || dash <= 3 || dash == partId.length() - 1) {
            return null;
        }
        return partId.substring(3, dash);
    }

    /** The number of a part id, or -1. */
    static int numberOfPart(String partId) {
        try {
            return Integer.parseInt(partId.substring(partId.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
