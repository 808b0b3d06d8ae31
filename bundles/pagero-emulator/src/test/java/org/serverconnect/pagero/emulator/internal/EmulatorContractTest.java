package org.serverconnect.pagero.emulator.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.pagero.emulator.internal.EmulatorClient.Answer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The emulator's HTTP contract, tested over HTTPS with a plain client (the JDK's), as docs/pagero.md describes it.
 */
class EmulatorContractTest {
    static final String ACME = "a0000000-0000-4000-8000-000000000001";
    static final String GLOBEX = "b0000000-0000-4000-8000-000000000002";
    static final String INITECH = "c0000000-0000-4000-8000-000000000003";

    @TempDir
    Path data;
    PageroEmulator emulator;
    EmulatorClient client;

    static EmulatorConfig config(long maxUpload) {
        return new EmulatorConfig(List.of(new EmulatorConfig.Client("c1", "s1")),
                List.of(new EmulatorConfig.Company(ACME, "Acme", List.of("0007:5567321707")),
                        new EmulatorConfig.Company(GLOBEX, "Globex", List.of("0007:5560000001", "9930:DE123456789")),
                        new EmulatorConfig.Company(INITECH, "Initech", List.of("0088:1234567890123"))),
                List.of(new EmulatorConfig.User("acme", "pw-a", List.of(ACME)),
                        new EmulatorConfig.User("globex", "pw-g", List.of(GLOBEX))),
                600, 50, maxUpload, null, null);
    }

