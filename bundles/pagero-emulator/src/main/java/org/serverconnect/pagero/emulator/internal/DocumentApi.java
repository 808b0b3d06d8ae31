package org.serverconnect.pagero.emulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;

import org.serverconnect.pagero.emulator.internal.Events.Doc;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Pagero's Document API: {@code GET /document/v1/documents} (list with filters), {@code GET .../{id}} (one item),
 * {@code GET .../{id}/targetdocument} (the bytes) and {@code POST .../fetch} (mark as fetched, once downloaded).
 */
final class DocumentApi {
    private static final int MAX_PAGE = 100;
    private static final List<String> DIRECTIONS = List.of("Received", "Sent");
    private static final String[] FILTERS = { "direction", "documentType", "showFetchedOnly", "companyId", "fileId",
            "referenceDocumentIdentifier", "senderReference", "limit", "offset" };

    private final EmulatorState state;
    private final Authentication auth;
    private final DocumentItems items;

    DocumentApi(EmulatorState state, Authentication auth) {
        this.state = state;
        this.auth = auth;
        this.items = new DocumentItems(state);
    }

    void register(Router router) {
        router.route("GET", "/document/v1/documents", "documents", this::list);
        router.route("POST", "/document/v1/documents/fetch", "documents", this::fetch);
        router.route("GET", "/document/v1/documents/([^/]+)/targetdocument", "documents", this::targetDocument);
        router.route("GET", "/document/v1/documents/([^/]+)", "documents", this::one);
    }

    private Response list(HttpExchange ex, Matcher m) throws Exception {
        EmulatorConfig.User user = auth.bearer(ex);
        Map<String, List<String>> q = Requests.query(ex);
        Requests.onlyParameters(q, FILTERS);
        List<String> companies = Requests.all(q, "companyId");
        for (String c : companies) {
            if (!user.companies().contains(c)) {
                throw new HttpError(403, "forbidden", "user " + user.username() + " may not read company " + c);
            }
        }
        List<String> scope = companies.isEmpty() ? user.companies() : companies;
        List<String> types = Requests.all(q, "documentType");
        for (String t : types) {
            oneOf("documentType", t, UploadRules.DOCUMENT_TYPES);
        }
        String direction = Requests.first(q, "direction");
        if (direction != null) {
            oneOf("direction", direction, DIRECTIONS);
        }
        String fileId = Requests.first(q, "fileId");
        String ref = Requests.first(q, "referenceDocumentIdentifier");
        String senderRef = Requests.first(q, "senderReference");
        Boolean fetchedOnly = Requests.booleanParam(q, "showFetchedOnly");
        boolean lenient = state.config().showFetchedOnly().equals("lenient");
        int limit = Requests.intParam(q, "limit", 10, 1, MAX_PAGE);
        int offset = Requests.intParam(q, "offset", 0, 0, Integer.MAX_VALUE);

        Predicate<Doc> filter = d -> scope.contains(d.companyId())
                && (direction == null || direction.equals(d.direction()))
                && (types.isEmpty() || types.contains(d.documentType()))
                && (fileId == null || fileId.equals(d.fileId()))
                && (ref == null || ref.equals(d.referenceDocumentIdentifier()))
                && (senderRef == null || senderRef.equals(d.senderReference()))
                && fetchedMatches(fetchedOnly, lenient, state.isFetched(d.id()));
        List<Doc> all = state.documents(filter);
        List<Map<String, Object>> page = all.stream().skip(offset).limit(limit).map(items::item).toList();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("count", page.size());
        meta.put("limit", limit);
        meta.put("offset", offset);
        meta.put("total", all.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page);
        body.put("meta", meta);
        return Answers.ok(body);
    }

    private static void oneOf(String parameter, String value, List<String> known) throws HttpError {
        if (!known.contains(value)) {
            throw new HttpError(400, "invalid_request", parameter + " must be one of " + known + ", was '" + value + "'");
        }
    }

    /**
     * {@code showFetchedOnly=true} lists fetched documents only; {@code false} lists the unfetched ones (strict) or
     * all (lenient); without the parameter all are listed.
     */
    private static boolean fetchedMatches(Boolean showFetchedOnly, boolean lenient, boolean fetched) {
        if (showFetchedOnly == null) {
            return true;
        }
        if (showFetchedOnly) {
            return fetched;
        }
        return lenient || !fetched;
    }

    private Doc own(EmulatorConfig.User user, String id) throws HttpError {
        Doc d = state.document(id);
        if (d == null || !user.companies().contains(d.companyId())) {
            throw new HttpError(404, "not_found", "no document " + id);
        }
        return d;
    }

    private Response one(HttpExchange ex, Matcher m) throws Exception {
        return Answers.ok(items.item(own(auth.bearer(ex), m.group(1))));
    }

    private Response targetDocument(HttpExchange ex, Matcher m) throws Exception {
        Doc d = own(auth.bearer(ex), m.group(1));
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (state.config().strictAccept() && accept != null && !accept.contains("*/*") && !accept.contains("xml")) {
            throw new HttpError(406, "not_acceptable", "the target document is XML; Accept was " + accept);
        }
        return new Response(200, "application/xml", null, state.data().resolve(d.content()), Map.of(),
                () -> state.downloaded(d.id()));
    }

    private Response fetch(HttpExchange ex, Matcher m) throws Exception {
        EmulatorConfig.User user = auth.bearer(ex);
        JsonNode ids = Requests.apiJsonBody(ex).path("ids");
        if (!ids.isArray()) {
            throw new HttpError(400, "invalid_request", "the body must be {\"ids\": [...]}");
        }
        List<String> list = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> notDownloaded = new ArrayList<>();
        for (JsonNode id : ids) {
            Doc d = state.document(id.asText());
            if (d == null || !user.companies().contains(d.companyId())) {
                unknown.add(id.asText());
            } else {
                list.add(d.id());
                if (!state.isDownloaded(d.id())) {
                    notDownloaded.add(d.id());
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new HttpError(404, "not_found", "no documents " + unknown + "; nothing was marked");
        }
        if (state.config().fetchRequiresDownload() && !notDownloaded.isEmpty()) {
            throw new HttpError(409, "conflict", "the target documents of " + notDownloaded + " were never downloaded"
                    + " (GET /document/v1/documents/{id}/targetdocument); nothing was marked");
        }
        state.fetch(list);
        return Answers.ok(Map.of());
    }
}
