package org.serverconnect.pagero.emulator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.serverconnect.pagero.emulator.internal.EmulatorClient.Answer;
import org.serverconnect.pagero.emulator.internal.EmulatorClient.Part;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The File API: what an upload must look like, and how a file is processed in parts into documents or errors.
 */
class FileApiContractTest extends ContractTestSupport {
    private static final byte[] INVOICE = EmulatorClient.ublInvoice("INV-1", "0007", "5560000001");

    // ------------------------------------------------------------------------------------------------ upload

    @Test
    void uploadRulesMultipartRequiredPartsCompanyAndSize() throws Exception {
        String at = client.token("acme", "pw-a");
        Answer ok = client.upload(at, INVOICE, Map.of("sendingCompanyId", ACME, "senderReference", "ref-1"));
        assertEquals(201, ok.status(), ok.body());
        assertNotNull(ok.json().get("id").asText());

        Answer noType = client.upload(at, INVOICE, Map.of("sendingCompanyId", ACME, "documentType", ""));
        assertEquals(400, noType.status());
        assertTrue(noType.json().get("message").asText().contains("documentType"), noType.body());
        Answer noPayload = client.upload(at, null, Map.of("sendingCompanyId", ACME));
        assertEquals(400, noPayload.status());
        assertTrue(noPayload.json().get("message").asText().contains("payload"), noPayload.body());
        Answer badMode = client.upload(at, INVOICE, Map.of("sendingCompanyId", ACME, "sendMode", "Live"));
        assertEquals(400, badMode.status());
        Answer foreign = client.upload(at, INVOICE, Map.of("sendingCompanyId", GLOBEX));
        assertEquals(403, foreign.status(), foreign.body());
        Answer tooBig = client.upload(at, new byte[200 * 1024], Map.of("sendingCompanyId", ACME));
        assertEquals(413, tooBig.status(), tooBig.body());
        Answer notMultipart = client.send(client.request("/file/v1/files").header("Authorization", "Bearer " + at)
                .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofByteArray(INVOICE)));
        assertEquals(415, notMultipart.status());
        Answer noToken = client.upload("expired", INVOICE, Map.of("sendingCompanyId", ACME));
        assertEquals(401, noToken.status());

