package org.serverconnect.api.journal;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The journal's read side: what happened to which document. Implemented by the engine only.
 *
 * <p><b>Threads:</b> safe to call from any thread (console requests, shell commands); each call is one short
 * database read and never waits for a run.
 */
@ProviderType
public interface Journal {

    /**
     * The history of every document matching a search, oldest entry first.
     *
     * @param by    what {@code value} is
     * @param value a file name, invoice number, network id or reference (exact match)
     * @param limit the most entries to return
     * @return matching entries
     */
    List<JournalEntry> history(Lookup by, String value, int limit);

    /**
     * How many documents of an account are in each state now.
     *
     * @param account the account's name
     * @return counts for the states that have at least one document
     */
    Map<DocumentState, Long> counts(String account);

    /**
     * The latest entry of each document of an account that is now in {@code state}, newest first.
     *
     * @param account the account's name
     * @param state   the state
     * @param limit   the most documents to return
     * @return matching documents
     */
    List<JournalEntry> inState(String account, DocumentState state, int limit);

    /**
     * How many documents of an account reached each state since a moment (for "sent today").
     *
     * @param account the account's name
     * @param since   the moment
     * @return per state, the number of documents that entered it at or after {@code since}
     */
    Map<DocumentState, Long> reached(String account, java.time.Instant since);

    /**
     * The latest entry of each document, of every account, now in {@code state}, newest first.
     *
     * @param state the state
     * @param limit the most documents to return
     * @return matching documents
     */
    List<JournalEntry> inState(DocumentState state, int limit);

    /**
     * The history of the documents a key names, whatever kind of key it is: tried as a file name, then an invoice
     * number, a network id and a reference; the first kind that finds something wins (what a search box does).
     *
     * @param key   a file name, invoice number, network id or reference
     * @param limit the most entries to return
     * @return matching entries, oldest first; empty when the key names nothing
     */
    default List<JournalEntry> find(String key, int limit) {
        for (Lookup by : Lookup.values()) {
            List<JournalEntry> found = history(by, key, limit);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    /** What a history search looks at, in the order {@link #find} tries them. */
    enum Lookup {
        FILE_NAME, INVOICE_NUMBER, NETWORK_ID, REFERENCE
    }
}
