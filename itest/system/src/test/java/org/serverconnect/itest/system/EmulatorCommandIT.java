package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/serverconnect emulator} as the transport, crash and benchmark tests use it: it prints its URL, exports
 * its certificate for clients to trust, answers the demo's credentials, stops on SIGTERM and keeps its state.
 */
class EmulatorCommandIT {
    private static final Pattern URL = Pattern.compile("(https?://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path folder;

    @Test
    void runsStandaloneOverHttpsAndKeepsItsStateAcrossARestart() throws Exception {
        Path data = folder.resolve("emulator");
        Process p = start("--data", data.toString(), "--port", "0");
        String token;
        try {
            URI base = URI.create(awaitUrl(p));
            assertTrue(base.toString().startsWith("https://127.0.0.1:"), base.toString());
            assertTrue(Files.readString(data.resolve("emulator.pem")).contains("BEGIN CERTIFICATE"));
            HttpClient http = trusting(data.resolve("emulator-truststore.p12"));
            HttpResponse<String> t = http.send(HttpRequest.newBuilder(base.resolve("/oauth/v2/oauth-token"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo-client:demo-secret".getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=acme-api&password=acme-pass")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, t.statusCode(), t.body());
            Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(t.body());
            assertTrue(m.find(), t.body());
            token = m.group(1);
        } finally {
            p.destroy();
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stops on SIGTERM");

        Process again = start("--data", data.toString());
        try {
            URI base = URI.create(awaitUrl(again));
            HttpResponse<String> docs = trusting(data.resolve("emulator-truststore.p12")).send(
                    HttpRequest.newBuilder(base.resolve("/document/v1/documents")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, docs.statusCode(), "a token issued before the restart is still valid: " + docs.body());
        } finally {
            again.destroy();
            again.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void plainHttpOnlyWhenAskedAndUsageErrorsExitWith2() throws Exception {
        Process p = start("--data", folder.resolve("plain").toString(), "--http");
        try {
            assertTrue(awaitUrl(p).startsWith("http://127.0.0.1:"));
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
        Process bad = start("--port", "1");
        assertTrue(bad.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, bad.exitValue());
    }

    private Process start(String... args) throws Exception {
        Path dist = Path.of(System.getProperty("serverconnect.dist"));
        List<String> command = new java.util.ArrayList<>(List.of(dist.resolve("bin/serverconnect").toString(), "emulator"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads the process's output until the line with the base URL. */
    private static String awaitUrl(Process p) throws Exception {
        InputStream in = p.getInputStream();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = URL.matcher(line);
            if (line.contains("listening on") && m.find()) {
                // keep draining its output so that it never blocks on a full pipe
                Thread drain = new Thread(() -> {
                    try {
                        reader.transferTo(java.io.Writer.nullWriter());
                    } catch (java.io.IOException ignored) {
                        // process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new AssertionError("the emulator printed no URL:\n" + seen);
    }

    private static HttpClient trusting(Path truststore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore)) {
            ks.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
