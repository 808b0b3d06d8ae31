package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import org.apache.commons.fileupload.FileItemIterator;
import org.apache.commons.fileupload.FileItemStream;
import org.apache.commons.fileupload.FileUpload;
import org.apache.commons.fileupload.FileUploadBase;
import org.apache.commons.fileupload.FileUploadException;
import org.apache.commons.fileupload.UploadContext;
import org.apache.commons.fileupload.util.Streams;
import org.serverconnect.pagero.emulator.internal.Events.Doc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * The Pagero Online emulator: one HTTP(S) server with Pagero's OAuth2 endpoints ({@code /oauth/v2/...}), File API
 * ({@code /file/v1/...}), Document API ({@code /document/v1/...}) and a control API for tests ({@code /emulator/...},
 * loopback only). See the bundle's README for the contract and the choices made where Pagero's documentation is
 * silent.
 */
public final class PageroEmulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PageroEmulator.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger("pagero.emulator.requests");
    private static final int MAX_FORM_BYTES = 64 * 1024;
    /** The largest document the control API places into a company's inbox. */
    static final long MAX_INCOMING_BYTES = 64L << 20;
    private static final int MAX_PAGE = 100;
    private static final long MAX_LEFTOVER = 1024 * 1024;
    private static final Set<String> SEND_MODES = Set.of("Production", "Test", "Certification");

    private final EmulatorState state;
    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService processor;
    private final ObjectMapper json;
    private final URI baseUrl;
    private volatile Faults faults = Faults.none();
    /** how many faults of each kind were injected since the start */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> faultsInjected = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Route> routes = new ArrayList<>();

    private PageroEmulator(EmulatorConfig config, Path data, String host, int port, boolean https, Path clientTrust)
            throws IOException, GeneralSecurityException {
        System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
        this.json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        Files.createDirectories(data);
        AtomicInteger n = new AtomicInteger();
        this.processor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "emulator-processing"));
        this.state = new EmulatorState(config, data, json, processor);
        this.httpThreads = Executors.newFixedThreadPool(16, r -> daemon(r, "emulator-http-" + n.incrementAndGet()));
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (https) {
            SSLContext ssl = Certificates.serverContext(data, clientTrust);
            HttpsServer s = HttpsServer.create(address, 1024);
            s.setHttpsConfigurator(new HttpsConfigurator(ssl) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = getSSLContext().getDefaultSSLParameters();
                    p.setProtocols(new String[] { "TLSv1.3", "TLSv1.2" });
                    p.setNeedClientAuth(clientTrust != null);
                    params.setSSLParameters(p);
                }
            });
            this.server = s;
        } else {
            this.server = HttpServer.create(address, 1024);
        }
        defineRoutes();
        server.createContext("/", this::handle);
        server.setExecutor(httpThreads);
        server.start();
        this.baseUrl = URI.create((https ? "https" : "http") + "://" + host + ":" + server.getAddress().getPort());
    }

    /**
     * Starts an emulator.
     *
     * @param config what it knows
     * @param data   where its state, payloads and certificate live (created when missing)
     * @param host   the address to listen on (normally 127.0.0.1)
     * @param port   the port, 0 for any free one
     * @param https  HTTPS (normal) or plain HTTP
     */
    public static PageroEmulator start(EmulatorConfig config, Path data, String host, int port, boolean https)
            throws IOException {
        return start(config, data, host, port, https, null);
    }

    /**
     * Starts an emulator that also demands a client certificate (mutual TLS) trusted by {@code clientTrust} (a
     * PKCS#12 trust store, password {@code changeit}).
     */
    public static PageroEmulator start(EmulatorConfig config, Path data, String host, int port, boolean https,
            Path clientTrust) throws IOException {
        try {
            return new PageroEmulator(config, data, host, port, https, clientTrust);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for the emulator: " + e.getMessage(), e);
        }
    }

    /** @return the base URL, for example {@code https://127.0.0.1:8443} */
    public URI baseUrl() {
        return baseUrl;
    }

    /** @return the data folder (state, payloads, certificate, trust store) */
    public Path data() {
        return state.data();
    }

    @Override
    public void close() {
        server.stop(0);
        httpThreads.shutdown();
        processor.shutdown();
        try {
            httpThreads.awaitTermination(5, TimeUnit.SECONDS);
            processor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        httpThreads.shutdownNow();
        processor.shutdownNow();
        state.close();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---------------------------------------------------------------------------------------------------- routing

    /** A request handler's answer. {@code file} is streamed instead of {@code body} when set. */
    record Response(int status, String contentType, byte[] body, Path file, Map<String, String> headers) {
    }

    /** A request that ends with an error status and a JSON body {@code {"error": ..., "message": ...}}. */
    static final class HttpError extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;
        final Map<String, String> headers;

        HttpError(int status, String code, String message) {
            this(status, code, message, Map.of());
        }

        HttpError(int status, String code, String message, Map<String, String> headers) {
            super(message);
            this.status = status;
            this.code = code;
            this.headers = headers;
        }
    }

    @FunctionalInterface
    interface Handler {
        Response handle(HttpExchange ex, Matcher path) throws Exception;
    }

    private record Route(String method, Pattern path, String group, boolean control, Handler handler) {
    }

    private void route(String method, String regex, String group, Handler handler) {
        routes.add(new Route(method, Pattern.compile(regex), group, false, handler));
    }

    private void control(String method, String regex, Handler handler) {
        routes.add(new Route(method, Pattern.compile(regex), null, true, handler));
    }

    private void defineRoutes() {
        route("POST", "/oauth/v2/oauth-token", "token", this::token);
        route("POST", "/oauth/v2/oauth-revoke", "token", this::revoke);
        route("POST", "/file/v1/files", "files", this::upload);
        route("GET", "/file/v1/files/([^/]+)/fileparts", "files", this::fileparts);
        route("POST", "/file/v1/fileparts/([^/]+)/action", "files", this::partAction);
        route("GET", "/document/v1/documents", "documents", this::listDocuments);
        route("POST", "/document/v1/documents/fetch", "documents", this::fetch);
        route("GET", "/document/v1/documents/([^/]+)/targetdocument", "documents", this::targetDocument);
        route("GET", "/document/v1/documents/([^/]+)", "documents", this::oneDocument);
        control("GET", "/emulator/uploads", this::controlUploads);
        control("POST", "/emulator/companies/([^/]+)/incoming", this::controlIncoming);
        control("POST", "/emulator/documents/([^/]+)/respond", this::controlRespond);
        control("PUT", "/emulator/faults", this::controlFaults);
        control("DELETE", "/emulator/faults", (ex, m) -> {
            faults = Faults.none();
            return ok(Map.of());
        });
        control("PUT", "/emulator/outcomes", this::controlOutcomes);
        control("POST", "/emulator/clock", this::controlClock);
        control("GET", "/emulator/stats", (ex, m) -> {
            Map<String, Object> stats = new java.util.LinkedHashMap<>(state.stats());
            Map<String, Long> injected = new java.util.TreeMap<>();
            faultsInjected.forEach((k, v) -> injected.put(k, v.get()));
            stats.put("faultsInjected", injected);
            return ok(stats);
        });
        control("POST", "/emulator/reset", (ex, m) -> {
            state.reset();
            faults = Faults.none();
            return ok(Map.of());
        });
    }

    private void handle(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        String fault = null;
        Response response;
        try {
            Route route = null;
            Matcher matcher = null;
            boolean pathKnown = false;
            for (Route r : routes) {
                Matcher m = r.path().matcher(path);
                if (m.matches()) {
                    pathKnown = true;
                    if (r.method().equals(method)) {
                        route = r;
                        matcher = m;
                        break;
                    }
                }
            }
            if (route == null) {
                throw pathKnown ? new HttpError(405, "method_not_allowed", method + " is not allowed on " + path)
                        : new HttpError(404, "not_found", "no such endpoint: " + path);
            }
            if (route.control() && !ex.getRemoteAddress().getAddress().isLoopbackAddress()) {
                throw new HttpError(403, "forbidden", "the control API answers only on the loopback interface");
            }
            fault = route.group() == null ? null : faults.pick(route.group());
            if (fault != null) {
                faultsInjected.computeIfAbsent(fault, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
            }
            if (fault != null && Faults.HOSTILE.contains(fault)) {
                drain(ex);
                hostile(ex, fault, path);
                REQUESTS.info("{} {} 200 {} ms (fault {}: not carried out)", method, path, elapsed(start), fault);
                return;
            }
            if (fault != null && Set.of("500", "503", "429", "401").contains(fault)) {
                drain(ex);
                response = faultResponse(fault);
            } else {
                response = route.handler().handle(ex, matcher);
            }
        } catch (HttpError e) {
            response = error(e.status, e.code, e.getMessage(), e.headers);
        } catch (Exception e) {
            LOG.warn("Emulator: {} {} failed", method, path, e);
            response = error(500, "server_error", "internal error: " + e);
        }
        if ("reset".equals(fault)) {
            REQUESTS.info("{} {} reset (fault: carried out, connection closed without an answer) {} ms", method, path,
                    elapsed(start));
            drain(ex);
            // The JDK server closes the connection when a handler throws, without sending anything.
            throw new IOException("emulator fault 'reset'");
        }
        if ("slow".equals(fault)) {
            sleep(faults.slowMillis());
        }
        send(ex, response);
        REQUESTS.info("{} {} {} {} ms{}", method, path, response.status(), elapsed(start),
                fault == null ? "" : " (fault " + fault + ")");
    }

    private static long elapsed(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the client went away; nothing to answer
        }
    }

    /**
     * Reads what is left of the request body (at most {@link #MAX_LEFTOVER} bytes) before the answer goes out. The
     * JDK server would otherwise drain it after the answer, on the handler's thread, while the client may already be
     * sending its next request on the same kept-alive TLS connection; now and then that request was then never
     * dispatched and the client waited for its timeout. A body larger than the bound is left, and the server closes
     * the connection after the answer.
     */
    private static void finishReading(HttpExchange ex) {
        try {
            InputStream in = ex.getRequestBody();
            byte[] buffer = new byte[8192];
            long left = MAX_LEFTOVER;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException ignored) {
            // the client went away; the answer will fail the same way
        }
    }

    /**
     * A misbehaving network's answers, instead of carrying the request out: {@code garbage} a proxy's HTML page where
     * JSON belongs, {@code huge} a 64 MiB answer, {@code endless} an answer that never ends (until the client goes).
     */
    private static void hostile(HttpExchange ex, String fault, String path) throws IOException {
        boolean document = path.endsWith("/targetdocument");
        ex.getResponseHeaders().set("Content-Type", document ? "application/xml" : "application/json");
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        try (OutputStream out = ex.getResponseBody()) {
            switch (fault) {
            case "garbage" -> {
                byte[] page = "<html><body><h1>502 Bad Gateway</h1>a proxy's page, not an answer</body></html>"
                        .getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, page.length);
                out.write(page);
            }
            case "huge" -> {
                long size = 64L << 20;
                ex.sendResponseHeaders(200, size);
                byte[] start = (document ? "<Invoice>" : "{\"items\":[],\"pad\":\"").getBytes(StandardCharsets.UTF_8);
                out.write(start);
                for (long left = size - start.length; left > 0; left -= chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
            }
            default -> {                                    // endless: chunked, never ends while someone reads
                ex.sendResponseHeaders(200, 0);
                for (long written = 0; written < 64L << 30; written += chunk.length) {
                    out.write(chunk);
                }
            }
            }
        } catch (IOException e) {
            // the client hung up: what a careful client does with such an answer
        }
    }

    private Response faultResponse(String fault) {
        return switch (fault) {
        case "503" -> error(503, "service_unavailable", "injected fault: service unavailable", Map.of("Retry-After", "1"));
        case "429" -> error(429, "too_many_requests", "injected fault: too many requests", Map.of("Retry-After", "1"));
        case "401" -> error(401, "invalid_token", "injected fault: the access token is not valid",
                Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
        default -> error(500, "server_error", "injected fault: internal server error", Map.of());
        };
    }

    private void send(HttpExchange ex, Response r) throws IOException {
        try {
            finishReading(ex);
            r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            if (r.contentType() != null) {
                ex.getResponseHeaders().set("Content-Type", r.contentType());
            }
            if (r.file() != null) {
                long size = Files.size(r.file());
                ex.sendResponseHeaders(r.status(), size == 0 ? -1 : size);
                try (OutputStream out = ex.getResponseBody()) {
                    Files.copy(r.file(), out);
                }
            } else {
                byte[] body = r.body() == null ? new byte[0] : r.body();
                ex.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } finally {
            ex.close();
        }
    }

    private Response ok(Object body) throws IOException {
        return jsonResponse(200, body);
    }

    private Response jsonResponse(int status, Object body) throws IOException {
        return new Response(status, "application/json", json.writeValueAsBytes(body), null, Map.of());
    }

    private Response error(int status, String code, String message) {
        return error(status, code, message, Map.of());
    }

    private Response error(int status, String code, String message, Map<String, String> headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        try {
            return new Response(status, "application/json", json.writeValueAsBytes(body), null, headers);
        } catch (IOException e) {
            return new Response(status, "text/plain", message.getBytes(StandardCharsets.UTF_8), null, headers);
        }
    }

    // ---------------------------------------------------------------------------------------------------- OAuth2

    private Response token(HttpExchange ex, Matcher m) throws Exception {
        Map<String, List<String>> form = form(ex);
        EmulatorConfig.Client client = clientAuth(ex, form);
        String grant = first(form, "grant_type");
        Events.TokenIssued t;
        if ("password".equals(grant)) {
            t = state.passwordGrant(client.id(), first(form, "username"), first(form, "password"));
            if (t == null) {
                throw new HttpError(400, "invalid_grant", "the username or password is wrong");
            }
        } else if ("refresh_token".equals(grant)) {
            t = state.refreshGrant(client.id(), first(form, "refresh_token"));
            if (t == null) {
                throw new HttpError(400, "invalid_grant", "the refresh token is unknown, used already or revoked");
            }
        } else {
            throw new HttpError(400, grant == null ? "invalid_request" : "unsupported_grant_type",
                    grant == null ? "grant_type is missing" : "grant_type " + grant + " is not supported here");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "bearer");
        body.put("access_token", t.access());
        body.put("refresh_token", t.refresh());
        body.put("scope", "");
        body.put("expires_in", state.config().tokenLifetimeSeconds());
        if (t.rotatedFrom() != null) {
            body.put("claims", "publicid");
        }
        return new Response(200, "application/json", json.writeValueAsBytes(body), null,
                Map.of("Cache-Control", "no-store"));
    }

    private Response revoke(HttpExchange ex, Matcher m) throws Exception {
        Map<String, List<String>> form = form(ex);
        clientAuth(ex, form);
        String token = first(form, "token");
        if (token == null) {
            throw new HttpError(400, "invalid_request", "token is missing");
        }
        state.revoke(token);
        return new Response(200, null, null, null, Map.of());
    }

    /** Client authentication by Basic header or by form fields (both are documented). */
    private EmulatorConfig.Client clientAuth(HttpExchange ex, Map<String, List<String>> form) throws HttpError {
        String id = first(form, "client_id");
        String secret = first(form, "client_secret");
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                    secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                id = null;
            }
        }
        EmulatorConfig.Client client = id == null || secret == null ? null : state.client(id, secret);
        if (client == null) {
            throw new HttpError(401, "invalid_client", "client authentication failed",
                    Map.of("WWW-Authenticate", "Basic realm=\"pagero\""));
        }
        return client;
    }

    private EmulatorConfig.User bearer(HttpExchange ex) throws HttpError {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        EmulatorConfig.User user = null;
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            user = state.bearer(auth.substring(7).trim());
        }
        if (user == null) {
            drain(ex);
            throw new HttpError(401, "invalid_token", "the access token is missing, expired or revoked",
                    Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
        }
        return user;
    }

    // ---------------------------------------------------------------------------------------------------- File API

    private Response upload(HttpExchange ex, Matcher m) throws Exception {
        EmulatorConfig.User user = bearer(ex);
        long max = state.config().maxUploadBytes();
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && Long.parseLong(length.trim()) > max + 64 * 1024) {
            drain(ex); // read it all, so that the client, still sending, can read the answer
            throw new HttpError(413, "payload_too_large", "the request is larger than " + max + " bytes");
        }
        UploadContext ctx = new UploadContext() {
            @Override
            public String getCharacterEncoding() {
                return "UTF-8";
            }

            @Override
            public String getContentType() {
                return ex.getRequestHeaders().getFirst("Content-Type");
            }

            @Override
            @Deprecated
            public int getContentLength() {
                return (int) Math.min(Integer.MAX_VALUE, contentLength());
            }

            @Override
            public long contentLength() {
                return length == null ? -1 : Long.parseLong(length.trim());
            }

            @Override
            public InputStream getInputStream() {
                return ex.getRequestBody();
            }
        };
        String contentType = ctx.getContentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            drain(ex);
            throw new HttpError(415, "unsupported_media_type", "the upload must be multipart/form-data");
        }
        String fileId = UUID.randomUUID().toString();
        Path tmp = state.payloadPath(fileId).resolveSibling(fileId + ".part");
        Map<String, String> fields = new LinkedHashMap<>();
        String fileName = null;
        String sha256 = null;
        long size = -1;
        boolean stored = false;
        try {
            FileUpload parser = new FileUpload();
            parser.setFileSizeMax(max);
            parser.setSizeMax(max + 64 * 1024);
            parser.setFileCountMax(20);
            FileItemIterator it = parser.getItemIterator(ctx);
            while (it.hasNext()) {
                FileItemStream item = it.next();
                try (InputStream in = item.openStream()) {
                    if (item.getFieldName().equals("payload") && size < 0) {
                        MessageDigest digest = sha256();
                        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), digest)) {
                            size = in.transferTo(out);
                        }
                        sha256 = HexFormat.of().formatHex(digest.digest());
                        fileName = item.getName();
                    } else if (item.isFormField()) {
                        fields.put(item.getFieldName(), Streams.asString(in, "UTF-8"));
                    } else {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
            }
            if (size < 0) {
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
                    fields.get("sendMode"), fileName == null ? "payload" : fileName, sha256, size);
            return jsonResponse(201, Map.of("id", fileId));
        } catch (FileUploadBase.FileUploadIOException e) {
            throw uploadError(e.getCause());
        } catch (FileUploadException e) {
            throw uploadError(e);
        } finally {
            if (!stored) {
                Files.deleteIfExists(tmp);
                drain(ex);
            }
        }
    }

    private static HttpError uploadError(Throwable e) {
        if (e instanceof FileUploadBase.SizeLimitExceededException
                || e instanceof FileUploadBase.FileSizeLimitExceededException) {
            return new HttpError(413, "payload_too_large", e.getMessage());
        }
        return new HttpError(400, "invalid_request", "the multipart body cannot be read: " + e.getMessage());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
        EmulatorConfig.User user = bearer(ex);
        String fileId = m.group(1);
        EmulatorState.FileEntry f = ownFile(user, state.file(fileId), fileId);
        List<String> wanted = new ArrayList<>();
        query(ex).getOrDefault("Status", List.of()).forEach(v -> wanted.addAll(EmulatorState.list(v)));
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
        return ok(Map.of("items", items, "meta", Map.of("offset", 0, "total", items.size())));
    }

    private Response partAction(HttpExchange ex, Matcher m) throws Exception {
        EmulatorConfig.User user = bearer(ex);
        String partId = m.group(1);
        EmulatorState.FileEntry f = ownFile(user, state.fileOfPart(partId), partId);
        JsonNode body = jsonBody(ex);
        String action = body.path("action").asText(null);
        if (!"Restart".equals(action) && !"Cancel".equals(action)) {
            throw new HttpError(400, "invalid_request", "action must be Restart or Cancel");
        }
        String refused = state.partAction(f, action);
        if (refused != null) {
            throw new HttpError(409, "conflict", refused);
        }
        return ok(Map.of());
    }

    // ---------------------------------------------------------------------------------------------------- Document API

    private Response listDocuments(HttpExchange ex, Matcher m) throws Exception {
        EmulatorConfig.User user = bearer(ex);
        Map<String, List<String>> q = query(ex);
        List<String> companies = new ArrayList<>();
        q.getOrDefault("companyId", List.of()).forEach(v -> companies.addAll(EmulatorState.list(v)));
        for (String c : companies) {
            if (!user.companies().contains(c)) {
                throw new HttpError(403, "forbidden", "user " + user.username() + " may not read company " + c);
            }
        }
        List<String> scope = companies.isEmpty() ? user.companies() : companies;
        List<String> types = new ArrayList<>();
        q.getOrDefault("documentType", List.of()).forEach(v -> types.addAll(EmulatorState.list(v)));
        String direction = first(q, "direction");
        String fileId = first(q, "fileId");
        String ref = first(q, "referenceDocumentIdentifier");
        String senderRef = first(q, "senderReference");
        String fetchedOnly = first(q, "showFetchedOnly");
        boolean lenient = state.config().showFetchedOnly().equals("lenient");
        int limit = intParam(q, "limit", 10, 1, MAX_PAGE);
        int offset = intParam(q, "offset", 0, 0, Integer.MAX_VALUE);

        Predicate<Doc> filter = d -> scope.contains(d.companyId())
                && (direction == null || direction.equalsIgnoreCase(d.direction()))
                && (types.isEmpty() || types.stream().anyMatch(t -> t.equalsIgnoreCase(d.documentType())))
                && (fileId == null || fileId.equals(d.fileId()))
                && (ref == null || ref.equals(d.referenceDocumentIdentifier()))
                && (senderRef == null || senderRef.equals(d.senderReference()))
                && fetchedMatches(fetchedOnly, lenient, state.isFetched(d.id()));
        List<Doc> all = state.documents(filter);
        List<Map<String, Object>> items = all.stream().skip(offset).limit(limit).map(this::item).toList();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("count", items.size());
        meta.put("limit", limit);
        meta.put("offset", offset);
        meta.put("total", all.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("meta", meta);
        return ok(body);
    }

    private static boolean fetchedMatches(String showFetchedOnly, boolean lenient, boolean fetched) {
        if (showFetchedOnly == null) {
            return true;
        }
        if (Boolean.parseBoolean(showFetchedOnly)) {
            return fetched;
        }
        return lenient || !fetched;
    }

    private Map<String, Object> item(Doc d) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("direction", d.direction());
        info.put("documentType", d.documentType());
        info.put("documentSubType", d.documentSubType());
        info.put("documentIdentifier", d.documentIdentifier());
        info.put("referenceDocumentIdentifier", d.referenceDocumentIdentifier());
        info.put("issueDate", d.issueDate());
        info.put("dueDate", d.dueDate());
        Map<String, Object> amounts = new LinkedHashMap<>();
        amounts.put("currency", d.currency());
        amounts.put("totalAmount", d.total());
        info.put("amounts", amounts);
        info.put("senderParty", party(d.senderName()));
        info.put("receiverParty", party(d.receiverName()));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", d.id());
        item.put("fileId", d.fileId());
        item.put("createTime", Instant.ofEpochMilli(d.createTime()).toString());
        item.put("distribution", "Electronic");
        item.put("isFetched", state.isFetched(d.id()));
        item.put("isSelfBilled", false);
        item.put("sendMode", d.sendMode());
        item.put("senderReference", d.senderReference());
        item.put("sendingCompanyId", d.sendingCompanyId());
        item.put("receivingCompanyId", d.receivingCompanyId());
        item.put("sendingServiceProviderName", "Pagero");
        item.put("receivingServiceProviderName", "Pagero");
        item.put("attachments", List.of());
        item.put("documentReferences", d.referenceDocumentIdentifier() == null ? List.of()
                : List.of(Map.of("documentIdentifier", d.referenceDocumentIdentifier())));
        item.put("eventDetails", List.of());
        item.put("validationErrors", Map.of("noOfErrors", 0));
        item.put("documentInfo", info);
        return item;
    }

    private static Map<String, Object> party(String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("type", "Business");
        p.put("ids", List.of());
        return p;
    }

    private Doc ownDocument(EmulatorConfig.User user, String id) throws HttpError {
        Doc d = state.document(id);
        if (d == null || !user.companies().contains(d.companyId())) {
            throw new HttpError(404, "not_found", "no document " + id);
        }
        return d;
    }

    private Response oneDocument(HttpExchange ex, Matcher m) throws Exception {
        return ok(item(ownDocument(bearer(ex), m.group(1))));
    }

    private Response targetDocument(HttpExchange ex, Matcher m) throws Exception {
        Doc d = ownDocument(bearer(ex), m.group(1));
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (state.config().strictAccept() && accept != null && !accept.contains("*/*") && !accept.contains("xml")) {
            throw new HttpError(406, "not_acceptable", "the target document is XML; Accept was " + accept);
        }
        return new Response(200, "application/xml", null, state.data().resolve(d.content()), Map.of());
    }

    private Response fetch(HttpExchange ex, Matcher m) throws Exception {
        EmulatorConfig.User user = bearer(ex);
        JsonNode ids = jsonBody(ex).path("ids");
        if (!ids.isArray()) {
            throw new HttpError(400, "invalid_request", "the body must be {\"ids\": [...]}");
        }
        List<String> list = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (JsonNode id : ids) {
            Doc d = state.document(id.asText());
            if (d == null || !user.companies().contains(d.companyId())) {
                unknown.add(id.asText());
            } else {
                list.add(d.id());
            }
        }
        if (!unknown.isEmpty()) {
            throw new HttpError(404, "not_found", "no documents " + unknown + "; nothing was marked");
        }
        state.fetch(list);
        return ok(Map.of());
    }

    // ---------------------------------------------------------------------------------------------------- control API

    private Response controlUploads(HttpExchange ex, Matcher m) throws IOException {
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
            EmulatorState.FileEntry f = state.file(u.fileId());
            synchronized (state) {
                item.put("status", f.status);
            }
            out.add(item);
        }
        return ok(out);
    }

    private Response controlIncoming(HttpExchange ex, Matcher m) throws Exception {
        String companyId = m.group(1);
        EmulatorConfig.Company company = state.config().company(companyId);
        if (company == null) {
            throw new HttpError(404, "not_found", "no company " + companyId);
        }
        String id = UUID.randomUUID().toString();
        Path file = state.data().resolve("payloads").resolve(id + ".xml");
        try (InputStream in = ex.getRequestBody(); OutputStream out = Files.newOutputStream(file,
                java.nio.file.StandardOpenOption.CREATE_NEW)) {
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
        String subType = doc.subType() == null ? "Debit" : doc.subType();
        state.addDocument(new Doc(id, null, companyId, "Received", type, subType, doc.number(), doc.referencedNumber(),
                null, "Test", state.now(), null, companyId, doc.sellerName(), nvl(doc.buyerName(), company.name()),
                doc.issueDate(), doc.dueDate(), doc.currency(), doc.total(), state.data().relativize(file).toString(),
                null));
        return jsonResponse(201, Map.of("id", id));
    }

    private Response controlRespond(HttpExchange ex, Matcher m) throws Exception {
        Doc d = state.document(m.group(1));
        if (d == null) {
            throw new HttpError(404, "not_found", "no document " + m.group(1));
        }
        JsonNode body = jsonBody(ex);
        String response = body.path("response").asText(null);
        String reason = body.path("reason").asText(null);
        if (!"RecipientAccept".equals(response) && !"RecipientReject".equals(response)) {
            throw new HttpError(400, "invalid_request", "response must be RecipientAccept or RecipientReject");
        }
        Doc sent = "Sent".equals(d.direction()) ? d : d.peerId() == null ? null : state.document(d.peerId());
        if (sent == null || !"Invoice".equals(sent.documentType())) {
            throw new HttpError(409, "conflict", "document " + d.id() + " is not an invoice sent on this network");
        }
        String id = UUID.randomUUID().toString();
        Path file = state.data().resolve("payloads").resolve(id + ".xml");
        Files.writeString(file, applicationResponse(id, sent, response, reason), StandardCharsets.UTF_8);
        state.addDocument(new Doc(id, null, sent.companyId(), "Received", "ApplicationResponse", response,
                "AR-" + id.substring(0, 8), sent.documentIdentifier(), null, sent.sendMode(), state.now(),
                sent.receivingCompanyId(), sent.companyId(), sent.receiverName(), sent.senderName(), null, null, null,
                null, state.data().relativize(file).toString(), null));
        return jsonResponse(201, Map.of("id", id));
    }

    private static String applicationResponse(String id, Doc invoice, String response, String reason) {
        String code = response.equals("RecipientAccept") ? "AP" : "RE";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ApplicationResponse xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2\"\n"
                + "    xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\"\n"
                + "    xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\n"
                + "  <cbc:CustomizationID>urn:pagero.com:puf:invoice_response:1.0</cbc:CustomizationID>\n"
                + "  <cbc:ProfileID>urn:pagero.com:puf:invoice_response:1.0</cbc:ProfileID>\n"
                + "  <cbc:ID>" + xml(id) + "</cbc:ID>\n"
                + "  <cbc:IssueDate>" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "</cbc:IssueDate>\n"
                + "  <cac:SenderParty><cac:PartyName><cbc:Name>" + xml(nvl(invoice.receiverName(), ""))
                + "</cbc:Name></cac:PartyName></cac:SenderParty>\n"
                + "  <cac:ReceiverParty><cac:PartyName><cbc:Name>" + xml(nvl(invoice.senderName(), ""))
                + "</cbc:Name></cac:PartyName></cac:ReceiverParty>\n"
                + "  <cac:DocumentResponse>\n"
                + "    <cac:Response><cbc:ResponseCode>" + code + "</cbc:ResponseCode>"
                + (reason == null ? "" : "<cac:Status><cbc:StatusReason>" + xml(reason) + "</cbc:StatusReason></cac:Status>")
                + "</cac:Response>\n"
                + "    <cac:DocumentReference><cbc:ID>" + xml(nvl(invoice.documentIdentifier(), ""))
                + "</cbc:ID></cac:DocumentReference>\n"
                + "  </cac:DocumentResponse>\n"
                + "</ApplicationResponse>\n";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String nvl(String a, String b) {
        return a == null ? b : a;
    }

    private Response controlFaults(HttpExchange ex, Matcher m) throws Exception {
        try (InputStream in = ex.getRequestBody()) {
            faults = Faults.of(json.readValue(in, Faults.Spec.class));
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JacksonException e) {
            throw new HttpError(400, "invalid_request", e.getMessage());
        }
        return ok(Map.of());
    }

    private Response controlOutcomes(HttpExchange ex, Matcher m) throws Exception {
        JsonNode body = jsonBody(ex);
        String outcome = body.path("outcome").asText(null);
        if (!"Error".equals(outcome) && !"AwaitingInteraction".equals(outcome)) {
            throw new HttpError(400, "invalid_request", "outcome must be Error or AwaitingInteraction");
        }
        state.forceOutcomes(outcome, body.path("reason").asText(null), body.path("next").asInt(1));
        return ok(Map.of());
    }

    private Response controlClock(HttpExchange ex, Matcher m) throws Exception {
        state.advanceClock(jsonBody(ex).path("advanceSeconds").asLong(0));
        return ok(state.stats());
    }

    // ---------------------------------------------------------------------------------------------------- parsing

    private JsonNode jsonBody(HttpExchange ex) throws HttpError {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
            if (body.length > MAX_FORM_BYTES) {
                throw new HttpError(413, "payload_too_large", "the JSON body is too large");
            }
            return body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            throw new HttpError(400, "invalid_request", "the body is not JSON: " + e.getMessage());
        }
    }

    private static Map<String, List<String>> form(HttpExchange ex) throws HttpError {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            drain(ex);
            throw new HttpError(415, "unsupported_media_type", "the body must be application/x-www-form-urlencoded");
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
            if (body.length > MAX_FORM_BYTES) {
                throw new HttpError(413, "payload_too_large", "the form is too large");
            }
            return parseQuery(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HttpError(400, "invalid_request", "the body cannot be read");
        }
    }

    private static Map<String, List<String>> query(HttpExchange ex) {
        return parseQuery(ex.getRequestURI().getRawQuery());
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            map.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return map;
    }

    private static String first(Map<String, List<String>> map, String key) {
        List<String> v = map.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static int intParam(Map<String, List<String>> q, String key, int dflt, int min, int max) throws HttpError {
        String v = first(q, key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) {
                throw new HttpError(400, "invalid_request", key + " must be at least " + min);
            }
            return Math.min(n, max);
        } catch (NumberFormatException e) {
            throw new HttpError(400, "invalid_request", key + " must be a number, was '" + v + "'");
        }
    }
}
