package org.serverconnect.api.document;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One account's open inbox.
 *
 * <p><b>Threads:</b> called from the account's receive run, one document at a time; {@link #close} may come from
 * another thread after runs have stopped.
 */
@ConsumerType
public interface Inbox extends AutoCloseable {

    /**
     * Writes one document atomically: its content goes to a temporary, hidden file in the inbox, is flushed to disk,
     * then renamed to its final name, so the accounting system never sees half a file. The final name is derived
     * from {@code suggestedName} after validation (never a path, never outside the inbox, never overwriting an
     * existing file).
     *
     * @param suggestedName a name proposed by the caller (from validated document fields, never used unchecked)
     * @param content       the document; the inbox reads it to the end but does not close it (the caller does)
     * @return where the document landed, inside the inbox
     * @throws IOException if it could not be stored (disk full, ...); nothing is left behind, worth retrying later
     */
    Path store(String suggestedName, InputStream content) throws IOException;

    /** Releases resources; files stay. */
    @Override
    void close();
}
