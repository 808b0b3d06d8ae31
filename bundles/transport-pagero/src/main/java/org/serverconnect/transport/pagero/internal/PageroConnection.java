package org.serverconnect.transport.pagero.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Collection;
import java.util.List;

import org.serverconnect.api.transport.ConnectionCheck;
import org.serverconnect.api.transport.IncomingDocument;
import org.serverconnect.api.transport.IncomingPage;
import org.serverconnect.api.transport.ProcessingStatus;
import org.serverconnect.api.transport.RecipientResponse;
import org.serverconnect.api.transport.SendReceipt;
import org.serverconnect.api.transport.SendRequest;
import org.serverconnect.api.transport.Transport;
import org.serverconnect.api.transport.TransportException;

/**
 * One connection to Pagero Online (plain Java; the DS component is a thin shell around it): each group of calls
 * has its own class, over one {@link ApiCalls} (the HTTP client and the tokens).
 *
 * <p><b>Never twice:</b> Pagero documents no idempotency key. {@link #send} is a plain upload that says whether its
 * outcome is unknown (no answer, a broken connection, a 5xx after the body was sent: {@code UNKNOWN}); the caller,
 * which keeps the reference across restarts, looks such an upload up with {@link #lookup} before it uploads again.
 */
final class PageroConnection implements Transport, AutoCloseable {
    private final ApiCalls api;
    private final Sending sending;
    private final Processing processing;
    private final Receiving receiving;
    private final Responses responses;
    private final Checks checks;

    PageroConnection(PageroSettings settings) throws IOException {
        this(settings, Clock.systemUTC());
    }

    PageroConnection(PageroSettings settings, Clock clock) throws IOException {
        this.api = new ApiCalls(settings, new PageroHttp(settings), clock);
        this.sending = new Sending(api);
        this.processing = new Processing(api);
        this.receiving = new Receiving(api);
        this.responses = new Responses(api, receiving);
        this.checks = new Checks(api);
    }

    PageroSettings settings() {
        return api.settings;
    }

    /** The refresh token the connection holds now, or {@code null} (for tests of its revocation). */
    String refreshToken() {
        return api.tokens.refreshToken();
    }

    @Override
    public SendReceipt send(SendRequest request) throws TransportException {
        return sending.send(request);
    }

    @Override
    public SendReceipt lookup(SendRequest request) throws TransportException {
        return sending.lookup(request);
    }

    @Override
    public String uploadName(SendRequest request) {
        return UploadNames.of(request);
    }

    @Override
    public ProcessingStatus status(SendReceipt receipt) throws TransportException {
        return processing.status(receipt);
    }

    @Override
    public void act(SendReceipt receipt, Action action) throws TransportException {
        processing.act(receipt, action);
    }

    @Override
    public IncomingPage incoming(String companyId, List<String> documentTypes, int offset, int limit)
            throws TransportException {
        return receiving.incoming(companyId, documentTypes, offset, limit);
    }

    @Override
    public InputStream open(IncomingDocument document) throws TransportException {
        return receiving.open(document);
    }

    @Override
    public void acknowledge(Collection<String> documentIds) throws TransportException {
        receiving.acknowledge(documentIds);
    }

    @Override
    public List<RecipientResponse> responses(String companyId, String documentNumber) throws TransportException {
        return responses.responses(companyId, documentNumber);
    }

    @Override
    public ConnectionCheck check() {
        return checks.check();
    }

    /** Revokes the refresh token (a stopped connection leaves none valid behind) and closes the HTTP client. */
    @Override
    public void close() {
        revokeAndClose();
    }

    /** @return whether the refresh token was revoked (or there was none) */
    boolean revokeAndClose() {
        try {
            return api.tokens.revoke();
        } finally {
            api.http.close();
        }
    }

    @Override
    public String toString() {
        return "PageroConnection[" + api.settings + "]";
    }
}
