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
    @TempDir
    Path folder;

    @Test
    void runsStandaloneOverHttpsAndKeepsItsStateAcrossARestart() throws Exception {
        Path data = folder.resolve("emulator");
        Process p = EmulatorProcess.start("--data", data.toString(), "--port", "0");
        String token;
        try {
            URI base = URI.create(EmulatorProcess.awaitUrl(p));
            assertTrue(base.toString().startsWith("https://127.0.0.1:"), base.toString());
            assertTrue(Files.readString(data.resolve("emulator.pem")).contains("BEGIN CERTIFICATE"));
            HttpClient http = EmulatorProcess.trusting(data.resolve("emulator-truststore.p12"));
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

        Process again = EmulatorProcess.start("--data", data.toString());
        try {
            URI base = URI.create(EmulatorProcess.awaitUrl(again));
            HttpResponse<String> docs = EmulatorProcess.trusting(data.resolve("emulator-truststore.p12")).send(
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
        Process p = EmulatorProcess.start("--data", folder.resolve("plain").toString(), "--http");
        try {
            assertTrue(EmulatorProcess.awaitUrl(p).startsWith("http://127.0.0.1:"));
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
        Process bad = EmulatorProcess.start("--port", "1");
        assertTrue(bad.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, bad.exitValue());
    }
}