    @BeforeEach
    void start() throws Exception {
        emulator = PageroEmulator.start(config(64 * 1024), data, "127.0.0.1", 0, true);
        client = new EmulatorClient(emulator.baseUrl(), data.resolve("emulator-truststore.p12"), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

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

    // ------------------------------------------------------------------------------------------------ upload

    @Test
    void uploadRulesMultipartRequiredPartsCompanyAndSize() throws Exception {
        String at = client.token("acme", "pw-a");
        byte[] inv = EmulatorClient.ublInvoice("INV-1", "0007", "5560000001");
        Answer ok = client.upload(at, inv, Map.of("sendingCompanyId", ACME, "senderReference", "ref-1"));
        assertEquals(201, ok.status(), ok.body());
        assertNotNull(ok.json().get("id").asText());

        Answer noType = client.upload(at, inv, Map.of("sendingCompanyId", ACME, "documentType", ""));
        assertEquals(400, noType.status());
        assertTrue(noType.json().get("message").asText().contains("documentType"), noType.body());
        Answer noPayload = client.upload(at, null, Map.of("sendingCompanyId", ACME));
        assertEquals(400, noPayload.status());
        assertTrue(noPayload.json().get("message").asText().contains("payload"), noPayload.body());
        Answer badMode = client.upload(at, inv, Map.of("sendingCompanyId", ACME, "sendMode", "Live"));
        assertEquals(400, badMode.status());
        Answer foreign = client.upload(at, inv, Map.of("sendingCompanyId", GLOBEX));
        assertEquals(403, foreign.status(), foreign.body());
        Answer tooBig = client.upload(at, new byte[200 * 1024], Map.of("sendingCompanyId", ACME));
        assertEquals(413, tooBig.status(), tooBig.body());
        Answer notMultipart = client.send(client.request("/file/v1/files").header("Authorization", "Bearer " + at)
                .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofByteArray(inv)));
        assertEquals(415, notMultipart.status());
        Answer noToken = client.upload("expired", inv, Map.of("sendingCompanyId", ACME));
        assertEquals(401, noToken.status());

        JsonNode uploads = client.send(client.request("/emulator/uploads").GET()).json();
        assertEquals(1, uploads.size(), "only the accepted upload counts: " + uploads);
        assertEquals("ref-1", uploads.get(0).get("senderReference").asText());
        assertEquals(inv.length, uploads.get(0).get("size").asInt());
        assertEquals(64, uploads.get(0).get("sha256").asText().length());
    }

    // ------------------------------------------------------------------------------------------------ processing and routing

    @Test
    void aProcessedUblInvoiceIsRoutedToTheBuyersCompanyWithTheSameBytes() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        byte[] inv = EmulatorClient.ublInvoice("INV-100", "0007", "5560000001");
        String fileId = client.upload(acme, inv, Map.of("sendingCompanyId", ACME, "senderReference", "r-100")).json()
                .get("id").asText();

        JsonNode processing = client.get(acme, "/file/v1/files/" + fileId + "/fileparts").json();
        // Immediately after upload the part may still be processing; after the delay it is gone (processed).
        assertTrue(processing.get("items").size() <= 1);
        await(() -> client.get(acme, "/file/v1/files/" + fileId + "/fileparts?Status=AwaitingInteraction,Error,Processing")
                .json().get("items").size() == 0);

        JsonNode sent = client.get(acme, "/document/v1/documents?fileId=" + fileId).json();
        assertEquals(1, sent.get("items").size(), sent.toString());
        JsonNode sentDoc = sent.get("items").get(0);
        assertEquals("Sent", sentDoc.at("/documentInfo/direction").asText());
        assertEquals("INV-100", sentDoc.at("/documentInfo/documentIdentifier").asText());
        assertEquals("r-100", sentDoc.get("senderReference").asText());
        assertEquals(1, client.get(acme, "/document/v1/documents?senderReference=r-100").json().get("items").size());

        JsonNode inbox = client.get(globex, "/document/v1/documents?direction=Received&showFetchedOnly=false").json();
        assertEquals(1, inbox.get("items").size(), inbox.toString());
        JsonNode received = inbox.get("items").get(0);
        assertEquals("INV-100", received.at("/documentInfo/documentIdentifier").asText());
        assertEquals("Invoice", received.at("/documentInfo/documentType").asText());
        assertEquals("Debit", received.at("/documentInfo/documentSubType").asText());
        assertEquals("1250.00", received.at("/documentInfo/amounts/totalAmount").asText());
        assertEquals("Acme AB", received.at("/documentInfo/senderParty/name").asText());
        assertEquals(false, received.get("isFetched").asBoolean());

        Answer target = client.get(globex, "/document/v1/documents/" + received.get("id").asText() + "/targetdocument");
        assertEquals(200, target.status());
        assertEquals("application/xml", target.header("Content-Type"));
        assertArrayEquals(inv, target.raw().body());
        assertEquals(404, client.get(acme, "/document/v1/documents/" + received.get("id").asText() + "/targetdocument").status(),
                "another company's document is not visible");

        assertEquals(200, client.postJson(globex, "/document/v1/documents/fetch", Map.of("ids", List.of(received.get("id").asText()))).status());
        assertEquals(0, client.get(globex, "/document/v1/documents?direction=Received&showFetchedOnly=false").json().get("items").size());
        JsonNode fetched = client.get(globex, "/document/v1/documents?direction=Received&showFetchedOnly=true").json();
        assertEquals(1, fetched.get("items").size());
        assertTrue(fetched.get("items").get(0).get("isFetched").asBoolean());
        assertEquals(200, client.postJson(globex, "/document/v1/documents/fetch", Map.of("ids", List.of(received.get("id").asText()))).status(),
                "fetching twice is harmless");
        Answer unknown = client.postJson(globex, "/document/v1/documents/fetch", Map.of("ids", List.of("no-such-id")));
        assertEquals(404, unknown.status());
    }

