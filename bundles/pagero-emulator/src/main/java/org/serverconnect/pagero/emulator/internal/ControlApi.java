package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;

import org.serverconnect.pagero.emulator.internal.Events.Doc;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * The control API for tests, benchmarks and the demo ({@code /emulator/...}, loopback only): what was uploaded,
 * documents placed into an inbox, recipient responses, delivery and business statuses, faults, forced outcomes, the
 * clock, figures, reset. Its JSON bodies are read whatever their {@code Content-Type}.
 */
final class ControlApi {
    /** The largest document the control API places into a company's inbox. */
    static final long MAX_INCOMING_BYTES = 64L << 20;

    private final EmulatorState state;
    private final FaultInjection faults;
    private final RecipientResponses responses;

    ControlApi(EmulatorState state, FaultInjection faults) {
        this.state = state;
        this.faults = faults;
        this.responses = new RecipientResponses(state);
    }

    void register(Router router) {
        router.control("GET", "/emulator/uploads", this::uploads);
        router.control("POST", "/emulator/companies/([^/]+)/incoming", this::incoming);
        router.control("POST", "/emulator/documents/([^/]+)/respond", this::respond);
        router.control("POST", "/emulator/documents/([^/]+)/events", this::addStatus);
        router.control("PUT", "/emulator/faults", this::setFaults);
        router.control("DELETE", "/emulator/faults", (ex, m) -> {
            faults.clear();
            return Answers.ok(Map.of());
        });
        router.control("PUT", "/emulator/outcomes", this::outcomes);
        router.control("POST", "/emulator/clock", this::clock);
        router.control("GET", "/emulator/stats", (ex, m) -> {
            Map<String, Object> stats = new LinkedHashMap<>(state.stats());
            stats.put("faultsInjected", faults.injected());
            return Answers.ok(stats);
        });
        router.control("POST", "/emulator/reset", (ex, m) -> {
            state.reset();
            faults.clear();
            return Answers.ok(Map.of());
        });
    }

    private Response uploads(HttpExchange ex, Matcher m) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Events.Uploaded u : state.uploads()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("fileId", u.fileId());
            item.put("companyId", u.companyId());
            item.put("senderReference", u.senderReference());
            item.put("documentType", u.documentType());
            item.put("sendMode", u.sendMode());
            item.put("fileName", u.fileName());
            item.put("sha256", u.sha256());
            item.put("size", u.size());
            item.put("time", Instant.ofEpochMilli(u.time()).toString());
            FileEntry f = state.file(u.fileId());
            synchronized (state) {
                item.put("status", f.status);
            }
            out.add(item);
        }
        return Answers.ok(out);
    }

    private Response incoming(HttpExchange ex, Matcher m) throws Exception {
        String companyId = m.group(1);
        EmulatorConfig.Company company = state.config().company(companyId);
        if (company == null) {
            throw new HttpError(404, "not_found", "no company " + companyId);
        }
        String id = UUID.randomUUID().toString();
        Path file = state.data().resolve("payloads").resolve(id + ".xml");
        try (InputStream in = ex.getRequestBody(); OutputStream out = Files.newOutputStream(file,
                StandardOpenOption.CREATE_NEW)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0;) {
                total += n;
                if (total > MAX_INCOMING_BYTES) {
                    out.close();
                    Files.delete(file);
                    throw new HttpError(413, "too_large", "a document placed into an inbox is at most "
                            + (MAX_INCOMING_BYTES >> 20) + " MB");
                }
                out.write(buffer, 0, n);
            }
        }
        InvoiceInspector.Inspection doc = InvoiceInspector.inspect(file);
        String type = doc.kind() == null ? "Invoice" : doc.kind();
        String subType = doc.subType() == null ? "Debit" : doc.documentSubType();
        state.addDocument(new Doc(id, null, companyId, "Received", type, subType, doc.number(), doc.referencedNumber(),
                null, "Test", state.now(), null, companyId, doc.sellerName(), nvl(doc.buyerName(), company.name()),
                doc.issueDate(), doc.dueDate(), doc.currency(), doc.total(), state.data().relativize(file).toString(),
                null));
        return Answers.json(201, Map.of("id", id));
    }

    private Response respond(HttpExchange ex, Matcher m) throws Exception {
        JsonNode body = Requests.jsonBody(ex);
        String id = responses.respond(m.group(1), body.path("response").asText(null), body.path("code").asText(null),
                body.path("reason").asText(null));
        return Answers.json(201, Map.of("id", id));
    }

    private Response addStatus(HttpExchange ex, Matcher m) throws Exception {
        Doc d = state.document(m.group(1));
        if (d == null) {
            throw new HttpError(404, "not_found", "no document " + m.group(1));
        }
        JsonNode body = Requests.jsonBody(ex);
        String type = body.path("eventType").asText(null);
        String word = body.path("status").asText(null);
        String problem = DocumentStatuses.problem(type, word);
        if (problem != null) {
            throw new HttpError(400, "invalid_request", problem);
        }
        Events.Status status = new Events.Status(type, word, state.now(), body.path("description").asText(null));
        state.addStatus(d.id(), status);
        return Answers.json(201, DocumentItems.event(status));
    }

    private Response setFaults(HttpExchange ex, Matcher m) throws Exception {
        try (InputStream in = ex.getRequestBody()) {
            faults.set(Faults.of(Json.MAPPER.readValue(in, Faults.Spec.class)));
        } catch (IllegalArgumentException | JacksonException e) {
            throw new HttpError(400, "invalid_request", e.getMessage());
        }
        return Answers.ok(Map.of());
    }

    private Response outcomes(HttpExchange ex, Matcher m) throws Exception {
        JsonNode body = Requests.jsonBody(ex);
        String outcome = body.path("outcome").asText(null);
        if (!"Error".equals(outcome) && !"AwaitingInteraction".equals(outcome)) {
            throw new HttpError(400, "invalid_request", "outcome must be Error or AwaitingInteraction");
        }
        state.forceOutcomes(outcome, body.path("reason").asText(null), body.path("next").asInt(1));
        return Answers.ok(Map.of());
    }

    private Response clock(HttpExchange ex, Matcher m) throws Exception {
        state.advanceClock(Requests.jsonBody(ex).path("advanceSeconds").asLong(0));
        return Answers.ok(state.stats());
    }

    private static String nvl(String a, String b) {
        return a == null ? b : a;
    }
}
