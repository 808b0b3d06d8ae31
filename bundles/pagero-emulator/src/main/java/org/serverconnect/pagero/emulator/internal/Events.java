package org.serverconnect.pagero.emulator.internal;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Everything that changes the emulator's state is an event: applied in memory and appended to
 * {@code <data>/state.jsonl}, which is replayed at start, so the state survives a restart.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Events.TokenIssued.class, name = "token"),
        @JsonSubTypes.Type(value = Events.Revoked.class, name = "revoke"),
        @JsonSubTypes.Type(value = Events.Uploaded.class, name = "upload"),
        @JsonSubTypes.Type(value = Events.Processed.class, name = "processed"),
        @JsonSubTypes.Type(value = Events.PartAction.class, name = "action"),
        @JsonSubTypes.Type(value = Events.DocumentAdded.class, name = "document"),
        @JsonSubTypes.Type(value = Events.Downloaded.class, name = "download"),
        @JsonSubTypes.Type(value = Events.Fetched.class, name = "fetch"),
        @JsonSubTypes.Type(value = Events.StatusAdded.class, name = "status") })
sealed interface Events {

    /** A token pair was issued; {@code rotatedFrom} is the refresh token it replaced (now used up), or null. */
    record TokenIssued(String access, String refresh, String user, String client, long expiresAt, String rotatedFrom)
            implements Events {
    }

    /** A token was revoked (and with a refresh token, the access tokens issued with it). */
    record Revoked(String token) implements Events {
    }

    /**
     * A file was uploaded. {@code forced} and {@code forcedReason} come from {@code PUT /emulator/outcomes};
     * {@code parts} is the number of file parts it is processed in (0, in a journal written before there were
     * several, means 1).
     */
    record Uploaded(String fileId, String companyId, String user, String senderReference, String documentType,
            String sendMode, String fileName, String sha256, long size, long time, String forced,
            String forcedReason, int parts) implements Events {
    }

    /** Processing of a file ended: {@code Processed}, {@code Error} or {@code AwaitingInteraction}. */
    record Processed(String fileId, String status, List<String> reasons, List<Doc> documents) implements Events {
    }

    /** {@code Restart} or {@code Cancel} on a file's part. */
    record PartAction(String fileId, String action) implements Events {
    }

    /** A document appeared outside file processing (control API: incoming document, recipient response). */
    record DocumentAdded(Doc document) implements Events {
    }

    /** A document's target document was answered with 200 for the first time. */
    record Downloaded(String id) implements Events {
    }

    /** Documents were marked as fetched. */
    record Fetched(List<String> ids) implements Events {
    }

    /** A delivery or business status was added to a document's {@code eventDetails}. */
    record StatusAdded(String documentId, Status status) implements Events {
    }

    /**
     * One entry of a document's {@code eventDetails}.
     *
     * @param eventType   {@code Delivery} or {@code Business}
     * @param status      a word of {@link DocumentStatuses}
     * @param createTime  when, in milliseconds since the epoch (emulator clock)
     * @param description free text, or null
     */
    record Status(String eventType, String status, long createTime, String description) {
    }

    /**
     * A document as the Document API lists it, owned by one company. {@code createTime} is when it becomes visible:
     * with a processing lag, later than the end of processing.
     *
     * @param content the file with its bytes, relative to the data folder
     * @param peerId  the other side of a routed document (the sender's for a received one and the other way round)
     */
    record Doc(String id, String fileId, String companyId, String direction, String documentType,
            String documentSubType, String documentIdentifier, String referenceDocumentIdentifier,
            String senderReference, String sendMode, long createTime, String sendingCompanyId,
            String receivingCompanyId, String senderName, String receiverName, String issueDate, String dueDate,
            String currency, String total, String content, String peerId) {
    }
}
