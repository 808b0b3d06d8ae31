package org.serverconnect.api.notify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.serverconnect.api.journal.DocumentState;

/**
 * What one run of one account did.
 *
 * @param account   the account's name
 * @param kind      the kind of run
 * @param started   when the run started
 * @param finished  when it ended
 * @param documents one line per document the run touched, in the order handled
 * @param problem   a problem that stopped or limited the whole run (connection lost, ...), or {@code null}
 */
public record RunReport(String account, RunKind kind, Instant started, Instant finished,
        List<DocumentOutcome> documents, String problem) {
    public RunReport {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        documents = List.copyOf(documents);
    }

    /**
     * @param state a state
     * @return how many documents of this run ended in {@code state}
     */
    public long count(DocumentState state) {
        return documents.stream().filter(d -> d.state() == state).count();
    }

    /** @return {@code true} when the run had a problem or any document ended in a problem state */
    public boolean hasProblems() {
        return problem != null || documents.stream().anyMatch(d -> d.state().problem());
    }

    /** @return {@code true} when the run touched any document */
    public boolean hasActivity() {
        return !documents.isEmpty() || problem != null;
    }

    /**
     * What became of one document in a run.
     *
     * @param fileName      the file's name
     * @param invoiceNumber the document's number, or {@code null} when not known
     * @param counterparty  the receiver (for sent documents) or sender (for received ones), or {@code null}
     * @param state         the state it reached
     * @param reason        why, for problem states; otherwise {@code null}
     */
    public record DocumentOutcome(String fileName, String invoiceNumber, String counterparty, DocumentState state,
            String reason) {
        public DocumentOutcome {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(state, "state");
        }
    }
}
