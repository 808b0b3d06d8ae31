package org.serverconnect.engine.internal;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.serverconnect.api.journal.DocumentState;

/**
 * What the engine remembers about every document, in the words of the life of a file: each step has its own
 * method ({@link #sending}, {@link #sent}, {@link #failed}, …). Every write is durable when it returns (or, inside
 * {@link #batch}, when the batch returns), and the engine acts on a step only after it is recorded. The engine uses
 * nothing else of its journal, so an implementation on another database keeps the same promises behind the same
 * methods; the embedded one is {@link JournalDatabase} (SQLite).
 */
interface DocumentJournal {

    /** One outgoing or incoming document as the engine needs it. */
    record Doc(long id, String account, boolean outgoing, String fileName, String workName, DocumentState state,
            String sha256, long size, String invoiceNumber, String sender, String receiver, String reference,
            String networkId, String location, String reason, int attempts, Instant nextAttempt, Instant created,
            Instant updated, Instant doubtSince, String documentType) {

        /** @return whether an upload of it may have reached the network without an answer saying so */
        boolean inDoubt() {
            return doubtSince != null;
        }
    }

    /** What a format adapter said a document is; {@code documentType} is the network's name for its kind. */
    record Description(String invoiceNumber, String seller, String receiver, String format, String documentType) {
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs several writes as one transaction, so they reach the disk together (one sync for a group of files).
     * Writes inside join it; a failure rolls all of them back.
     */
    <T> T batch(Work<T> work) throws SQLException;

    /** Where the journal keeps its own files (the engine's converted CSV payloads live beside it). */
    Path file();

    // ------------------------------------------------------------------------------------------------ sending

    /** A file was just claimed from an outbox: {@code CLAIMED}, with a unique send reference. */
    Doc claimed(String account, String fileName, String workName, String sha256, long size) throws SQLException;

    /** What the format adapter found; no change of state. */
    void described(long id, Description description) throws SQLException;

    /** The file is not sent: {@code REJECTED} with the reason. */
    void rejected(long id, String why) throws SQLException;

    /** The upload is about to start: {@code SENDING}, recorded before a byte leaves. @return the document now */
    Doc sending(long id) throws SQLException;

    /** The network took it: {@code SENT} with its file id; no doubt is left. */
    void sent(long id, String fileId, boolean foundByReference) throws SQLException;

    /** The network refused it or sending gave up: {@code FAILED}. */
    void failed(long id, String why) throws SQLException;

    /**
     * An attempt failed in a way worth trying again: the document keeps its state and waits until {@code next}, in
     * doubt since {@code doubtSince} ({@code null}: nothing of it can have reached the network).
     */
    void retryLater(long id, String why, Instant next, Instant doubtSince) throws SQLException;

    /**
     * Since when an upload of the document may have reached the network without an answer saying so ({@code null}:
     * none can have). Recorded before every upload begins, so a document whose upload was under way when the runtime
     * stopped is in doubt when it starts again.
     */
    void doubt(long id, Instant since) throws SQLException;

    /** Put back into the outbox (account removed, or found outside the work folder after a restart). */
    void released(long id, String why, String location) throws SQLException;

    /** Where a file went when it left the work folder; no change of state. */
    void settled(long id, String location) throws SQLException;

    // ------------------------------------------------------------------------------------------------ following

    /** The network processed it: {@code PROCESSED} (on its way to the recipient). */
    void processed(long id) throws SQLException;

    /** The network says the recipient has it: {@code DELIVERED}, with how (fetched, delivered) as the reason. */
    void delivered(long id, String how) throws SQLException;

    /**
     * Marks that something was told or done about a document once (an alert, a step the network reported), with a
     * note in its history. @return whether the mark is new (and is now made); {@code false}: it was made before
     */
    boolean mark(long id, String mark, String note) throws SQLException;

    /** The follow-up asked the network about it now: others go first next time. */
    void followed(long id) throws SQLException;

    /**
     * Outgoing documents of an account in one of {@code states}, taken from the outbox since {@code since}; those
     * the follow-up asked about longest ago (or never) first.
     */
    List<Doc> toFollow(String account, List<DocumentState> states, Instant since, int limit) throws SQLException;

    /** The recipient answered: {@code ACCEPTED} or {@code REJECTED_BY_RECIPIENT}. */
    void answered(long id, boolean accepted, String reason) throws SQLException;

    /** @return whether the response was new (and is now marked seen) */
    boolean firstSight(String account, String responseId) throws SQLException;

    // ------------------------------------------------------------------------------------------------ receiving

    /** Before an incoming document is written: the name it will get, so a crash in between is recognised. */
    void receiving(String account, String networkId, String name) throws SQLException;

    /** @return the name an interrupted write of this document was going to have, or {@code null} */
    String receivingName(String account, String networkId) throws SQLException;

    /** A document is stored in the inbox: {@code RECEIVED}. */
    Doc received(String account, String fileName, String networkId, String invoiceNumber, String sender, String sha256,
            long size, String location) throws SQLException;

    /** The network was told it is stored: {@code ACKNOWLEDGED}. */
    void acknowledged(long id) throws SQLException;

    // ------------------------------------------------------------------------------------------------ reads

    Doc document(long id) throws SQLException;

    /** The outgoing document that owns a file in the work folder, or {@code null}. */
    Doc byWorkName(String account, String workName) throws SQLException;

    /** Documents of an account the journal places in the work folder. */
    List<Doc> inWork(String account) throws SQLException;

    /** The incoming document with the network's id, or {@code null}. */
    Doc incoming(String account, String networkId) throws SQLException;

    /** Documents of an account in one of {@code states}, oldest first. */
    List<Doc> inStates(String account, List<DocumentState> states, int limit) throws SQLException;

    /** The newest outgoing document of an account with this invoice number in one of {@code states}, or {@code null}. */
    Doc outgoingByNumber(String account, String invoiceNumber, List<DocumentState> states) throws SQLException;

    Map<DocumentState, Long> counts(String account) throws SQLException;

    /** How many claimed documents of an account wait for a retry. */
    int waitingForRetry(String account) throws SQLException;

    /** Why the document that last went to wait for a retry was not sent, or {@code null}. */
    String lastRetryReason(String account) throws SQLException;
}
