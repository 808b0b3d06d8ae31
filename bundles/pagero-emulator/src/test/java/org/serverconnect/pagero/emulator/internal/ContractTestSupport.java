package org.serverconnect.pagero.emulator.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.pagero.emulator.internal.EmulatorClient.Answer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the contract tests share: an emulator over HTTPS with three companies (Acme and Globex have a user each), a
 * plain client, and helpers that wait by polling with a deadline.
 */
abstract class ContractTestSupport {
    static final String ACME = "a0000000-0000-4000-8000-000000000001";
    static final String GLOBEX = "b0000000-0000-4000-8000-000000000002";
    static final String INITECH = "c0000000-0000-4000-8000-000000000003";

    /** The emulator's settings for one test; the defaults are the emulator's own, with a short processing delay. */
    static final class Settings {
        long maxUpload = 64 * 1024;
        int processingDelay = 50;
        String showFetchedOnly;
        Integer partsPerFile;
        Long documentLagMillis;
        Integer duplicateControl;
        Boolean fetchRequiresDownload;
        Boolean strictAccept;

        EmulatorConfig config() {
            return new EmulatorConfig(List.of(new EmulatorConfig.Client("c1", "s1")),
                    List.of(new EmulatorConfig.Company(ACME, "Acme", List.of("0007:5567321707")),
                            new EmulatorConfig.Company(GLOBEX, "Globex", List.of("0007:5560000001", "9930:DE123456789")),
                            new EmulatorConfig.Company(INITECH, "Initech", List.of("0088:1234567890123"))),
                    List.of(new EmulatorConfig.User("acme", "pw-a", List.of(ACME)),
                            new EmulatorConfig.User("globex", "pw-g", List.of(GLOBEX))),
                    600, processingDelay, maxUpload, showFetchedOnly, strictAccept, partsPerFile, documentLagMillis,
                    duplicateControl, fetchRequiresDownload);
        }
    }

    @TempDir
    Path data;
    PageroEmulator emulator;
    EmulatorClient client;

    static EmulatorConfig config(long maxUpload) {
        Settings s = new Settings();
        s.maxUpload = maxUpload;
        return s.config();
    }

    @BeforeEach
    void start() throws Exception {
        start(new Settings());
    }

    /** (Re)starts the emulator with these settings, on the same data folder. */
    void start(Settings settings) throws Exception {
        if (emulator != null) {
            emulator.close();
        }
        emulator = PageroEmulator.start(settings.config(), data, "127.0.0.1", 0, true);
        client = new EmulatorClient(emulator.baseUrl(), data.resolve("emulator-truststore.p12"), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    JsonNode stats() throws Exception {
        return client.send(client.request("/emulator/stats").GET()).json();
    }

    JsonNode uploads() throws Exception {
        return client.send(client.request("/emulator/uploads").GET()).json();
    }

    /** The status {@code /emulator/uploads} shows for a file. */
    String uploadStatus(String fileId) throws Exception {
        for (JsonNode u : uploads()) {
            if (u.get("fileId").asText().equals(fileId)) {
                return u.get("status").asText();
            }
        }
        throw new AssertionError("no upload " + fileId);
    }

    /** Uploads and returns the file id (asserting 201). */
    String upload(String token, byte[] payload, Map<String, String> parts) throws Exception {
        Answer a = client.upload(token, payload, parts);
        if (a.status() != 201) {
            throw new AssertionError("upload: " + a.status() + " " + a.body());
        }
        return a.json().get("id").asText();
    }

    /** Waits until processing of the file has ended, and returns its status ({@code Processed}, {@code Error}, ...). */
    String awaitProcessed(String fileId) throws Exception {
        await("file " + fileId + " processed", () -> !uploadStatus(fileId).equals("Processing"));
        return uploadStatus(fileId);
    }

    /** The file's parts as listed (all statuses). */
    JsonNode parts(String token, String fileId) throws Exception {
        return client.get(token, "/file/v1/files/" + fileId + "/fileparts").json().get("items");
    }

    JsonNode awaitPart(String token, String fileId, String status) throws Exception {
        await(() -> client.get(token, "/file/v1/files/" + fileId + "/fileparts?Status=" + status).json().get("items")
                .size() == 1);
        return client.get(token, "/file/v1/files/" + fileId + "/fileparts?Status=" + status).json().get("items").get(0);
    }

    /** The documents a query lists. */
    JsonNode list(String token, String query) throws Exception {
        Answer a = client.get(token, "/document/v1/documents" + query);
        if (a.status() != 200) {
            throw new AssertionError(query + ": " + a.status() + " " + a.body());
        }
        return a.json().get("items");
    }

    /** Acme sends an invoice to Globex; returns Globex's received document once it is there. */
    JsonNode sendToGlobex(String acme, String globex, String number) throws Exception {
        String fileId = upload(acme, EmulatorClient.ublInvoice(number, "0007", "5560000001"), Map.of("sendingCompanyId", ACME));
        await(number + " received", () -> find(list(globex, "?direction=Received&limit=100"), number) != null);
        assertProcessed(fileId);
        return find(list(globex, "?direction=Received&limit=100"), number);
    }

    private void assertProcessed(String fileId) throws Exception {
        if (!uploadStatus(fileId).equals("Processed")) {
            throw new AssertionError("file " + fileId + " is " + uploadStatus(fileId));
        }
    }

    static JsonNode find(JsonNode items, String number) {
        for (JsonNode item : items) {
            if (item.at("/documentInfo/documentIdentifier").asText().equals(number)) {
                return item;
            }
        }
        return null;
    }

    Answer download(String token, String id) throws Exception {
        return client.get(token, "/document/v1/documents/" + id + "/targetdocument");
    }

    Answer fetch(String token, String... ids) throws Exception {
        return client.postJson(token, "/document/v1/documents/fetch", Map.of("ids", List.of(ids)));
    }

    Answer refresh(String refreshToken) throws Exception {
        return client.send(client.request("/oauth/v2/oauth-token").header("Authorization", EmulatorClient.basic("c1", "s1"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token="
                        + refreshToken)));
    }

    void advanceClock(long seconds) throws Exception {
        client.postJson(null, "/emulator/clock", Map.of("advanceSeconds", seconds));
    }

    static void await(Callable<Boolean> condition) throws Exception {
        await("the condition", condition);
    }

    /** Re-checks {@code condition} every few milliseconds; fails naming {@code what} when it is not met in time. */
    static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
