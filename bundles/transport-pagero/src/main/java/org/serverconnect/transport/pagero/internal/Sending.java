package org.serverconnect.transport.pagero.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.entity.mime.FileBody;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.serverconnect.api.transport.SendReceipt;
import org.serverconnect.api.transport.SendRequest;
import org.serverconnect.api.transport.TransportException;
import org.serverconnect.api.transport.TransportException.Outcome;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Uploads ({@code POST /file/v1/files}) and the look-up of an upload whose outcome is unknown. Pagero documents no
 * idempotency key, so the look-up trusts the documented {@code senderReference} filter of the sent documents, pages
 * through what it lists, and uses the document number as a second key: an item that carries a sender reference or
 * a document number other than the request's is not the upload. An upload that ended in {@code Error} became no
 * document and cannot be found: the caller decides what to do when nothing is found for long enough.
 */
final class Sending {
    private static final int PAGE = 100;
    /** Pages a look-up reads at most: a network that ignores the filter would list every sent document. */
    private static final int MAX_PAGES = 10;

    private final ApiCalls api;

    Sending(ApiCalls api) {
        this.api = api;
    }

    SendReceipt send(SendRequest request) throws TransportException {
        PageroSettings settings = api.settings;
        String sendMode = request.sendMode() == null ? settings.sendMode() : request.sendMode();
        String documentType = request.documentType() == null ? "Invoice" : request.documentType();
        if (!settings.companies().isEmpty() && !settings.companies().contains(request.companyId())) {
            throw new TransportException(Outcome.FINAL, 0, null, "connection " + settings.name()
                    + " may not act for company " + request.companyId() + " (companies: " + settings.companies() + ")", null);
        }
        refuseIfTooLarge(request);
        String name = UploadNames.of(request);
        ContentType type;
        try {
            type = UploadNames.contentType(request.content());
        } catch (IOException e) {
            throw new TransportException(Outcome.RETRY, 0, null, "cannot read " + request.fileName() + ": " + e, e);
        }
        PageroHttp.Answer a = api.call("upload " + request.fileName(), () -> {
            HttpPost post = new HttpPost(api.api("/file/v1/files"));
            post.setEntity(MultipartEntityBuilder.create()
                    .addPart("payload", new FileBody(request.content().toFile(), type, name))
                    .addTextBody("documentType", documentType)
                    .addTextBody("sendMode", sendMode)
                    .addTextBody("sendingCompanyId", request.companyId())
                    .addTextBody("senderReference", request.reference()).build());
            return post;
        }, false);
        JsonNode answer;
        try {
            answer = api.body("upload", a);
        } catch (TransportException e) {
            // a 2xx the client cannot read: the upload may have been taken, so it is looked for before it is repeated
            throw new TransportException(Outcome.UNKNOWN, a.status(), null, e.getMessage() + "; it may have been taken", e);
        }
        String fileId = ApiCalls.text(answer.path("id"));
        if (fileId == null) {
            throw new TransportException(Outcome.UNKNOWN, a.status(), null, "the upload answer has no file id", null);
        }
        return new SendReceipt(request.reference(), fileId, api.clock.instant(), false);
    }

    /** A file larger than the connection uploads is refused here, before a byte of it is sent. */
    private void refuseIfTooLarge(SendRequest request) throws TransportException {
        long max = api.settings.maxUploadBytes();
        if (max <= 0) {
            return;
        }
        long size;
        try {
            size = Files.size(request.content());
        } catch (IOException e) {
            throw new TransportException(Outcome.RETRY, 0, null, "cannot read " + request.fileName() + ": " + e, e);
        }
        if (size > max) {
            throw new TransportException(Outcome.FINAL, 0, null, request.fileName() + " was not uploaded: it is "
                    + PageroHttp.megabytes(size) + ", larger than the " + PageroHttp.megabytes(max) + " connection "
                    + api.settings.name() + " uploads (maxUploadSize)", null);
        }
    }

    SendReceipt lookup(SendRequest request) throws TransportException {
        String query = "/document/v1/documents?direction=Sent&companyId=" + ApiCalls.enc(request.companyId())
                + "&senderReference=" + ApiCalls.enc(request.reference()) + "&limit=" + PAGE + "&offset=";
        int offset = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode n = api.get("lookup", query + offset);
            JsonNode items = n.path("items");
            for (JsonNode item : items) {
                String fileId = ApiCalls.text(item.path("fileId"));
                if (fileId != null && !contradicts(item, request)) {
                    return new SendReceipt(request.reference(), fileId, api.instant(item.path("createTime")), true);
                }
            }
            offset += items.size();
            if (items.isEmpty() || offset >= n.path("meta").path("total").asInt(offset)) {
                return null;
            }
        }
        return null;
    }

    /** Whether an item says it is another document: a different sender reference or document number. */
    private static boolean contradicts(JsonNode item, SendRequest request) {
        String reference = ApiCalls.text(item.path("senderReference"));
        if (reference != null && !reference.equals(request.reference())) {
            return true;
        }
        String number = ApiCalls.text(item.path("documentInfo").path("documentIdentifier"));
        return number != null && request.documentNumber() != null
                && !normal(number).equals(normal(request.documentNumber()));
    }

    private static String normal(String number) {
        return number.strip().toLowerCase(Locale.ROOT);
    }
}
