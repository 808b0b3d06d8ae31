package org.serverconnect.itest.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import javax.net.ssl.SSLContext;

import org.serverconnect.itest.system.EmulatorProcess;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The Pagero Online emulator as a separate process over HTTPS on 127.0.0.1, with what the baselines need of it. */
final class Emulator implements AutoCloseable {
    static final String CLIENT = "demo-client";
    static final String SECRET = "demo-secret";

    final Path data;
    final URI base;
    private final Process process;
    private final HttpClient control;

    private Emulator(Path data, Process process, URI base) throws Exception {
        this.data = data;
        this.process = process;
        this.base = base;
        this.control = EmulatorProcess.trusting(truststore());
    }

    static Emulator start(Path data, String... more) throws Exception {
        String[] args = new String[4 + more.length];
        args[0] = "--data";
        args[1] = data.toString();
        args[2] = "--port";
        args[3] = "0";
        System.arraycopy(more, 0, args, 4, more.length);
        Process p = EmulatorProcess.start(args);
        return new Emulator(data, p, URI.create(EmulatorProcess.awaitUrl(p)));
    }

    long pid() {
        return process.pid();
    }

    Path truststore() {
        return data.resolve("emulator-truststore.p12");
    }

    /** An SSL context that trusts the emulator's certificate only, as the baselines are configured. */
    SSLContext ssl() throws Exception {
        return EmulatorProcess.sslContext(truststore());
    }

    /** An access token by the password grant, as the baselines log in once before their loop. */
    String token(String user, String password) throws Exception {
        HttpResponse<String> r = control.send(HttpRequest.newBuilder(base.resolve("/oauth/v2/oauth-token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=" + user + "&password=" + password))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login answered " + r.statusCode() + ": " + r.body());
        }
        return new ObjectMapper().readTree(r.body()).path("access_token").asText();
    }

    /** A call to the emulator's control interface ({@code /emulator/...}). */
    String control(String method, String path, String json) throws Exception {
        HttpResponse<String> r = control.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() {
        process.destroy();
    }
}