        JsonNode uploads = uploads();
        assertEquals(1, uploads.size(), "only the accepted upload counts: " + uploads);
        assertEquals("ref-1", uploads.get(0).get("senderReference").asText());
        assertEquals(INVOICE.length, uploads.get(0).get("size").asInt());
        assertEquals(64, uploads.get(0).get("sha256").asText().length());
    }

    @Test
    void thePayloadPartMustCarryAFileName() throws Exception {
        String at = client.token("acme", "pw-a");
        Answer a = client.multipart(at, "multipart/form-data", List.of(new Part("payload", null, INVOICE),
                Part.text("documentType", "Invoice"), Part.text("sendMode", "Test"), Part.text("sendingCompanyId", ACME)));
        assertEquals(400, a.status(), a.body());
        assertTrue(a.json().get("message").asText().contains("filename"), a.body());
        Answer empty = client.upload(at, INVOICE, "", Map.of("sendingCompanyId", ACME));
        assertEquals(400, empty.status(), empty.body());
        assertEquals(0, uploads().size());
    }

    @Test
    void fileNamesFollowPagerosRule() throws Exception {
        String at = client.token("acme", "pw-a");
        List<String> accepted = new ArrayList<>();
        for (String bad : List.of("INV-2024-0042.xml", "invoice 42.xml", "inv?.xml", "inv%41.xml", "inv*.xml",
                "inv:1.xml", "inv|1.xml", "inv<1>.xml", "inv,1.xml", "inv=1.xml", "inv.1.xml", ".xml", "invoice",
                "invoice.", "faktura_\u00e5.xml", "invoice.x-ml", "invoice.x_l")) {
            Answer a = client.upload(at, INVOICE, bad, Map.of("sendingCompanyId", ACME));
            if (a.status() != 400 || !a.json().get("message").asText().contains("file name rule")) {
                accepted.add(bad + " -> " + a.status() + " " + a.body());
            }
        }
        assertEquals(List.of(), accepted, "names that break the rule must be refused with 400 naming the rule");
        Answer hyphen = client.upload(at, INVOICE, "INV-1.xml", Map.of("sendingCompanyId", ACME));
        assertTrue(hyphen.json().get("message").asText().contains("'-' is not allowed"), hyphen.body());
        assertEquals(201, client.upload(at, INVOICE, "sc_4f9c12_INV_2024_0042.xml", Map.of("sendingCompanyId", ACME)).status());
        assertEquals(1, uploads().size());
        assertEquals("sc_4f9c12_INV_2024_0042.xml", uploads().get(0).get("fileName").asText());
    }

    @Test
    void aFileNameIsUsedOncePerCompany() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        assertEquals(201, client.upload(acme, INVOICE, "sc_1_INV_1.xml", Map.of("sendingCompanyId", ACME)).status());
        Answer again = client.upload(acme, INVOICE, "sc_1_INV_1.xml", Map.of("sendingCompanyId", ACME));
        assertEquals(400, again.status(), again.body());
        assertTrue(again.json().get("message").asText().contains("unique"), again.body());
        assertEquals(201, client.upload(globex, INVOICE, "sc_1_INV_1.xml", Map.of("sendingCompanyId", GLOBEX)).status(),
                "another company's file names are its own");
    }

    @Test
    void documentTypeMustBeOnePageroTakes() throws Exception {
        String at = client.token("acme", "pw-a");
        for (String bad : List.of("Bogus", "CreditNote", "invoice")) {
            Answer a = client.upload(at, INVOICE, Map.of("sendingCompanyId", ACME, "documentType", bad));
            assertEquals(400, a.status(), bad + ": " + a.body());
            assertTrue(a.json().get("message").asText().contains("documentType"), a.body());
        }
        for (String good : List.of("Invoice", "PaymentReminder", "ApplicationResponse")) {
            assertEquals(201, client.upload(at, INVOICE, Map.of("sendingCompanyId", ACME, "documentType", good)).status(), good);
        }
    }

    @Test
    void onlyTheFileApisPartsAreTakenAndEachOnce() throws Exception {
        String at = client.token("acme", "pw-a");
        Answer misspelt = client.upload(at, INVOICE, Map.of("sendingCompanyId", ACME, "senderRef", "r-1"));
        assertEquals(400, misspelt.status(), misspelt.body());
        assertTrue(misspelt.json().get("message").asText().contains("senderRef"), misspelt.body());
        List<Part> base = List.of(new Part("payload", "sc_twice.xml", INVOICE), Part.text("documentType", "Invoice"),
                Part.text("sendMode", "Test"), Part.text("sendingCompanyId", ACME));
        for (Part twice : List.of(new Part("payload", "sc_other.xml", INVOICE), Part.text("sendMode", "Production"))) {
            List<Part> parts = new ArrayList<>(base);
            parts.add(twice);
            Answer a = client.multipart(at, "multipart/form-data", parts);
            assertEquals(400, a.status(), twice.name() + " twice: " + a.body());
            assertTrue(a.json().get("message").asText().contains("more than once"), a.body());
        }
        assertEquals(0, uploads().size());
    }

    @Test
    void anUploadMustBeMultipartFormData() throws Exception {
        String at = client.token("acme", "pw-a");
        Answer mixed = client.multipart(at, "multipart/mixed", List.of(new Part("payload", "sc_1.xml", INVOICE),
                Part.text("documentType", "Invoice"), Part.text("sendMode", "Test"), Part.text("sendingCompanyId", ACME)));
        assertEquals(415, mixed.status(), mixed.body());
    }

    // ------------------------------------------------------------------------------------------------ file parts

    @Test
    void everyPartOfAFileIsListedWhileItIsProcessed() throws Exception {
        Settings s = new Settings();
        s.partsPerFile = 3;
        s.processingDelay = 600_000;                // it stays Processing for the whole test
        start(s);
        String acme = client.token("acme", "pw-a");
        String fileId = upload(acme, INVOICE, Map.of("sendingCompanyId", ACME));
        JsonNode parts = parts(acme, fileId);
        assertEquals(3, parts.size(), parts.toString());
        for (int n = 1; n <= 3; n++) {
            JsonNode part = parts.get(n - 1);
            assertEquals("fp-" + fileId + "-" + n, part.get("id").asText());
            assertEquals(fileId, part.get("fileId").asText());
            assertEquals("Processing", part.get("status").asText());
        }
        assertEquals(0, client.get(acme, "/file/v1/files/" + fileId + "/fileparts?Status=Error,AwaitingInteraction")
                .json().get("items").size());
        assertEquals(200, client.postJson(acme, "/file/v1/fileparts/fp-" + fileId + "-2/action", Map.of("action", "Cancel")).status());
        assertEquals(0, parts(acme, fileId).size(), "a cancelled file lists no part");
        assertEquals("Cancelled", uploadStatus(fileId));
    }

    @Test
    void aFailedFileListsOnlyItsLastPartInErrorAndARestartProcessesItAgain() throws Exception {
        Settings s = new Settings();
        s.partsPerFile = 3;
        start(s);
        String acme = client.token("acme", "pw-a");
        client.putJson("/emulator/outcomes", Map.of("outcome", "Error", "reason", "Attachment missing", "next", 1));
        String fileId = upload(acme, INVOICE, Map.of("sendingCompanyId", ACME));
        awaitPart(acme, fileId, "Error");
        JsonNode parts = parts(acme, fileId);
        assertEquals(1, parts.size(), "only the failed part is listed: " + parts);
        assertEquals("fp-" + fileId + "-3", parts.get(0).get("id").asText());
        assertEquals("Attachment missing", parts.get(0).at("/error/description/0").asText());
        assertEquals(0, list(acme, "?fileId=" + fileId).size(), "no document");

        Answer finished = client.postJson(acme, "/file/v1/fileparts/fp-" + fileId + "-1/action", Map.of("action", "Restart"));
        assertEquals(409, finished.status(), "a finished part cannot be restarted: " + finished.body());
        assertEquals(404, client.postJson(acme, "/file/v1/fileparts/fp-" + fileId + "-4/action", Map.of("action", "Restart")).status());
        assertEquals(200, client.postJson(acme, "/file/v1/fileparts/fp-" + fileId + "-3/action", Map.of("action", "Restart")).status());
        await("processed again", () -> list(acme, "?fileId=" + fileId).size() == 1);
        assertEquals(0, parts(acme, fileId).size());
    }

    @Test
    void awaitingInteractionIsOnTheLastPartOnly() throws Exception {
        Settings s = new Settings();
        s.partsPerFile = 2;
        start(s);
        String acme = client.token("acme", "pw-a");
        client.putJson("/emulator/outcomes", Map.of("outcome", "AwaitingInteraction", "next", 1));
        String fileId = upload(acme, INVOICE, Map.of("sendingCompanyId", ACME));
        awaitPart(acme, fileId, "AwaitingInteraction");
        JsonNode parts = parts(acme, fileId);
        assertEquals(1, parts.size(), parts.toString());
        assertEquals("fp-" + fileId + "-2", parts.get(0).get("id").asText());
        assertEquals("AwaitingInteraction", parts.get(0).get("status").asText());
    }

    @Test
    void aPartActionTakesJsonOnly() throws Exception {
        String acme = client.token("acme", "pw-a");
        client.putJson("/emulator/outcomes", Map.of("outcome", "Error", "next", 1));
        String fileId = upload(acme, INVOICE, Map.of("sendingCompanyId", ACME));
        String part = awaitPart(acme, fileId, "Error").get("id").asText();
        String path = "/file/v1/fileparts/" + part + "/action";
        assertEquals(415, client.post(acme, path, null, "{\"action\":\"Cancel\"}").status());
        assertEquals(415, client.post(acme, path, "text/plain", "{\"action\":\"Cancel\"}").status());
        assertEquals("Error", uploadStatus(fileId), "nothing was done");
        assertEquals(200, client.post(acme, path, "application/json; charset=UTF-8", "{\"action\":\"Cancel\"}").status());
    }

    @Test
    void thePartsQueryTakesStatusOnlyWithKnownWords() throws Exception {
        String acme = client.token("acme", "pw-a");
        String fileId = upload(acme, INVOICE, Map.of("sendingCompanyId", ACME));
        Answer unknown = client.get(acme, "/file/v1/files/" + fileId + "/fileparts?Status=Failed");
        assertEquals(400, unknown.status(), unknown.body());
        Answer lowercase = client.get(acme, "/file/v1/files/" + fileId + "/fileparts?status=Error");
        assertEquals(400, lowercase.status(), "a misspelt parameter is refused, not ignored: " + lowercase.body());
        assertEquals(200, client.get(acme, "/file/v1/files/" + fileId + "/fileparts?Status=AwaitingInteraction,Error").status());
    }

    // ------------------------------------------------------------------------------------------------ processing

    @Test
    void documentsAppearOnlyAfterTheProcessingLag() throws Exception {
        Settings s = new Settings();
        s.documentLagMillis = 300_000L;
        start(s);
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String fileId = upload(acme, INVOICE, Map.of("sendingCompanyId", ACME));
        assertEquals("Processed", awaitProcessed(fileId));
        assertEquals(0, parts(acme, fileId).size(), "processing is over: no part is listed");
        assertEquals(0, list(acme, "?fileId=" + fileId).size(), "but there is no document yet");
        assertEquals(0, list(globex, "?direction=Received").size());

        advanceClock(299);
        assertEquals(0, list(acme, "?fileId=" + fileId).size(), "still in the lag");
        advanceClock(1);
        assertEquals(1, list(acme, "?fileId=" + fileId).size(), "the lag is over");
        assertEquals(1, list(globex, "?direction=Received").size());
    }

    @Test
    void duplicateControlStopsANumberAlreadySentInTheFiscalYear() throws Exception {
        Settings s = new Settings();
        s.duplicateControl = 4;                     // the fiscal year starts on 1 April
        start(s);
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String first = upload(acme, EmulatorClient.ublInvoice("D-1", "0007", "5560000001", "2026-11-20"),
                Map.of("sendingCompanyId", ACME));
        assertEquals("Processed", awaitProcessed(first));

        String again = upload(acme, EmulatorClient.ublInvoice("D-1", "0007", "5560000001", "2027-03-31"),
                Map.of("sendingCompanyId", ACME));
        assertEquals("Error", awaitProcessed(again));
        JsonNode part = parts(acme, again).get(0);
        assertEquals("Error", part.get("status").asText());
        assertEquals("Duplicate document number D-1: already sent in the fiscal year starting 2026-04-01 (file "
                + first + ").", part.at("/error/description/0").asText());
        assertEquals(0, list(acme, "?fileId=" + again).size(), "a duplicate makes no document");

        String nextYear = upload(acme, EmulatorClient.ublInvoice("D-1", "0007", "5560000001", "2027-04-01"),
                Map.of("sendingCompanyId", ACME));
        assertEquals("Processed", awaitProcessed(nextYear), "a new fiscal year");
        String otherSender = upload(globex, EmulatorClient.ublInvoice("D-1", "0007", "5567321707", "2026-11-20"),
                Map.of("sendingCompanyId", GLOBEX));
        assertEquals("Processed", awaitProcessed(otherSender), "another company's numbers are its own");

        client.putJson("/emulator/outcomes", Map.of("outcome", "Error", "next", 1));
        String failed = upload(acme, EmulatorClient.ublInvoice("D-2", "0007", "5560000001"), Map.of("sendingCompanyId", ACME));
        assertEquals("Error", awaitProcessed(failed));
        String retried = upload(acme, EmulatorClient.ublInvoice("D-2", "0007", "5560000001"), Map.of("sendingCompanyId", ACME));
        assertEquals("Processed", awaitProcessed(retried), "only a file that became a document counts as sent");
    }

    @Test
    void withoutDuplicateControlANumberCanBeSentTwice() throws Exception {
        String acme = client.token("acme", "pw-a");
        for (int i = 0; i < 2; i++) {
            String fileId = upload(acme, EmulatorClient.ublInvoice("D-9", "0007", "5560000001"), Map.of("sendingCompanyId", ACME));
            assertEquals("Processed", awaitProcessed(fileId));
        }
    }

    @Test
    void notWellFormedOrUnroutableDocumentsFailOnTheirLastPartWithAReadableReason() throws Exception {
        Settings s = new Settings();
        s.partsPerFile = 2;
        start(s);
        String acme = client.token("acme", "pw-a");
        String broken = upload(acme, "<Invoice><cbc:ID>1</Invoice>".getBytes(StandardCharsets.UTF_8),
                Map.of("sendingCompanyId", ACME));
        String nobody = upload(acme, EmulatorClient.ublInvoice("INV-X", "0007", "9999999999"), Map.of("sendingCompanyId", ACME));
        String wrongNs = upload(acme, new String(INVOICE, StandardCharsets.UTF_8).replace("xsd:Invoice-2", "xsd:Invoice-3")
                .getBytes(StandardCharsets.UTF_8), Map.of("sendingCompanyId", ACME));
        assertTrue(awaitPart(acme, wrongNs, "Error").at("/error/description/0").asText().contains("not an invoice"));
        JsonNode b = awaitPart(acme, broken, "Error");
        assertTrue(b.at("/error/description/0").asText().contains("not well-formed"), b.toString());
        assertEquals("fp-" + broken + "-2", b.get("id").asText());
        assertEquals(1, parts(acme, broken).size());
        JsonNode n = awaitPart(acme, nobody, "Error");
        assertTrue(n.at("/error/description/0").asText().contains("0007:9999999999"), n.toString());
        assertEquals(0, list(acme, "?fileId=" + nobody).size());
        assertEquals(404, client.get(client.token("globex", "pw-g"), "/file/v1/files/" + broken + "/fileparts").status(),
                "another company's file is not visible");
    }

    @Test
    void theContentMustBeWhatItsDocumentTypeSays() throws Exception {
        String acme = client.token("acme", "pw-a");
        byte[] response = EmulatorClient.applicationResponse("AR-1", "INV-1", "AP", "0007", "5560000001");
        String responseAsInvoice = upload(acme, response, Map.of("sendingCompanyId", ACME));
        String invoiceAsResponse = upload(acme, INVOICE, Map.of("sendingCompanyId", ACME, "documentType", "ApplicationResponse"));
        assertTrue(awaitPart(acme, responseAsInvoice, "Error").at("/error/description/0").asText()
                .contains("sent as documentType Invoice, but it is an ApplicationResponse"));
        assertTrue(awaitPart(acme, invoiceAsResponse, "Error").at("/error/description/0").asText()
                .contains("sent as documentType ApplicationResponse"));
    }

    @Test
    void anUploadedApplicationResponseTakesItsSubTypeFromItsResponseCode() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String fileId = upload(globex, EmulatorClient.applicationResponse("AR-77", "INV-77", "RE", "0007", "5567321707"),
                Map.of("sendingCompanyId", GLOBEX, "documentType", "ApplicationResponse"));
        assertEquals("Processed", awaitProcessed(fileId));
        JsonNode items = list(acme, "?documentType=ApplicationResponse&direction=Received&referenceDocumentIdentifier=INV-77");
        assertEquals(1, items.size(), items.toString());
        assertEquals("RecipientReject", items.get(0).at("/documentInfo/documentSubType").asText());
        assertEquals("AR-77", items.get(0).at("/documentInfo/documentIdentifier").asText());
    }

    @Test
    void aCertificationDocumentIsProcessedButNeverForwarded() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String fileId = upload(acme, INVOICE, Map.of("sendingCompanyId", ACME, "sendMode", "Certification"));
        assertEquals("Processed", awaitProcessed(fileId));
        JsonNode sent = list(acme, "?fileId=" + fileId);
        assertEquals(1, sent.size());
        assertEquals("Certification", sent.get(0).get("sendMode").asText());
        assertEquals(0, sent.get(0).get("eventDetails").size(), "not delivered");
        assertEquals(0, list(globex, "?direction=Received").size(), "the receiver never sees it");
        assertEquals(409, client.postJson(null, "/emulator/documents/" + sent.get(0).get("id").asText() + "/respond",
                Map.of("response", "RecipientAccept")).status(), "nobody can answer it");
    }

    @Test
    void cancellingAnErrorEndsTheFile() throws Exception {
        String acme = client.token("acme", "pw-a");
        String bad = upload(acme, "not xml".getBytes(StandardCharsets.UTF_8), Map.of("sendingCompanyId", ACME));
        String badPart = awaitPart(acme, bad, "Error").get("id").asText();
        assertEquals(200, client.postJson(acme, "/file/v1/fileparts/" + badPart + "/action", Map.of("action", "Cancel")).status());
        assertEquals(0, parts(acme, bad).size());
        assertEquals(409, client.postJson(acme, "/file/v1/fileparts/" + badPart + "/action", Map.of("action", "Restart")).status());
        assertEquals(400, client.postJson(acme, "/file/v1/fileparts/" + badPart + "/action", Map.of("action", "Delete")).status());
        assertEquals(404, client.postJson(acme, "/file/v1/fileparts/fp-nothing/action", Map.of("action", "Cancel")).status());
    }

    @Test
    void awaitingInteractionCanBeRestarted() throws Exception {
        String acme = client.token("acme", "pw-a");
        client.putJson("/emulator/outcomes", Map.of("outcome", "AwaitingInteraction", "next", 1));
        String fileId = upload(acme, INVOICE, Map.of("sendingCompanyId", ACME));
        JsonNode part = awaitPart(acme, fileId, "AwaitingInteraction");
        String partId = part.get("id").asText();
        assertTrue(part.at("/error/description/0").asText().contains("awaiting interaction"), part.toString());
        assertEquals(200, client.postJson(acme, "/file/v1/fileparts/" + partId + "/action", Map.of("action", "Restart")).status());
        await(() -> list(acme, "?fileId=" + fileId).size() == 1);
        Answer again = client.postJson(acme, "/file/v1/fileparts/" + partId + "/action", Map.of("action", "Restart"));
        assertEquals(409, again.status(), "a processed part cannot be restarted: " + again.body());
    }
}
