package org.serverconnect.itest.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

/**
 * The Pagero Online emulator as a separate process over HTTPS on 127.0.0.1 (a free port), for the system tests and
 * the benchmarks: where it is, its trust store, its control interface, a login. Closing it stops the process.
 */
public final class Emulator implements AutoCloseable {
    /** The OAuth2 client of the emulator's default configuration. */
    public static final String CLIENT = "demo-client";
    public static final String SECRET = "demo-secret";
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    /** Its data folder: certificate, trust store, state. */
    public final Path data;
    /** Its base URL, {@code https://127.0.0.1:PORT}. */
    public final URI base;
    private final Process process;
    private final HttpClient control;

    private Emulator(Path data, Process process, URI base) throws Exception {
        this.data = data;
        this.process = process;
        this.base = base;
        this.control = EmulatorProcess.trusting(truststore());
    }

    /** Starts {@code bin/serverconnect emulator --data DATA --port 0 MORE...} and waits for its URL. */
    public static Emulator start(Path data, String... more) throws Exception {
        String[] args = new String[4 + more.length];
        args[0] = "--data";
        args[1] = data.toString();
        args[2] = "--port";
        args[3] = "0";
        System.arraycopy(more, 0, args, 4, more.length);
        Process p = EmulatorProcess.start(args);
        try {
            return new Emulator(data, p, URI.create(EmulatorProcess.awaitUrl(p)));
        } catch (Exception | AssertionError e) {
            p.destroy();
            throw e;
        }
    }

    public long pid() {
        return process.pid();
    }

    public Path truststore() {
        return data.resolve("emulator-truststore.p12");
    }

    /** An SSL context that trusts the emulator's certificate only. */
    public SSLContext ssl() throws Exception {
        return EmulatorProcess.sslContext(truststore());
    }

    /** An access token by the password grant. */
    public String token(String user, String password) throws Exception {
        HttpResponse<String> r = control.send(HttpRequest.newBuilder(base.resolve("/oauth/v2/oauth-token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=" + user + "&password=" + password))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = ACCESS_TOKEN.matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new AssertionError("login answered " + r.statusCode() + ": " + r.body());
        }
        return m.group(1);
    }

    /**
     * A call to the emulator's control interface ({@code /emulator/...}); a body of {@code null} sends none.
     *
     * @return the answer's body
     * @throws AssertionError when it answers 300 or more
     */
    public String control(String method, String path, String body) throws Exception {
        HttpResponse<String> r = control.send(HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** A document placed in a company's inbox on the network, as if another party had sent it. */
    public void incoming(String companyId, String document) throws Exception {
        control("POST", "/emulator/companies/" + companyId + "/incoming", document);
    }

    @Override
    public void close() {
        process.destroy();
    }
}
