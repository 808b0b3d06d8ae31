package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.serverconnect.pagero.emulator.internal.Events.Doc;

/**
 * A recipient answers an invoice it received ({@code POST /emulator/documents/{id}/respond}): an
 * {@code ApplicationResponse} (a PUF invoice response) appears in the sender's inbox, found by
 * {@code referenceDocumentIdentifier=<invoice number>}, and the sender's document gets the business status.
 */
final class RecipientResponses {
    static final List<String> RESPONSES = List.of("RecipientAccept", "RecipientReject",
            "RecipientRejectWithClearanceRemoval");
    /** UBL response codes (UNCL4343 subset) and the business status each gives the invoice. */
    static final Map<String, String> CODES = Map.of("AB", "Acknowledge", "IP", "In process", "UQ", "In process",
            "CA", "Approved", "AP", "Approved", "RE", "Rejected", "PD", "Paid");

    private final EmulatorState state;

    RecipientResponses(EmulatorState state) {
        this.state = state;
    }

    /**
     * @param documentId the invoice, as sent or as received
     * @param code       the response code, or null for AP (accept) or RE (reject)
     * @param reason     why, or null
     * @return the id of the response document
     */
    String respond(String documentId, String response, String code, String reason) throws HttpError, IOException {
        Doc d = state.document(documentId);
        if (d == null) {
            throw new HttpError(404, "not_found", "no document " + documentId);
        }
        if (!RESPONSES.contains(response)) {
            throw new HttpError(400, "invalid_request", "response must be one of " + RESPONSES + ", was '" + response
                    + "'");
        }
        boolean reject = !response.equals("RecipientAccept");
        String responseCode = code != null ? code : reject ? "RE" : "AP";
        if (!CODES.containsKey(responseCode)) {
            throw new HttpError(400, "invalid_request", "code must be one of " + CODES.keySet() + ", was '" + code + "'");
        }
        if (reject != responseCode.equals("RE")) {
            throw new HttpError(400, "invalid_request", "a " + response + " takes "
                    + (reject ? "the code RE" : "any code but RE") + ", was '" + responseCode + "'");
        }
        Doc sent = "Sent".equals(d.direction()) ? d : d.peerId() == null ? null : state.document(d.peerId());
        if (sent == null || sent.peerId() == null || !"Invoice".equals(sent.documentType())) {
            throw new HttpError(409, "conflict", "document " + d.id() + " is not an invoice delivered on this network");
        }
        String id = UUID.randomUUID().toString();
        String number = "AR-" + id.substring(0, 8);
        long now = state.now();
        Path file = state.data().resolve("payloads").resolve(id + ".xml");
        Files.writeString(file, InvoiceResponseXml.of(number, sent, responseCode, reason, now), StandardCharsets.UTF_8);
        state.addDocument(new Doc(id, null, sent.companyId(), "Received", "ApplicationResponse", response, number,
                sent.documentIdentifier(), null, sent.sendMode(), now, sent.receivingCompanyId(), sent.companyId(),
                sent.receiverName(), sent.senderName(), null, null, null, null, state.data().relativize(file).toString(),
                null));
        state.addStatus(sent.id(), new Events.Status(DocumentStatuses.BUSINESS, CODES.get(responseCode), now, reason));
        return id;
    }
}
