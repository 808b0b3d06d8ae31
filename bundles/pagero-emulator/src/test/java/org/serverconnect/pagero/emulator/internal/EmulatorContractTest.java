package org.serverconnect.pagero.emulator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import org.serverconnect.pagero.emulator.internal.EmulatorClient.Answer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The emulator's HTTP contract where no single API is concerned, tested over HTTPS with a plain client (the JDK's):
 * TLS, OAuth2, faults, state across restarts, robustness. The File API, the Document API and the control API have
 * test classes of their own.
 */
class EmulatorContractTest extends ContractTestSupport {

    // ------------------------------------------------------------------------------------------------ TLS

    @Test
    void certificateIsExportedAsPemAndTrustStoreAndOnlyAClientTrustingItConnects() throws Exception {
        assertTrue(Files.readString(data.resolve("emulator.pem")).startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(emulator.baseUrl().toString().matches("https://127\\.0\\.0\\.1:\\d+"), emulator.baseUrl().toString());
        EmulatorClient untrusting = new EmulatorClient(emulator.baseUrl(), null, Duration.ofSeconds(5));
        assertThrows(SSLHandshakeException.class, () -> untrusting.send(untrusting.request("/emulator/stats").GET()));
        assertEquals(200, client.send(client.request("/emulator/stats").GET()).status());
    }

    // ------------------------------------------------------------------------------------------------ OAuth2

    @Test
    void passwordGrantWithBasicOrFormClientAuthenticationGivesATokenPair() throws Exception {
        Answer basic = client.passwordGrant("c1", "s1", "acme", "pw-a");
        assertEquals(200, basic.status(), basic.body());
        JsonNode t = basic.json();
        assertEquals("bearer", t.get("token_type").asText());
        assertEquals(600, t.get("expires_in").asInt());
        assertTrue(t.hasNonNull("access_token") && t.hasNonNull("refresh_token"));

        Answer form = client.send(client.request("/oauth/v2/oauth-token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(EmulatorClient.form(Map.of("grant_type", "password",
                        "username", "acme", "password", "pw-a", "client_id", "c1", "client_secret", "s1")))));
        assertEquals(200, form.status(), form.body());
    }

    @Test
    void wrongClientIs401WrongUserIsInvalidGrantAndBadRequestsAreRefused() throws Exception {
        Answer badClient = client.passwordGrant("c1", "nope", "acme", "pw-a");
        assertEquals(401, badClient.status());
        assertEquals("invalid_client", badClient.json().get("error").asText());
        Answer badUser = client.passwordGrant("c1", "s1", "acme", "wrong");
        assertEquals(400, badUser.status());
        assertEquals("invalid_grant", badUser.json().get("error").asText());
        Answer grant = client.send(client.request("/oauth/v2/oauth-token").header("Authorization", EmulatorClient.basic("c1", "s1"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        assertEquals(400, grant.status());
        assertEquals("unsupported_grant_type", grant.json().get("error").asText());
        Answer json = client.send(client.request("/oauth/v2/oauth-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(415, json.status());
    }

    @Test
    void refreshTokensAreSingleUseAndRotatedAndAReusedOneIsCounted() throws Exception {
        JsonNode first = client.passwordGrant("c1", "s1", "acme", "pw-a").json();
        String rt1 = first.get("refresh_token").asText();
        Answer refreshed = refresh(rt1);
        assertEquals(200, refreshed.status(), refreshed.body());
        String rt2 = refreshed.json().get("refresh_token").asText();
        assertNotEquals(rt1, rt2);
        assertEquals("publicid", refreshed.json().get("claims").asText());
        assertEquals(200, client.get(refreshed.json().get("access_token").asText(), "/document/v1/documents").status());

        Answer reused = refresh(rt1);
        assertEquals(400, reused.status());
        assertEquals("invalid_grant", reused.json().get("error").asText());
        assertEquals(1, stats().get("refreshTokenReuses").asInt());
        assertEquals(200, refresh(rt2).status(), "the rotated token still works once");
    }

    @Test
    void expiredAndRevokedBearerTokensGet401() throws Exception {
        JsonNode pair = client.passwordGrant("c1", "s1", "acme", "pw-a").json();
        String at = pair.get("access_token").asText();
        assertEquals(200, client.get(at, "/document/v1/documents").status());
        assertEquals(401, client.get("nonsense", "/document/v1/documents").status());
        assertEquals(401, client.send(client.request("/document/v1/documents").GET()).status());

        client.postJson(null, "/emulator/clock", Map.of("advanceSeconds", 601));
        Answer expired = client.get(at, "/document/v1/documents");
        assertEquals(401, expired.status());
        assertTrue(expired.header("WWW-Authenticate").contains("invalid_token"));

        String fresh = client.token("acme", "pw-a");
        Answer revoke = client.send(client.request("/oauth/v2/oauth-revoke").header("Authorization", EmulatorClient.basic("c1", "s1"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + fresh)));
        assertEquals(200, revoke.status());
        assertEquals("", revoke.body());
        assertEquals(401, client.get(fresh, "/document/v1/documents").status());

        JsonNode other = client.passwordGrant("c1", "s1", "acme", "pw-a").json();
        client.send(client.request("/oauth/v2/oauth-revoke").header("Authorization", EmulatorClient.basic("c1", "s1"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + other.get("refresh_token").asText())));
        assertEquals(401, client.get(other.get("access_token").asText(), "/document/v1/documents").status(),
                "revoking a refresh token revokes the access tokens issued with it");
        assertEquals(400, refresh(other.get("refresh_token").asText()).status());
    }

    // ------------------------------------------------------------------------------------------------ faults

    @Test
    void statusFaultsRefuseWithoutDoingAnything() throws Exception {
        String acme = client.token("acme", "pw-a");
        byte[] inv = EmulatorClient.ublInvoice("F-1", "0007", "5560000001");
        for (String kind : List.of("500", "503", "429", "401")) {
            assertEquals(200, client.putJson("/emulator/faults", Map.of("kinds", List.of(kind), "endpoints", List.of("files"), "next", 1)).status());
            Answer a = client.upload(acme, inv, Map.of("sendingCompanyId", ACME));
            assertEquals(Integer.parseInt(kind), a.status(), kind + ": " + a.body());
            if (kind.equals("503") || kind.equals("429")) {
                assertEquals("1", a.header("Retry-After"), kind);
            }
        }
        assertEquals(0, client.send(client.request("/emulator/uploads").GET()).json().size(), "nothing was uploaded");
        assertEquals(201, client.upload(acme, inv, Map.of("sendingCompanyId", ACME)).status(), "only the next N failed");
        assertEquals(400, client.putJson("/emulator/faults", Map.of("kinds", List.of("explode"))).status());
    }

    @Test
    void resetAndSlowFaultsCarryTheRequestOutButTheClientCannotKnow() throws Exception {
        String acme = client.token("acme", "pw-a");
        byte[] inv = EmulatorClient.ublInvoice("F-2", "0007", "5560000001");
        client.putJson("/emulator/faults", Map.of("kinds", List.of("reset"), "endpoints", List.of("files"), "next", 1));
        assertThrows(IOException.class, () -> client.upload(acme, inv, Map.of("sendingCompanyId", ACME, "senderReference", "reset-1")));
        JsonNode uploads = client.send(client.request("/emulator/uploads").GET()).json();
        assertEquals(1, uploads.size());
        assertEquals("reset-1", uploads.get(0).get("senderReference").asText());

        client.putJson("/emulator/faults", Map.of("kinds", List.of("slow"), "endpoints", List.of("files"), "next", 1, "slowMillis", 2000));
        client.timeout = Duration.ofMillis(700);
        assertThrows(HttpTimeoutException.class, () -> client.upload(acme, inv, Map.of("sendingCompanyId", ACME, "senderReference", "slow-1")));
        client.timeout = Duration.ofSeconds(30);
        assertEquals(2, client.send(client.request("/emulator/uploads").GET()).json().size(), "the slow upload happened");
    }

    @Test
    void slowFaultAnswersAfterTheClientGaveUp() throws Exception {
        String acme = client.token("acme", "pw-a");
        client.putJson("/emulator/faults", Map.of("kinds", List.of("slow"), "endpoints", List.of("documents"), "next", 1, "slowMillis", 2000));
        assertThrows(HttpTimeoutException.class, () -> client.send(client.request("/document/v1/documents")
                .timeout(Duration.ofMillis(500)).header("Authorization", "Bearer " + acme).GET()));
        assertEquals(200, client.get(acme, "/document/v1/documents").status(), "the next request is normal");
    }

    @Test
    void faultsByRateHitRoughlyThatShareOfTheChosenEndpointsOnly() throws Exception {
        String acme = client.token("acme", "pw-a");
        client.putJson("/emulator/faults", Map.of("rate", 0.5, "kinds", List.of("500"), "endpoints", List.of("documents"), "seed", 42));
        int failed = 0;
        for (int i = 0; i < 100; i++) {
            if (client.get(acme, "/document/v1/documents").status() == 500) {
                failed++;
            }
        }
        assertTrue(failed > 25 && failed < 75, "failed " + failed + " of 100 at rate 0.5");
        assertEquals(200, client.passwordGrant("c1", "s1", "acme", "pw-a").status(), "token endpoint not chosen");
        assertEquals(200, client.send(client.request("/emulator/faults").DELETE()).status());
        assertEquals(200, client.get(acme, "/document/v1/documents").status());
    }

    // ------------------------------------------------------------------------------------------------ state

    @Test
    void stateSurvivesARestartAndResetForgetsIt() throws Exception {
        String acme = client.token("acme", "pw-a");
        JsonNode pair = client.passwordGrant("c1", "s1", "globex", "pw-g").json();
        client.upload(acme, EmulatorClient.ublInvoice("S-1", "0007", "5560000001"), Map.of("sendingCompanyId", ACME));
        await(() -> client.get(pair.get("access_token").asText(), "/document/v1/documents").json().get("items").size() == 1);

        start(new Settings());

        assertEquals(1, client.get(pair.get("access_token").asText(), "/document/v1/documents").json().get("items").size(),
                "documents and tokens survive a restart");
        assertEquals(200, refresh(pair.get("refresh_token").asText()).status());
        assertEquals(1, client.send(client.request("/emulator/uploads").GET()).json().size());

        assertEquals(200, client.postJson(null, "/emulator/reset", Map.of()).status());
        assertEquals(0, client.send(client.request("/emulator/uploads").GET()).json().size());
        assertEquals(401, client.get(acme, "/document/v1/documents").status(), "tokens are forgotten too");
        assertEquals(200, client.passwordGrant("c1", "s1", "acme", "pw-a").status(), "configuration is kept");
    }

    @Test
    void unknownPathsAndMethodsAreAnsweredNotCrashedOn() throws Exception {
        assertEquals(404, client.send(client.request("/nothing/here").GET()).status());
        assertEquals(405, client.send(client.request("/file/v1/files").GET()).status());
        String acme = client.token("acme", "pw-a");
        assertEquals(400, client.postJson(acme, "/document/v1/documents/fetch", Map.of("ids", "not-a-list")).status());
        assertEquals(200, client.get(acme, "/document/v1/documents").status(), "still serving");
    }

    @Test
    void garbageOnTheWireNeverStopsIt() throws Exception {
        int port = emulator.baseUrl().getPort();
        try (java.net.Socket plain = new java.net.Socket("127.0.0.1", port)) {
            plain.getOutputStream().write("this is not TLS\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            plain.getOutputStream().flush();
        }
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(data.resolve("emulator-truststore.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        tmf.init(ks);
        ssl.init(null, tmf.getTrustManagers(), null);
        for (String junk : List.of("GARBAGE\r\n\r\n", "POST /file/v1/files HTTP/1.1\r\nContent-Length: 99999999\r\n\r\nshort",
                "GET /" + "x".repeat(20000) + " HTTP/1.1\r\n\r\n")) {
            try (java.net.Socket s = ssl.getSocketFactory().createSocket("127.0.0.1", port)) {
                s.setSoTimeout(2000);
                s.getOutputStream().write(junk.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                s.shutdownOutput();
                s.getInputStream().readAllBytes();
            } catch (IOException expected) {
                // the emulator may close the connection; what matters is that it keeps serving
            }
        }
        assertEquals(200, client.passwordGrant("c1", "s1", "acme", "pw-a").status());
    }

}
