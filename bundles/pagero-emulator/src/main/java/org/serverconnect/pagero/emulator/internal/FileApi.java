package org.serverconnect.pagero.emulator.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Pagero's File API: {@code POST /file/v1/files} (upload), {@code GET /file/v1/files/{id}/fileparts} (processing
 * status) and {@code POST /file/v1/fileparts/{id}/action} (Restart, Cancel).
 */
final class FileApi {
    private static final Set<String> SEND_MODES = Set.of("Production", "Test", "Certification");

    private final EmulatorState state;
    private final Authentication auth;

    FileApi(EmulatorState state, Authentication auth) {
        this.state = state;
        this.auth = auth;
    }

    void register(Router router) {
        router.route("POST", "/file/v1/files", "files", this::upload);
        router.route("GET", "/file/v1/files/([^/]+)/fileparts", "files", this::fileparts);
        router.route("POST", "/file/v1/fileparts/([^/]+)/action", "files", this::partAction);
    }

    private Response upload(HttpExchange ex, Matcher m) throws Exception {
        EmulatorConfig.User user = auth.bearer(ex);
        String fileId = UUID.randomUUID().toString();
        Path tmp = state.payloadPath(fileId).resolveSibling(fileId + ".part");
        boolean stored = false;
        try {
            MultipartUpload.Parsed upload = MultipartUpload.read(ex, tmp, state.config().maxUploadBytes());
            Map<String, String> fields = upload.fields();
            if (!upload.hasPayload()) {
                throw new HttpError(400, "invalid_request", "the multipart part 'payload' is missing");
            }
            for (String required : List.of("documentType", "sendMode", "sendingCompanyId")) {
                if (fields.get(required) == null || fields.get(required).isBlank()) {
                    throw new HttpError(400, "invalid_request", "the multipart part '" + required + "' is missing");
                }
            }
            if (!SEND_MODES.contains(fields.get("sendMode"))) {
                throw new HttpError(400, "invalid_request",
                        "sendMode must be Production, Test or Certification, was '" + fields.get("sendMode") + "'");
            }
            String company = fields.get("sendingCompanyId");
            if (!user.companies().contains(company)) {
                throw new HttpError(403, "forbidden", "user " + user.username() + " may not send for company " + company);
            }
            Files.move(tmp, state.payloadPath(fileId), StandardCopyOption.ATOMIC_MOVE);
            stored = true;
            state.upload(fileId, company, user.username(), fields.get("senderReference"), fields.get("documentType"),
                    fields.get("sendMode"), upload.fileName() == null ? "payload" : upload.fileName(), upload.sha256(),
                    upload.size());
            return Answers.json(201, Map.of("id", fileId));
        } finally {
            if (!stored) {
                Files.deleteIfExists(tmp);
                Answers.drain(ex);
            }
        }
    }

    private EmulatorState.FileEntry ownFile(EmulatorConfig.User user, EmulatorState.FileEntry f, String id)
            throws HttpError {
        if (f == null || !user.companies().contains(f.upload.companyId())) {
            throw new HttpError(404, "not_found", "no file " + id);
        }
        return f;
    }

    private Response fileparts(HttpExchange ex, Matcher m) throws Exception {
        EmulatorConfig.User user = auth.bearer(ex);
        String fileId = m.group(1);
        EmulatorState.FileEntry f = ownFile(user, state.file(fileId), fileId);
        List<String> wanted = Requests.all(Requests.query(ex), "Status");
        List<Map<String, Object>> items = new ArrayList<>();
        String status;
        List<String> reasons;
        synchronized (state) {
            status = f.status;
            reasons = f.reasons;
        }
        // A processed or cancelled part is no longer listed (docs/pagero.md).
        boolean listed = status.equals("Processing") || status.equals("Error") || status.equals("AwaitingInteraction");
        if (listed && (wanted.isEmpty() || wanted.contains(status))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", f.filepartId());
            item.put("fileId", fileId);
            item.put("status", status);
            if (!reasons.isEmpty()) {
                item.put("error", Map.of("description", reasons));
            }
            items.add(item);
        }
        return Answers.ok(Map.of("items", items, "meta", Map.of("offset", 0, "total", items.size())));
    }

    private Response partAction(HttpExchange ex, Matcher m) throws Exception {
        EmulatorConfig.User user = auth.bearer(ex);
        String partId = m.group(1);
        EmulatorState.FileEntry f = ownFile(user, state.fileOfPart(partId), partId);
        JsonNode body = Requests.jsonBody(ex);
        String action = body.path("action").asText(null);
        if (!"Restart".equals(action) && !"Cancel".equals(action)) {
            throw new HttpError(400, "invalid_request", "action must be Restart or Cancel");
        }
        String refused = state.partAction(f, action);
        if (refused != null) {
            throw new HttpError(409, "conflict", refused);
        }
        return Answers.ok(Map.of());
    }
}
