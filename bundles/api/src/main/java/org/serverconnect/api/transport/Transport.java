package org.serverconnect.api.transport;

import java.io.InputStream;
import java.util.Collection;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One configured connection to an e-invoicing network (a "connection"), registered once per configuration with the
 * service properties {@link org.serverconnect.api.Names#NAME} and {@link TransportType#KEY}.
 *
 * <p><b>Threads:</b> every method may be called concurrently from the runs of several accounts sharing the
 * connection, and blocks for at most the connection's configured timeouts (connect plus read, per network call).
 * Implementations hold no lock across a network call.
 *
 * <p><b>Failures:</b> every method reports failure with a {@link TransportException} whose
 * {@link TransportException#outcome() outcome} says what the caller does next: {@code RETRY} (nothing happened on
 * the network, try again later, after {@link TransportException#retryAfter()} if given), {@code FINAL} (the network
 * refused; trying again will not help), or {@code UNKNOWN} (a send may or may not have arrived: the caller looks the
 * request up with {@link #lookup} before it sends again). Any other exception thrown by an implementation is
 * treated as {@code UNKNOWN}.
 */
@ConsumerType
public interface Transport {

    /**
     * Sends one document: one upload, nothing more. The content is streamed from disk, never held whole in memory.
     *
     * <p><b>Never twice</b> is the caller's: the request's {@link SendRequest#reference() reference} is unique per
     * document and kept by the caller across crashes; after an {@code UNKNOWN} outcome the caller asks
     * {@link #lookup} with the same request before it calls {@code send} again. An implementation keeps no memory of
     * earlier attempts.
     *
     * @param request what to send, for whom, and the unique reference
     * @return the network's receipt
     * @throws TransportException with the outcome described above
     */
    SendReceipt send(SendRequest request) throws TransportException;

    /**
     * Looks an earlier {@link #send} of the same request up on the network without sending anything: used for a
     * document whose upload may have arrived (an {@code UNKNOWN} outcome, or an upload under way when the runtime
     * stopped). An implementation relies only on what the network documents; where the network may take a while to
     * show an upload, or never shows one it refused, {@code null} says only "not found yet".
     *
     * @param request the request of the earlier {@link #send} (its reference, and its document number when known)
     * @return the receipt if the network shows the upload, otherwise {@code null}
     * @throws TransportException if the network could not be asked ({@code RETRY} or {@code FINAL})
     */
    SendReceipt lookup(SendRequest request) throws TransportException;

    /**
     * The file name the network shows for an upload of this request, so that a person can find it in the
     * network's own screens. The same request always gets the same name.
     *
     * @param request a request
     * @return the name it is uploaded under
     */
    default String uploadName(SendRequest request) {
        return request.fileName();
    }

    /**
     * Asks how the network is processing a sent file.
     *
     * @param receipt the receipt of a {@link #send}
     * @return the current status
     * @throws TransportException if the network could not be asked
     */
    ProcessingStatus status(SendReceipt receipt) throws TransportException;

    /**
     * Acts on a sent file whose processing stopped ({@link ProcessingStatus.State#ERROR} or
     * {@link ProcessingStatus.State#AWAITING_INTERACTION}): {@code RESTART} processes it again (after the cause was
     * fixed in the network's portal), {@code CANCEL} gives it up.
     *
     * @param receipt the receipt of a {@link #send}
     * @param action  what to do
     * @throws TransportException {@code FINAL} when the file is not in a state that allows it
     */
    void act(SendReceipt receipt, Action action) throws TransportException;

    /** What can be done to a sent file whose processing stopped. */
    enum Action {
        RESTART, CANCEL
    }

    /**
     * Lists received documents, one page of the network's list at a time, leaving out those already acknowledged.
     * The caller pages on from {@link IncomingPage#next()} until {@link IncomingPage#hasMore()} is false (a page may
     * hold no document and still not be the last), and de-duplicates by id: the list moves while it is read.
     *
     * @param companyId     the company the documents were received for
     * @param documentTypes the network's document types to list (for example {@code Invoice})
     * @param offset        where in the network's list to start
     * @param limit         the page size (1 to 100)
     * @return one page
     * @throws TransportException if the network could not be asked
     */
    IncomingPage incoming(String companyId, List<String> documentTypes, int offset, int limit) throws TransportException;

    /**
     * Opens a received document's content.
     *
     * @param document a document from {@link #incoming}
     * @return the content; the caller reads and closes it (closing early releases the connection)
     * @throws TransportException if it could not be opened
     */
    InputStream open(IncomingDocument document) throws TransportException;

    /**
     * Tells the network that documents are stored safely, so they are not listed again. Called only after the
     * documents are durable on disk; acknowledging twice is harmless.
     *
     * @param documentIds the network's ids of the documents
     * @throws TransportException if the acknowledgement did not go through (the documents will be listed again and
     *                            the caller, which remembers them, acknowledges again)
     */
    void acknowledge(Collection<String> documentIds) throws TransportException;

    /**
     * The recipient's responses to one document a company sent that have not been acknowledged yet, with their
     * reasons. The caller records them and then {@link #acknowledge acknowledges} their
     * {@link RecipientResponse#responseId() ids}, so that each is read once.
     *
     * @param companyId      the sending company
     * @param documentNumber the sent document's number (the invoice number)
     * @return the responses, oldest first (none: an empty list)
     * @throws TransportException if the network could not be asked
     */
    List<RecipientResponse> responses(String companyId, String documentNumber) throws TransportException;

    /**
     * Checks the connection end to end (name lookup, TLS, credentials, company) without sending anything.
     *
     * @return what works and, if something does not, what to do about it in plain words; never throws
     */
    ConnectionCheck check();
}