    @Test
    void ciiInvoicesAreRoutedByTheirUriUniversalCommunication() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String fileId = client.upload(acme, EmulatorClient.ciiInvoice("CII-7", "9930", "DE123456789"),
                Map.of("sendingCompanyId", ACME)).json().get("id").asText();
        await(() -> client.get(globex, "/document/v1/documents?direction=Received").json().get("items").size() == 1);
        JsonNode doc = client.get(globex, "/document/v1/documents?direction=Received").json().get("items").get(0);
        assertEquals("CII-7", doc.at("/documentInfo/documentIdentifier").asText());
        assertEquals("99.50", doc.at("/documentInfo/amounts/totalAmount").asText());
        assertEquals(0, client.get(acme, "/file/v1/files/" + fileId + "/fileparts").json().get("items").size());
    }

    @Test
    void anInvoiceInsideAPeppolSbdhEnvelopeIsRoutedByTheInvoicesBuyer() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String invoice = new String(EmulatorClient.ublInvoice("SBDH-1", "0007", "5560000001"), StandardCharsets.UTF_8)
                .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "");
        String sbdh = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<StandardBusinessDocument xmlns=\"http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader\">\n"
                + " <StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion>"
                + "<Sender><Identifier Authority=\"iso6523-actorid-upis\">0007:5567321707</Identifier></Sender>"
                + "<Receiver><Identifier Authority=\"iso6523-actorid-upis\">0007:5560000001</Identifier></Receiver>"
                + "</StandardBusinessDocumentHeader>\n" + invoice + "</StandardBusinessDocument>\n";
        client.upload(acme, sbdh.getBytes(StandardCharsets.UTF_8), Map.of("sendingCompanyId", ACME));
        await(() -> client.get(globex, "/document/v1/documents?direction=Received").json().get("items").size() == 1);
        assertEquals("SBDH-1", client.get(globex, "/document/v1/documents?direction=Received").json()
                .at("/items/0/documentInfo/documentIdentifier").asText());
    }

    @Test
    void notWellFormedOrUnroutableDocumentsEndInErrorWithAReadableReason() throws Exception {
        String acme = client.token("acme", "pw-a");
        String broken = client.upload(acme, "<Invoice><cbc:ID>1</Invoice>".getBytes(StandardCharsets.UTF_8),
                Map.of("sendingCompanyId", ACME)).json().get("id").asText();
        String nobody = client.upload(acme, EmulatorClient.ublInvoice("INV-X", "0007", "9999999999"),
                Map.of("sendingCompanyId", ACME)).json().get("id").asText();
        String wrongNs = client.upload(acme, new String(EmulatorClient.ublInvoice("INV-NS", "0007", "5560000001"),
                StandardCharsets.UTF_8).replace("xsd:Invoice-2", "xsd:Invoice-3").getBytes(StandardCharsets.UTF_8),
                Map.of("sendingCompanyId", ACME)).json().get("id").asText();
        assertTrue(awaitPart(acme, wrongNs, "Error").at("/error/description/0").asText().contains("not an invoice"));
        JsonNode b = awaitPart(acme, broken, "Error");
        assertTrue(b.at("/error/description/0").asText().contains("not well-formed"), b.toString());
        JsonNode n = awaitPart(acme, nobody, "Error");
        assertTrue(n.at("/error/description/0").asText().contains("0007:9999999999"), n.toString());
        assertEquals(0, client.get(acme, "/document/v1/documents?fileId=" + nobody).json().get("items").size());
        assertEquals(404, client.get(client.token("globex", "pw-g"), "/file/v1/files/" + broken + "/fileparts").status(),
                "another company's file is not visible");
    }

    @Test
    void awaitingInteractionCanBeRestartedAndAnErrorCanBeCancelled() throws Exception {
        String acme = client.token("acme", "pw-a");
        assertEquals(200, client.putJson("/emulator/outcomes", Map.of("outcome", "AwaitingInteraction", "next", 1)).status());
        String fileId = client.upload(acme, EmulatorClient.ublInvoice("INV-A", "0007", "5560000001"),
                Map.of("sendingCompanyId", ACME)).json().get("id").asText();
        JsonNode part = awaitPart(acme, fileId, "AwaitingInteraction");
        String partId = part.get("id").asText();
        assertTrue(part.at("/error/description/0").asText().contains("awaiting interaction"), part.toString());
        assertEquals(200, client.postJson(acme, "/file/v1/fileparts/" + partId + "/action", Map.of("action", "Restart")).status());
        await(() -> client.get(acme, "/document/v1/documents?fileId=" + fileId).json().get("items").size() == 1);
        Answer again = client.postJson(acme, "/file/v1/fileparts/" + partId + "/action", Map.of("action", "Restart"));
        assertEquals(409, again.status(), "a processed part cannot be restarted: " + again.body());

        String bad = client.upload(acme, "not xml".getBytes(StandardCharsets.UTF_8), Map.of("sendingCompanyId", ACME))
                .json().get("id").asText();
        String badPart = awaitPart(acme, bad, "Error").get("id").asText();
        assertEquals(200, client.postJson(acme, "/file/v1/fileparts/" + badPart + "/action", Map.of("action", "Cancel")).status());
        assertEquals(0, client.get(acme, "/file/v1/files/" + bad + "/fileparts").json().get("items").size());
        assertEquals(400, client.postJson(acme, "/file/v1/fileparts/" + badPart + "/action", Map.of("action", "Delete")).status());
        assertEquals(404, client.postJson(acme, "/file/v1/fileparts/fp-nothing/action", Map.of("action", "Cancel")).status());
    }

    // ------------------------------------------------------------------------------------------------ documents

    @Test
    void documentListFiltersPagesAndSortsNewestFirst() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        for (int i = 1; i <= 5; i++) {
            client.upload(acme, EmulatorClient.ublInvoice("P-" + i, "0007", "5560000001"), Map.of("sendingCompanyId", ACME));
            int uploaded = i;
            await("P-" + i + " delivered", () -> client.get(globex, "/document/v1/documents?direction=Received").json()
                    .get("meta").get("total").asInt() == uploaded);
            // a second later on the emulator's clock: each document has a time of its own, so "newest first" is
            // one order, not one of several for documents made in the same millisecond
            client.postJson(null, "/emulator/clock", Map.of("advanceSeconds", 1));
        }
        JsonNode page = client.get(globex, "/document/v1/documents?direction=Received&limit=2&offset=1").json();
        assertEquals(2, page.get("meta").get("count").asInt());
        assertEquals(2, page.get("meta").get("limit").asInt());
        assertEquals(1, page.get("meta").get("offset").asInt());
        assertEquals(5, page.get("meta").get("total").asInt());
        List<String> all = new ArrayList<>();
        client.get(globex, "/document/v1/documents?direction=Received").json().get("items")
                .forEach(d -> all.add(d.at("/documentInfo/documentIdentifier").asText()));
        assertEquals(List.of("P-5", "P-4", "P-3", "P-2", "P-1"), all, "newest first");
        assertEquals(0, client.get(globex, "/document/v1/documents?direction=Received&documentType=ApplicationResponse")
                .json().get("items").size());
        assertEquals(5, client.get(globex, "/document/v1/documents?documentType=ApplicationResponse&documentType=Invoice&companyId=" + GLOBEX)
                .json().get("items").size());
        assertEquals(5, client.get(acme, "/document/v1/documents?direction=Sent").json().get("items").size());
        assertEquals(403, client.get(acme, "/document/v1/documents?companyId=" + GLOBEX).status());
        assertEquals(400, client.get(acme, "/document/v1/documents?limit=abc").status());
    }

    @Test
    void recipientResponsesAppearInTheSendersInboxReferencingTheInvoiceNumber() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        client.upload(acme, EmulatorClient.ublInvoice("INV-R", "0007", "5560000001"), Map.of("sendingCompanyId", ACME));
        await(() -> client.get(globex, "/document/v1/documents?direction=Received").json().get("items").size() == 1);
        String receivedId = client.get(globex, "/document/v1/documents?direction=Received").json().at("/items/0/id").asText();

        Answer respond = client.postJson(null, "/emulator/documents/" + receivedId + "/respond",
                Map.of("response", "RecipientReject", "reason", "Wrong price on line 2"));
        assertEquals(201, respond.status(), respond.body());
        JsonNode responses = client.get(acme, "/document/v1/documents?documentType=ApplicationResponse&direction=Received"
                + "&showFetchedOnly=false&referenceDocumentIdentifier=INV-R&companyId=" + ACME).json();
        assertEquals(1, responses.get("items").size(), responses.toString());
        JsonNode ar = responses.get("items").get(0);
        assertEquals("RecipientReject", ar.at("/documentInfo/documentSubType").asText());
        String xml = client.get(acme, "/document/v1/documents/" + ar.get("id").asText() + "/targetdocument").body();
        assertTrue(xml.contains("<cbc:ResponseCode>RE</cbc:ResponseCode>") && xml.contains("Wrong price on line 2"), xml);
        assertEquals(400, client.postJson(null, "/emulator/documents/" + receivedId + "/respond", Map.of("response", "Maybe")).status());
    }

    @Test
    void incomingDocumentsCanBePlacedInACompanysInbox() throws Exception {
        byte[] inv = EmulatorClient.ublInvoice("EXT-1", "0007", "5560000001");
        Answer added = client.send(client.request("/emulator/companies/" + GLOBEX + "/incoming")
                .POST(HttpRequest.BodyPublishers.ofByteArray(inv)));
        assertEquals(201, added.status());
        String globex = client.token("globex", "pw-g");
        JsonNode doc = client.get(globex, "/document/v1/documents?direction=Received").json().at("/items/0");
        assertEquals("EXT-1", doc.at("/documentInfo/documentIdentifier").asText());
        assertArrayEquals(inv, client.get(globex, "/document/v1/documents/" + doc.get("id").asText() + "/targetdocument").raw().body());
        assertEquals(404, client.send(client.request("/emulator/companies/nope/incoming")
                .POST(HttpRequest.BodyPublishers.ofByteArray(inv))).status());
    }

    private String[] emulatorPayloads() {
        String[] names = data.resolve("payloads").toFile().list();
        return names == null ? new String[0] : names;
    }

    @Test
    void anIncomingDocumentHasALimit() throws Exception {
        long tooLarge = ControlApi.MAX_INCOMING_BYTES + 1;
        int before = emulatorPayloads().length;
        int status;
        try {
            status = client.send(client.request("/emulator/companies/" + GLOBEX + "/incoming")
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new java.io.InputStream() {
                                long left = tooLarge;

                                @Override
                                public int read() {
                                    return left-- > 0 ? '<' : -1;
                                }

                                @Override
                                public int read(byte[] b, int off, int len) {
                                    if (left <= 0) {
                                        return -1;
                                    }
                                    int n = (int) Math.min(len, left);
                                    java.util.Arrays.fill(b, off, off + n, (byte) '<');
                                    left -= n;
                                    return n;
                                }
                            }), tooLarge))).status();
        } catch (java.io.IOException e) {
            status = 413;          // it may stop reading and close the connection before the client has sent it all
        }
        assertEquals(413, status);
        String globex = client.token("globex", "pw-g");
        assertEquals(0, client.get(globex, "/document/v1/documents?direction=Received").json().at("/items").size(),
                "nothing was received");
        assertEquals(before, emulatorPayloads().length, "nothing of it is kept");
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

        emulator.close();
        emulator = PageroEmulator.start(config(64 * 1024), data, "127.0.0.1", 0, true);
        client = new EmulatorClient(emulator.baseUrl(), data.resolve("emulator-truststore.p12"), Duration.ofSeconds(5));

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

    // ------------------------------------------------------------------------------------------------ helpers

    private Answer refresh(String refreshToken) throws Exception {
        return client.send(client.request("/oauth/v2/oauth-token").header("Authorization", EmulatorClient.basic("c1", "s1"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + refreshToken)));
    }

    private JsonNode stats() throws Exception {
        return client.send(client.request("/emulator/stats").GET()).json();
    }

    private JsonNode awaitPart(String token, String fileId, String status) throws Exception {
        await(() -> {
            JsonNode items = client.get(token, "/file/v1/files/" + fileId + "/fileparts?Status=" + status).json().get("items");
            return items.size() == 1;
        });
        return client.get(token, "/file/v1/files/" + fileId + "/fileparts?Status=" + status).json().get("items").get(0);
    }

    private static void await(Callable<Boolean> condition) throws Exception {
        await("the condition", condition);
    }

    /** Re-checks {@code condition} every few milliseconds; fails naming {@code what} when it is not met in time. */
    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
