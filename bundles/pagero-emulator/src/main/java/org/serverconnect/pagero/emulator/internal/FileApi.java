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
 * status of the file's parts) and {@code POST /file/v1/fileparts/{id}/action} (Restart, Cancel).
 */
final class FileApi {
    private static final Set<String> PART_STATUSES = Set.of(FileEntry.PROCESSING, FileEntry.ERROR, FileEntry.AWAITING);

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
            UploadRules.check(upload);
            Map<String, String> fields = upload.fields();
            String company = fields.get("sendingCompanyId");
            if (!user.companies().contains(company)) {
                throw new HttpError(403, "forbidden", "user " + user.username() + " may not send for company " + company);
            }
            Files.move(tmp, state.payloadPath(fileId), StandardCopyOption.ATOMIC_MOVE);
            String earlier = state.upload(fileId, company, user.username(), fields.get("senderReference"),
                    fields.get("documentType"), fields.get("sendMode"), upload.fileName(), upload.sha256(), upload.size());
            if (earlier != null) {
                Files.delete(state.payloadPath(fileId));
                throw new HttpError(400, "invalid_request", "the file name '" + upload.fileName() + "' was used"
                        + " already (file " + earlier + "); Pagero asks for file names that are unique");
            }
            stored = true;
            return Answers.json(201, Map.of("id", fileId));
        } finally {
            if (!stored) {
                Files.deleteIfExists(tmp);
                Answers.drain(ex);
            }
        }
    }

    private FileEntry ownFile(EmulatorConfig.User user, FileEntry f, String id) throws HttpError {
        if (f == null || !user.companies().contains(f.upload.companyId())) {
            throw new HttpError(404, "not_found", "no file " + id);
        }
        return f;
    }

    private Response fileparts(HttpExchange ex, Matcher m) throws Exception {
        EmulatorConfig.User user = auth.bearer(ex);
        String fileId = m.group(1);
        Map<String, List<String>> q = Requests.query(ex);
        Requests.onlyParameters(q, "Status");
        List<String> wanted = Requests.all(q, "Status");
        for (String w : wanted) {
            if (!PART_STATUSES.contains(w)) {
                throw new HttpError(400, "invalid_request", "Status must be among " + PART_STATUSES + ", was '" + w + "'");
            }
        }
        FileEntry f = ownFile(user, state.file(fileId), fileId);
        List<Map<String, Object>> items = new ArrayList<>();
        synchronized (state) {
            List<String> parts = f.listedParts();
            for (String part : parts) {
                boolean failed = f.stopped() && part.equals(f.lastPart());
                String status = failed ? f.status : FileEntry.PROCESSING;
                if (!wanted.isEmpty() && !wanted.contains(status)) {
                    continue;
                }
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("id", part);
                item.put("fileId", fileId);
                item.put("status", status);
                if (failed && !f.reasons.isEmpty()) {
                    item.put("error", Map.of("description", f.reasons));
                }
                items.add(item);
            }
        }
        return Answers.ok(Map.of("items", items, "meta", Map.of("offset", 0, "total", items.size())));
    }

    private Response partAction(HttpExchange ex, Matcher m) throws Exception {
        EmulatorConfig.User user = auth.bearer(ex);
        String partId = m.group(1);
        FileEntry f = ownFile(user, state.fileOfPart(partId), partId);
        JsonNode body = Requests.apiJsonBody(ex);
        String action = body.path("action").asText(null);
        if (!"Restart".equals(action) && !"Cancel".equals(action)) {
            throw new HttpError(400, "invalid_request", "action must be Restart or Cancel");
        }
        String refused = state.partAction(f, partId, action);
        if (refused != null) {
            throw new HttpError(409, "conflict", refused);
        }
        return Answers.ok(Map.of());
    }
}
