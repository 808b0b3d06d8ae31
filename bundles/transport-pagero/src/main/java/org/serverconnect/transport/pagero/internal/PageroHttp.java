package org.serverconnect.transport.pagero.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.ssl.SSLContextBuilder;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.serverconnect.api.transport.TransportException;
import org.serverconnect.api.transport.TransportException.Outcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The HTTP side of one connection: a pooled HttpClient 5 with verified TLS 1.2/1.3 (the JVM's trust store or the
 * configured one, hostname verification always on), optional client certificate and proxy, no automatic retries,
 * and the classification of every failure into {@link Outcome RETRY, FINAL or UNKNOWN}.
 */
final class PageroHttp implements AutoCloseable {
    private final CloseableHttpClient client;
    private final PoolingHttpClientConnectionManager pool;
    private final RequestConfig requestConfig;

    PageroHttp(PageroSettings s) throws IOException {
        SSLContext ssl;
        try {
            SSLContextBuilder b = SSLContexts.custom();
            if (s.truststore() != null) {
                b.loadTrustMaterial(load(s.truststore(), s.truststorePassword()), null);
            } else {
                b.loadTrustMaterial((KeyStore) null, null);      // the JVM's default trust store
            }
            if (s.keystore() != null) {
                char[] pw = s.keystorePassword() == null ? new char[0] : s.keystorePassword().toCharArray();
                b.loadKeyMaterial(load(s.keystore(), s.keystorePassword()), pw);
            }
            ssl = b.build();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for connection " + s.name() + ": " + e.getMessage(), e);
        }
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(ssl,
                        new String[] { TLS.V_1_3.getId(), TLS.V_1_2.getId() }, null, null, new DefaultHostnameVerifier()))
                .setMaxConnTotal(s.maxConnections()).setMaxConnPerRoute(s.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(s.connectTimeout()))
                        .setSocketTimeout(Timeout.of(s.readTimeout()))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1)).build())
                .build();
        this.requestConfig = RequestConfig.custom().setResponseTimeout(Timeout.of(s.readTimeout())).build();
        HttpClientBuilder builder = HttpClients.custom().setConnectionManager(pool).disableAutomaticRetries()
                .disableRedirectHandling().disableCookieManagement().setDefaultRequestConfig(requestConfig)
                .setUserAgent("ServerConnect");
        if (s.proxy() != null) {
            HttpHost proxy = new HttpHost(s.proxy().getScheme(), s.proxy().getHost(), s.proxy().getPort());
            builder.setProxy(proxy);
            String userInfo = s.proxy().getUserInfo();
            if (userInfo != null && userInfo.contains(":")) {
                BasicCredentialsProvider creds = new BasicCredentialsProvider();
                int colon = userInfo.indexOf(':');
                creds.setCredentials(new AuthScope(proxy), new UsernamePasswordCredentials(userInfo.substring(0, colon),
                        userInfo.substring(colon + 1).toCharArray()));
                builder.setDefaultCredentialsProvider(creds);
            }
        }
        this.client = builder.build();
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(file.toString().endsWith(".jks") ? "JKS" : "PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password == null ? null : password.toCharArray());
        }
        return ks;
    }

    /** An answer read whole (JSON or empty); bodies are small. */
    record Answer(int status, String body, Header retryAfter, Header date) {
    }

    /** The largest answer read whole: Pagero's JSON answers are a few kB; anything near this is not one of them. */
    static final int MAX_ANSWER = 8 << 20;

    /**
     * Sends a request and reads the answer whole, at most {@link #MAX_ANSWER} bytes: a larger or endless answer is
     * refused and its connection dropped (never read to its end), so a misbehaving server cannot exhaust memory or
     * hold a thread.
     *
     * @param idempotent whether repeating it is harmless; decides whether a failure after sending is RETRY or UNKNOWN
     */
    Answer execute(ClassicHttpRequest request, boolean idempotent) throws TransportException {
        try (ClassicHttpResponse r = client.executeOpen(null, request, null)) {
            return new Answer(r.getCode(), r.getEntity() == null ? "" : bounded(request, r.getEntity()),
                    r.getFirstHeader("Retry-After"), r.getFirstHeader("Date"));
        } catch (IOException e) {
            throw failure(request, e, idempotent);
        }
    }

    static String bounded(ClassicHttpRequest request, org.apache.hc.core5.http.HttpEntity entity) throws IOException {
        InputStream in = entity.getContent();
        byte[] body = in.readNBytes(MAX_ANSWER + 1);
        if (body.length > MAX_ANSWER) {
            abort(request);
            throw new IOException("the answer to " + request.getMethod() + " " + request.getRequestUri() + " is larger than "
                    + (MAX_ANSWER >> 20) + " MB: refused");
        }
        in.close();
        java.nio.charset.Charset charset = null;
        try {
            org.apache.hc.core5.http.ContentType type = org.apache.hc.core5.http.ContentType.parse(entity.getContentType());
            charset = type == null ? null : type.getCharset();
        } catch (RuntimeException e) {
            // an unusable content type: read as UTF-8, which is what Pagero answers in
        }
        return new String(body, charset == null ? java.nio.charset.StandardCharsets.UTF_8 : charset);
    }

    /** Drops the request's connection at once, without reading what is left of the answer. */
    static void abort(ClassicHttpRequest request) {
        if (request instanceof org.apache.hc.core5.concurrent.Cancellable c) {
            c.cancel();
        }
    }

    /** Sends a request and hands the open response over; the caller closes it. */
    ClassicHttpResponse open(ClassicHttpRequest request) throws TransportException {
        try {
            return client.executeOpen(null, request, null);
        } catch (IOException e) {
            throw failure(request, e, true);
        }
    }

    static TransportException failure(ClassicHttpRequest request, IOException e, boolean idempotent) {
        String what = request.getMethod() + " " + pathOf(request);
        if (e instanceof UnknownHostException) {
            return new TransportException(Outcome.RETRY, 0, null, what + ": the host name " + e.getMessage()
                    + " cannot be resolved (name lookup); check the URL and the machine's DNS", e);
        }
        if (e instanceof SSLHandshakeException) {
            return new TransportException(Outcome.RETRY, 0, null, what + ": the TLS handshake failed (" + e.getMessage()
                    + "); is the server's certificate trusted (truststore) and is the clock right?", e);
        }
        if (e instanceof HttpHostConnectException || e instanceof ConnectException || e instanceof ConnectTimeoutException) {
            return new TransportException(Outcome.RETRY, 0, null, what + ": cannot connect (" + e.getMessage() + ")", e);
        }
        Outcome o = idempotent ? Outcome.RETRY : Outcome.UNKNOWN;
        String kind = e instanceof InterruptedIOException ? "no answer within the read timeout" : "the connection broke ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        return new TransportException(o, 0, null, what + ": " + kind
                + (o == Outcome.UNKNOWN ? "; the request may have arrived" : ""), e);
    }

    private static String pathOf(ClassicHttpRequest request) {
        try {
            URI u = request.getUri();
            return u.getPath();
        } catch (Exception e) {
            return request.getRequestUri();
        }
    }

    /** The classification of an HTTP error answer. */
    static TransportException status(String what, Answer a, boolean idempotent) {
        int s = a.status();
        Duration retryAfter = retryAfter(a.retryAfter(), a.date());
        String reason = what + ": " + sentence(s) + reason(a.body());
        if (s < 400) {
            // a redirect: the request went elsewhere and was not carried out (automatic redirects are off, so that
            // no token follows one); the documents are not at fault, the URL is
            return new TransportException(Outcome.RETRY, s, retryAfter, reason + "; check the connection's apiUrl and "
                    + "proxy", null);
        }
        if (s == 429 || s == 408) {
            return new TransportException(Outcome.RETRY, s, retryAfter, reason, null);
        }
        if (s == 401) {
            // A freshly issued token refused as well (the caller already renewed it once): the request was not
            // carried out; the login itself works, so try again later rather than give the document up.
            return new TransportException(Outcome.RETRY, s, retryAfter, reason, null);
        }
        if (s >= 500) {
            return new TransportException(idempotent ? Outcome.RETRY : Outcome.UNKNOWN, s, retryAfter, reason, null);
        }
        return new TransportException(Outcome.FINAL, s, null, reason, null);
    }

    /** What an HTTP error status means, as a sentence with the status in it. */
    static String sentence(int status) {
        String what = switch (status) {
        case 400 -> "Pagero Online refused the request as malformed";
        case 401 -> "Pagero Online did not accept the login";
        case 403 -> "Pagero Online refused it: not allowed for this user or company";
        case 404 -> "Pagero Online does not know it";
        case 409 -> "Pagero Online refused it as a conflict with what it has";
        case 413 -> "Pagero Online refused it as too large";
        case 415 -> "Pagero Online refused the file's type";
        case 408 -> "Pagero Online gave up waiting for the request";
        case 429 -> "Pagero Online asked to slow down";
        default -> status >= 500 ? "Pagero Online had a server error"
                : status < 400 ? "Pagero Online redirected the request" : "Pagero Online refused it";
        };
        return what + " (HTTP " + status + ")";
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The network's own words from an error answer: for a JSON body its message ({@code message},
     * {@code error_description}, {@code detail}, {@code title}, or else {@code error}), for plain text the text; an
     * HTML page says nothing a person needs. At most 300 characters.
     */
    static String reason(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String b = body.strip();
        if (b.startsWith("{")) {
            try {
                JsonNode n = JSON.readTree(b);
                for (String field : new String[] { "message", "error_description", "detail", "title", "error" }) {
                    JsonNode v = n.get(field);
                    if (v != null && v.isTextual() && !v.asText().isBlank()) {
                        b = v.asText().strip();
                        break;
                    }
                }
            } catch (IOException e) {
                // not JSON after all: its text, as it came
            }
        } else if (b.startsWith("<")) {
            return "";
        }
        return ": " + (b.length() > 300 ? b.substring(0, 300) + "..." : b);
    }

    /** A size as people read it: {@code 120 MB}, {@code 512 KB}. */
    static String megabytes(long bytes) {
        return bytes >= 1 << 20 ? (bytes + (1 << 19)) / (1 << 20) + " MB" : (bytes + 512) / 1024 + " KB";
    }

    /**
     * How long {@code Retry-After} asks to wait: seconds, or an HTTP date (RFC 9110), measured from the answer's own
     * {@code Date} when it has one (so that clocks that differ do not matter), else from now.
     */
    static Duration retryAfter(Header h, Header date) {
        if (h == null) {
            return null;
        }
        String v = h.getValue().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            // an HTTP date
        }
        try {
            java.time.Instant at = java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            java.time.Instant now = java.time.Instant.now();
            if (date != null) {
                now = java.time.ZonedDateTime.parse(date.getValue().trim(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            }
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (java.time.format.DateTimeParseException e) {
            return null;      // not readable: the caller's own back-off applies
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // connections are gone either way
        }
        pool.close();
    }
}
