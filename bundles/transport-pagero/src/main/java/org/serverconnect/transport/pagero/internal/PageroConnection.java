package org.serverconnect.transport.pagero.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.entity.mime.FileBody;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.serverconnect.api.transport.ConnectionCheck;
import org.serverconnect.api.transport.IncomingDocument;
import org.serverconnect.api.transport.IncomingPage;
import org.serverconnect.api.transport.ProcessingStatus;
import org.serverconnect.api.transport.RecipientResponse;
import org.serverconnect.api.transport.SendReceipt;
import org.serverconnect.api.transport.SendRequest;
import org.serverconnect.api.transport.Transport;
import org.serverconnect.api.transport.TransportException;
import org.serverconnect.api.transport.TransportException.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One connection to Pagero Online (plain Java; the DS component is a thin shell around it).
 *
 * <p><b>Never twice:</b> Pagero documents no idempotency key. {@link #send} is a plain upload that says whether its
 * outcome is unknown (no answer, a broken connection, a 5xx after the body was sent: {@code UNKNOWN}); the caller,
 * which keeps the reference across restarts, looks such an upload up with {@link #lookup} before it uploads again.
 */
final class PageroConnection implements Transport, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PageroConnection.class);

    private final PageroSettings settings;
    private final PageroHttp http;
    private final Tokens tokens;
    private final ObjectMapper json = new ObjectMapper();
    private static final long CLOCK_TOLERANCE_SECONDS = 60;
    private final Clock clock;

    PageroConnection(PageroSettings settings) throws IOException {
        this(settings, Clock.systemUTC());
    }

    PageroConnection(PageroSettings settings, Clock clock) throws IOException {
        this.settings = settings;
        this.clock = clock;
        this.http = new PageroHttp(settings);
        this.tokens = new Tokens(settings, http, json, clock);
    }

    PageroSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------------------------------------------- calls

    @FunctionalInterface
    private interface RequestFactory {
        HttpUriRequestBase create();
    }

    /** Runs an API call with a bearer token; on 401 gets a new token and tries exactly once more. */
    private PageroHttp.Answer call(String what, RequestFactory factory, boolean idempotent) throws TransportException {
        for (int attempt = 1;; attempt++) {
            String token = tokens.accessToken();
            HttpUriRequestBase request = factory.create();
            request.setHeader("Authorization", "Bearer " + token);
            request.setHeader("Accept", "application/json");
            PageroHttp.Answer a = http.execute(request, idempotent);
            if (a.status() == 401 && attempt == 1) {
                tokens.rejected(token);
                continue;
            }
            if (a.status() >= 300) {
                throw PageroHttp.status(what, a, idempotent);
            }
            return a;
        }
    }

    private JsonNode body(String what, PageroHttp.Answer a) throws TransportException {
        try {
            return json.readTree(a.body().isEmpty() ? "{}" : a.body());
        } catch (IOException e) {
            throw new TransportException(Outcome.RETRY, a.status(), null, what + ": the answer is not JSON", e);
        }
    }

    private URI api(String pathAndQuery) {
        return settings.apiUrl().resolve(pathAndQuery);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------------- send

    /** A file larger than the connection uploads is refused here, before a byte of it is sent. */
    private void refuseIfTooLarge(SendRequest request) throws TransportException {
        long max = settings.maxUploadBytes();
        if (max <= 0) {
            return;
        }
        long size;
        try {
            size = java.nio.file.Files.size(request.content());
        } catch (IOException e) {
            throw new TransportException(Outcome.RETRY, 0, null, "cannot read " + request.fileName() + ": " + e, e);
        }
        if (size > max) {
            throw new TransportException(Outcome.FINAL, 0, null, request.fileName() + " was not uploaded: it is "
                    + PageroHttp.megabytes(size) + ", larger than the " + PageroHttp.megabytes(max) + " connection "
                    + settings.name() + " uploads (maxUploadSize)", null);
        }
    }

    @Override
    public SendReceipt send(SendRequest request) throws TransportException {
        String sendMode = request.sendMode() == null ? settings.sendMode() : request.sendMode();
        String documentType = request.documentType() == null ? "Invoice" : request.documentType();
        if (!settings.companies().isEmpty() && !settings.companies().contains(request.companyId())) {
            throw new TransportException(Outcome.FINAL, 0, null, "connection " + settings.name()
                    + " may not act for company " + request.companyId() + " (companies: " + settings.companies() + ")", null);
        }
        refuseIfTooLarge(request);
        PageroHttp.Answer a = call("upload " + request.fileName(), () -> {
            HttpPost post = new HttpPost(api("/file/v1/files"));
            post.setEntity(MultipartEntityBuilder.create()
                    .addPart("payload", new FileBody(request.content().toFile(), ContentType.APPLICATION_XML,
                            request.fileName()))
                    .addTextBody("documentType", documentType)
                    .addTextBody("sendMode", sendMode)
                    .addTextBody("sendingCompanyId", request.companyId())
                    .addTextBody("senderReference", request.reference()).build());
            return post;
        }, false);
        JsonNode answer;
        try {
            answer = body("upload", a);
        } catch (TransportException e) {
            // a 2xx the client cannot read: the upload may have been taken, so it is looked for before it is repeated
            throw new TransportException(Outcome.UNKNOWN, a.status(), null, e.getMessage() + "; it may have been taken", e);
        }
        String fileId = answer.path("id").asText(null);
        if (fileId == null) {
            throw new TransportException(Outcome.UNKNOWN, a.status(), null, "the upload answer has no file id", null);
        }
        return new SendReceipt(request.reference(), fileId, clock.instant(), false);
    }

    @Override
    public SendReceipt lookup(String reference) throws TransportException {
        PageroHttp.Answer a = call("lookup", () -> new HttpGet(api("/document/v1/documents?direction=Sent&senderReference="
                + enc(reference) + "&limit=10")), true);
        for (JsonNode item : body("lookup", a).path("items")) {
            if (reference.equals(item.path("senderReference").asText(null)) && item.hasNonNull("fileId")) {
                return new SendReceipt(reference, item.get("fileId").asText(), instant(item.path("createTime")), true);
            }
        }
        return null;
    }

    @Override
    public ProcessingStatus status(SendReceipt receipt) throws TransportException {
        String fileId = receipt.fileId();
        PageroHttp.Answer parts = call("status", () -> new HttpGet(api("/file/v1/files/" + enc(fileId) + "/fileparts")), true);
        JsonNode items = body("status", parts).path("items");
        List<String> reasons = new ArrayList<>();
        String state = null;
        for (JsonNode part : items) {
            state = part.path("status").asText("Processing");
            part.path("error").path("description").forEach(d -> reasons.add(d.asText()));
        }
        if (state != null) {
            ProcessingStatus.State s = switch (state) {
            case "Error" -> ProcessingStatus.State.ERROR;
            case "AwaitingInteraction" -> ProcessingStatus.State.AWAITING_INTERACTION;
            default -> ProcessingStatus.State.PROCESSING;
            };
            return new ProcessingStatus(fileId, s, List.of(), reasons);
        }
        // No part left: processed (a document exists) or cancelled (none does).
        PageroHttp.Answer docs = call("status", () -> new HttpGet(api("/document/v1/documents?fileId=" + enc(fileId))), true);
        List<String> ids = new ArrayList<>();
        body("status", docs).path("items").forEach(d -> ids.add(d.path("id").asText()));
        return new ProcessingStatus(fileId, ids.isEmpty() ? ProcessingStatus.State.CANCELLED : ProcessingStatus.State.PROCESSED,
                ids, List.of());
    }

    @Override
    public void act(SendReceipt receipt, Action action) throws TransportException {
        String fileId = receipt.fileId();
        PageroHttp.Answer parts = call("status", () -> new HttpGet(api("/file/v1/files/" + enc(fileId)
                + "/fileparts?Status=AwaitingInteraction,Error")), true);
        List<String> ids = new ArrayList<>();
        body("status", parts).path("items").forEach(p -> ids.add(p.path("id").asText()));
        if (ids.isEmpty()) {
            throw new TransportException(Outcome.FINAL, 0, null, "file " + fileId
                    + " has no part in Error or AwaitingInteraction to " + action.name().toLowerCase(), null);
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(Map.of("action", action == Action.RESTART ? "Restart" : "Cancel"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (String part : ids) {
            call(action.name().toLowerCase() + " " + part, () -> {
                HttpPost post = new HttpPost(api("/file/v1/fileparts/" + enc(part) + "/action"));
                post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
                return post;
            }, true);
        }
    }

    // ---------------------------------------------------------------------------------------------------- receive

    @Override
    public IncomingPage incoming(String companyId, int offset, int limit) throws TransportException {
        int l = Math.max(1, Math.min(100, limit));
        PageroHttp.Answer a = call("incoming", () -> new HttpGet(api("/document/v1/documents?direction=Received"
                + "&documentType=Invoice&showFetchedOnly=false&companyId=" + enc(companyId) + "&limit=" + l
                + "&offset=" + Math.max(0, offset))), true);
        JsonNode n = body("incoming", a);
        List<IncomingDocument> docs = new ArrayList<>();
        for (JsonNode item : n.path("items")) {
            if (item.path("isFetched").asBoolean(false)) {
                continue;        // whatever showFetchedOnly means on the server, fetched documents are not new
            }
            docs.add(new IncomingDocument(item.path("id").asText(), companyId,
                    item.path("documentInfo").path("documentType").asText(null),
                    text(item.path("documentInfo").path("documentIdentifier")),
                    text(item.path("documentInfo").path("senderParty").path("name")), instant(item.path("createTime"))));
        }
        return new IncomingPage(docs, Math.max(0, offset), n.path("meta").path("total").asInt(docs.size()));
    }

    @Override
    public InputStream open(IncomingDocument document) throws TransportException {
        for (int attempt = 1;; attempt++) {
            String token = tokens.accessToken();
            HttpGet get = new HttpGet(api("/document/v1/documents/" + enc(document.id()) + "/targetdocument"));
            get.setHeader("Authorization", "Bearer " + token);
            get.setHeader("Accept", "application/xml, */*");
            ClassicHttpResponse r = http.open(get);
            int status = r.getCode();
            if (status == 200 && r.getEntity() != null) {
                try {
                    long max = settings.maxDocumentBytes();
                    return new FilterInputStream(r.getEntity().getContent()) {
                        private long read;
                        private boolean ended;

                        @Override
                        public int read() throws IOException {
                            int b = super.read();
                            count(b < 0 ? -1 : 1);
                            return b;
                        }

                        @Override
                        public int read(byte[] buffer, int off, int len) throws IOException {
                            int n = super.read(buffer, off, len);
                            count(n);
                            return n;
                        }

                        /** A document that does not end (or is larger than allowed) is refused, not written on. */
                        private void count(int n) throws IOException {
                            if (n < 0) {
                                ended = true;
                            } else if ((read += n) > max) {
                                PageroHttp.abort(get);
                                throw new IOException("document " + document.id() + " is larger than "
                                        + (max >> 20) + " MB (maxDocumentSize): refused");
                            }
                        }

                        @Override
                        public void close() throws IOException {
                            if (!ended) {
                                PageroHttp.abort(get);      // never read the rest of an answer nobody wants
                            }
                            try {
                                super.close();
                            } finally {
                                r.close();
                            }
                        }
                    };
                } catch (IOException e) {
                    closeQuietly(r);
                    throw PageroHttp.failure(get, e, true);
                }
            }
            String bodyText;
            try {
                bodyText = r.getEntity() == null ? "" : PageroHttp.bounded(get, r.getEntity());
            } catch (IOException e) {
                bodyText = "";
            } finally {
                closeQuietly(r);
            }
            if (status == 401 && attempt == 1) {
                tokens.rejected(token);
                continue;
            }
            throw PageroHttp.status("download " + document.id(), new PageroHttp.Answer(status, bodyText,
                    r.getFirstHeader("Retry-After"), r.getFirstHeader("Date")), true);
        }
    }

    private static void closeQuietly(ClassicHttpResponse r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // the connection is discarded
        }
    }

    @Override
    public void acknowledge(Collection<String> documentIds) throws TransportException {
        if (documentIds.isEmpty()) {
            return;
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(Map.of("ids", List.copyOf(documentIds)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        call("acknowledge", () -> {
            HttpPost post = new HttpPost(api("/document/v1/documents/fetch"));
            post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
            return post;
        }, true);
    }

    @Override
    public List<RecipientResponse> responses(String companyId, int offset, int limit) throws TransportException {
        int l = Math.max(1, Math.min(100, limit));
        PageroHttp.Answer a = call("responses", () -> new HttpGet(api("/document/v1/documents?direction=Received"
                + "&documentType=ApplicationResponse&showFetchedOnly=false&companyId=" + enc(companyId) + "&limit=" + l
                + "&offset=" + Math.max(0, offset))), true);
        List<RecipientResponse> out = new ArrayList<>();
        for (JsonNode item : body("responses", a).path("items")) {
            JsonNode info = item.path("documentInfo");
            String sub = info.path("documentSubType").asText("");
            RecipientResponse.Verdict v = sub.startsWith("RecipientReject") ? RecipientResponse.Verdict.REJECTED
                    : sub.equals("RecipientAccept") ? RecipientResponse.Verdict.ACCEPTED : null;
            if (v == null) {
                continue;
            }
            String number = text(info.path("referenceDocumentIdentifier"));
            if (number == null && item.path("documentReferences").size() > 0) {
                number = text(item.path("documentReferences").get(0).path("documentIdentifier"));
            }
            out.add(new RecipientResponse(item.path("id").asText(), number, v, null, instant(item.path("createTime"))));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------- check

    @Override
    public ConnectionCheck check() {
        List<ConnectionCheck.Step> steps = new ArrayList<>();
        String host = settings.apiUrl().getHost();
        try {
            InetAddress.getAllByName(host);
            InetAddress.getAllByName(settings.ssoUrl().getHost());
            steps.add(new ConnectionCheck.Step("name lookup", true, host + " and " + settings.ssoUrl().getHost() + " resolve"));
        } catch (UnknownHostException e) {
            steps.add(new ConnectionCheck.Step("name lookup", false, e.getMessage()
                    + " cannot be resolved: check the URL and this machine's DNS or proxy settings"));
            return new ConnectionCheck(false, steps);
        }
        try {
            tokens.accessToken();
            steps.add(new ConnectionCheck.Step("TLS", true, "the server's certificate is trusted"));
            steps.add(new ConnectionCheck.Step("credentials", true, "logged in as " + settings.username()));
        } catch (TransportException e) {
            boolean tls = e.getCause() instanceof javax.net.ssl.SSLException;
            steps.add(new ConnectionCheck.Step(tls ? "TLS" : "credentials", false, e.getMessage()));
            return new ConnectionCheck(false, steps);
        }
        try {
            PageroHttp.Answer any = http.execute(new HttpGet(api("/")), true);   // any answer carries the server's time
            if (any.date() != null) {
                steps.add(clockStep(any.date().getValue()));
            }
        } catch (TransportException e) {
            // the login just worked: a failure here says nothing about the clock, and the steps below will show it
        }
        boolean ok = steps.stream().allMatch(ConnectionCheck.Step::ok);
        for (String company : settings.companies()) {
            try {
                call("company", () -> new HttpGet(api("/document/v1/documents?companyId=" + enc(company) + "&limit=1")), true);
                steps.add(new ConnectionCheck.Step("company", true, "company " + company + " can be read"));

            } catch (TransportException e) {
                ok = false;
                steps.add(new ConnectionCheck.Step("company", false, "company " + company + ": " + e.getMessage()
                        + (e.httpStatus() == 403 ? " (the user does not belong to this company)" : "")));
            }
        }
        return new ConnectionCheck(ok, steps);
    }

    /** The network's clock (its Date header) against ours: tokens and timestamps go wrong when they differ much. */
    private ConnectionCheck.Step clockStep(String dateHeader) {
        Instant theirs;
        try {
            theirs = java.time.ZonedDateTime.parse(dateHeader, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return new ConnectionCheck.Step("clock", true, "the server's clock is not known (Date: " + dateHeader + ")");
        }
        long skew = Math.abs(Duration.between(theirs, clock.instant()).toSeconds());
        if (skew > CLOCK_TOLERANCE_SECONDS) {
            return new ConnectionCheck.Step("clock", false, "this machine's clock differs from the server's by " + skew
                    + " s: log-ins expire early and times in reports are wrong; synchronise it (timedatectl set-ntp true)");
        }
        return new ConnectionCheck.Step("clock", true, "agrees with the server's (within " + skew + " s)");
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private Instant instant(JsonNode n) {
        try {
            return n.isTextual() ? Instant.parse(n.asText()) : clock.instant();
        } catch (RuntimeException e) {
            return clock.instant();
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "PageroConnection[" + settings + "]";
    }
}
