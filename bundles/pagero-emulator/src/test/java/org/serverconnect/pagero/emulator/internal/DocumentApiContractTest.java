package org.serverconnect.pagero.emulator.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.serverconnect.pagero.emulator.internal.EmulatorClient.Answer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Document API: routing into inboxes, listing with filters, the fields of an item, downloading, fetching, and the
 * delivery statuses of sent documents.
 */
class DocumentApiContractTest extends ContractTestSupport {

    @Test
    void aProcessedUblInvoiceIsRoutedToTheBuyersCompanyWithTheSameBytes() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        byte[] inv = EmulatorClient.ublInvoice("INV-100", "0007", "5560000001");
        String fileId = upload(acme, inv, Map.of("sendingCompanyId", ACME, "senderReference", "r-100"));
        assertEquals("Processed", awaitProcessed(fileId));
        assertEquals(0, parts(acme, fileId).size(), "a processed file lists no part");

        JsonNode sent = list(acme, "?fileId=" + fileId);
        assertEquals(1, sent.size(), sent.toString());
        assertEquals("Sent", sent.get(0).at("/documentInfo/direction").asText());
        assertEquals("INV-100", sent.get(0).at("/documentInfo/documentIdentifier").asText());

        JsonNode inbox = list(globex, "?direction=Received&showFetchedOnly=false");
        assertEquals(1, inbox.size(), inbox.toString());
        JsonNode received = inbox.get(0);
        assertEquals("INV-100", received.at("/documentInfo/documentIdentifier").asText());
        assertEquals("Invoice", received.at("/documentInfo/documentType").asText());
        assertEquals("Debit", received.at("/documentInfo/documentSubType").asText());
        assertEquals("1250.00", received.at("/documentInfo/amounts/totalAmount").asText());
        assertEquals("Acme AB", received.at("/documentInfo/senderParty/name").asText());
        assertFalse(received.get("isFetched").asBoolean());

        String id = received.get("id").asText();
        Answer target = download(globex, id);
        assertEquals(200, target.status());
        assertEquals("application/xml", target.header("Content-Type"));
        assertArrayEquals(inv, target.raw().body());
        assertEquals(404, download(acme, id).status(), "another company's document is not visible");
        assertEquals(id, client.get(globex, "/document/v1/documents/" + id).json().get("id").asText());
        assertEquals(404, client.get(globex, "/document/v1/documents/no-such-id").status());

        assertEquals(200, fetch(globex, id).status());
        assertEquals(200, fetch(globex, id).status(), "fetching twice is harmless");
        assertEquals(404, fetch(globex, "no-such-id").status());
        assertEquals(404, fetch(acme, id).status(), "another company's document cannot be fetched");
    }

    @Test
    void ciiInvoicesAreRoutedByTheirUriUniversalCommunication() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String fileId = upload(acme, EmulatorClient.ciiInvoice("CII-7", "9930", "DE123456789"), Map.of("sendingCompanyId", ACME));
        await(() -> list(globex, "?direction=Received").size() == 1);
        JsonNode doc = list(globex, "?direction=Received").get(0);
        assertEquals("CII-7", doc.at("/documentInfo/documentIdentifier").asText());
        assertEquals("99.50", doc.at("/documentInfo/amounts/totalAmount").asText());
        assertEquals(0, parts(acme, fileId).size());
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
        upload(acme, sbdh.getBytes(StandardCharsets.UTF_8), Map.of("sendingCompanyId", ACME));
        await(() -> list(globex, "?direction=Received").size() == 1);
        assertEquals("SBDH-1", list(globex, "?direction=Received").get(0).at("/documentInfo/documentIdentifier").asText());
    }

    // ------------------------------------------------------------------------------------------------ listing

    @Test
    void documentListFiltersPagesAndSortsNewestFirst() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        for (int i = 1; i <= 5; i++) {
            upload(acme, EmulatorClient.ublInvoice("P-" + i, "0007", "5560000001"), Map.of("sendingCompanyId", ACME));
            int uploaded = i;
            await("P-" + i + " delivered", () -> client.get(globex, "/document/v1/documents?direction=Received").json()
                    .get("meta").get("total").asInt() == uploaded);
            // a second later on the emulator's clock: each document has a time of its own, so "newest first" is
            // one order, not one of several for documents made in the same millisecond
            advanceClock(1);
        }
        JsonNode page = client.get(globex, "/document/v1/documents?direction=Received&limit=2&offset=1").json();
        assertEquals(2, page.get("meta").get("count").asInt());
        assertEquals(2, page.get("meta").get("limit").asInt());
        assertEquals(1, page.get("meta").get("offset").asInt());
        assertEquals(5, page.get("meta").get("total").asInt());
        List<String> all = new ArrayList<>();
        list(globex, "?direction=Received").forEach(d -> all.add(d.at("/documentInfo/documentIdentifier").asText()));
        assertEquals(List.of("P-5", "P-4", "P-3", "P-2", "P-1"), all, "newest first");
        assertEquals(0, list(globex, "?direction=Received&documentType=ApplicationResponse").size());
        assertEquals(5, list(globex, "?documentType=ApplicationResponse&documentType=Invoice&companyId=" + GLOBEX).size());
        assertEquals(5, list(globex, "?documentType=ApplicationResponse,Invoice").size());
        assertEquals(5, list(acme, "?direction=Sent").size());
        assertEquals(403, client.get(acme, "/document/v1/documents?companyId=" + GLOBEX).status());
    }

    @Test
    void listParametersAreCheckedNotIgnored() throws Exception {
        String acme = client.token("acme", "pw-a");
        for (String query : List.of("?senderreference=r-1", "?sort=createTime", "?direction=received", "?direction=Both",
                "?documentType=Bogus", "?documentType=invoice", "?showFetchedOnly=yes", "?showFetchedOnly=FALSE",
                "?limit=101", "?limit=0", "?limit=abc", "?offset=-1")) {
            Answer a = client.get(acme, "/document/v1/documents" + query);
            assertEquals(400, a.status(), query + ": " + a.body());
        }
        assertEquals(200, client.get(acme, "/document/v1/documents?limit=100&offset=0&showFetchedOnly=false").status());
    }

    @Test
    void itemsCarryOnlyTheDocumentedFields() throws Exception {
        String acme = client.token("acme", "pw-a");
        String fileId = upload(acme, EmulatorClient.ublInvoice("INV-F", "0007", "5560000001"),
                Map.of("sendingCompanyId", ACME, "senderReference", "r-fields"));
        awaitProcessed(fileId);
        JsonNode item = list(acme, "?direction=Sent&senderReference=r-fields").get(0);
        assertEquals(fileId, item.get("fileId").asText(), "the senderReference filter finds it");
        assertFalse(item.has("senderReference"), item.toString());
        assertFalse(item.has("receivingCompanyId"), item.toString());
        assertFalse(item.get("documentInfo").has("referenceDocumentIdentifier"), item.toString());
        assertEquals(0, item.get("documentReferences").size());
        List<String> fields = new ArrayList<>();
        item.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("id", "fileId", "createTime", "distribution", "isFetched", "isSelfBilled", "sendMode",
                "sendingCompanyId", "sendingServiceProviderName", "receivingServiceProviderName", "attachments",
                "documentReferences", "eventDetails", "validationErrors", "documentInfo"), fields);
        assertEquals(0, list(acme, "?senderReference=r-other").size());

        JsonNode upload = uploads().get(0);
        assertEquals("r-fields", upload.get("senderReference").asText(), "the control API still shows it");
        assertTrue(upload.get("fileName").asText().endsWith(".xml"));
    }

    @Test
    void showFetchedOnlyIsStrictByDefault() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String first = sendToGlobex(acme, globex, "SF-1").get("id").asText();
        sendToGlobex(acme, globex, "SF-2");
        assertEquals(200, download(globex, first).status());
        assertEquals(200, fetch(globex, first).status());
        assertEquals(List.of("SF-2"), numbers(list(globex, "?direction=Received&showFetchedOnly=false")));
        assertEquals(List.of("SF-1"), numbers(list(globex, "?direction=Received&showFetchedOnly=true")));
        assertTrue(list(globex, "?direction=Received&showFetchedOnly=true").get(0).get("isFetched").asBoolean());
        assertEquals(2, list(globex, "?direction=Received").size(), "without the parameter: all");
    }

    @Test
    void showFetchedOnlyCanBeLenient() throws Exception {
        Settings s = new Settings();
        s.showFetchedOnly = "lenient";
        start(s);
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String first = sendToGlobex(acme, globex, "SL-1").get("id").asText();
        sendToGlobex(acme, globex, "SL-2");
        download(globex, first);
        assertEquals(200, fetch(globex, first).status());
        assertEquals(2, list(globex, "?direction=Received&showFetchedOnly=false").size(), "lenient: false lists all");
        assertEquals(List.of("SL-1"), numbers(list(globex, "?direction=Received&showFetchedOnly=true")));
    }

    // ------------------------------------------------------------------------------------------------ download and fetch

    @Test
    void aDocumentIsFetchedOnlyAfterItsTargetDocumentWasDownloaded() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String one = sendToGlobex(acme, globex, "DL-1").get("id").asText();
        String two = sendToGlobex(acme, globex, "DL-2").get("id").asText();
        assertEquals(200, download(globex, one).status());

        Answer refused = fetch(globex, one, two);
        assertEquals(409, refused.status(), refused.body());
        assertTrue(refused.json().get("message").asText().contains(two), refused.body());
        assertEquals(2, list(globex, "?direction=Received&showFetchedOnly=false").size(), "nothing was marked");

        assertEquals(200, fetch(globex, one).status(), "the downloaded one can be");
        start(new Settings());                      // "downloaded" is in the journal
        globex = client.token("globex", "pw-g");
        assertEquals(409, fetch(globex, two).status());
        assertEquals(200, download(globex, two).status());
        start(new Settings());
        globex = client.token("globex", "pw-g");
        assertEquals(200, fetch(globex, two).status(), "a download before a restart counts after it");
        assertEquals(0, list(globex, "?direction=Received&showFetchedOnly=false").size());
    }

    @Test
    void aDownloadTheClientNeverGotDoesNotCount() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String id = sendToGlobex(acme, globex, "DL-R").get("id").asText();
        // two: the JDK's client tries a GET again once when the connection is closed under it
        client.putJson("/emulator/faults", Map.of("kinds", List.of("reset"), "endpoints", List.of("documents"), "next", 2));
        assertThrows(IOException.class, () -> download(globex, id));
        client.send(client.request("/emulator/faults").DELETE());
        assertEquals(409, fetch(globex, id).status(), "the connection was closed before the answer");
        client.putJson("/emulator/faults", Map.of("kinds", List.of("garbage"), "endpoints", List.of("documents"), "next", 1));
        assertEquals(200, download(globex, id).status());
        assertEquals(409, fetch(globex, id).status(), "a proxy's page is not the document");
        assertEquals(200, download(globex, id).status());
        assertEquals(200, fetch(globex, id).status());
    }

    @Test
    void fetchingWithoutADownloadCanBeAllowed() throws Exception {
        Settings s = new Settings();
        s.fetchRequiresDownload = false;
        start(s);
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String id = sendToGlobex(acme, globex, "ND-1").get("id").asText();
        assertEquals(200, fetch(globex, id).status());
        assertTrue(client.get(globex, "/document/v1/documents/" + id).json().get("isFetched").asBoolean());
    }

    @Test
    void aFetchTakesJsonOnly() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String id = sendToGlobex(acme, globex, "CT-1").get("id").asText();
        download(globex, id);
        String body = "{\"ids\":[\"" + id + "\"]}";
        assertEquals(415, client.post(globex, "/document/v1/documents/fetch", null, body).status());
        assertEquals(415, client.post(globex, "/document/v1/documents/fetch", "text/plain", body).status());
        assertEquals(415, client.post(globex, "/document/v1/documents/fetch", "application/x-www-form-urlencoded", body).status());
        assertFalse(client.get(globex, "/document/v1/documents/" + id).json().get("isFetched").asBoolean());
        assertEquals(200, client.post(globex, "/document/v1/documents/fetch", "application/json;charset=utf-8", body).status());
        assertEquals(400, client.postJson(globex, "/document/v1/documents/fetch", Map.of("ids", "not-a-list")).status());
    }

    @Test
    void withStrictAcceptATargetDocumentRequestMustAcceptXml() throws Exception {
        Settings s = new Settings();
        s.strictAccept = true;
        start(s);
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String id = sendToGlobex(acme, globex, "AC-1").get("id").asText();
        String path = "/document/v1/documents/" + id + "/targetdocument";
        assertEquals(406, client.send(client.request(path).header("Authorization", "Bearer " + globex)
                .header("Accept", "application/json").GET()).status());
        assertEquals(409, fetch(globex, id).status(), "a 406 is no download");
        assertEquals(200, client.send(client.request(path).header("Authorization", "Bearer " + globex)
                .header("Accept", "application/xml").GET()).status());
    }

    // ------------------------------------------------------------------------------------------------ delivery statuses

    @Test
    void aSentDocumentIsDoneWhenRoutedAndDoneFetchedWhenTheReceiverFetchesIt() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        JsonNode received = sendToGlobex(acme, globex, "EV-1");
        assertEquals(0, received.get("eventDetails").size(), "the receiver's document has no delivery status");
        JsonNode sent = list(acme, "?direction=Sent").get(0);
        JsonNode done = sent.at("/eventDetails/0");
        assertEquals("Delivery", done.get("eventType").asText());
        assertEquals("Done", done.get("status").asText());
        assertEquals(Instant.parse(sent.get("createTime").asText()), Instant.parse(done.get("createTime").asText()));
        assertTrue(done.get("createTime").asText().endsWith("Z"));

        String id = received.get("id").asText();
        download(globex, id);
        fetch(globex, id);
        fetch(globex, id);
        JsonNode events = client.get(acme, "/document/v1/documents/" + sent.get("id").asText()).json().get("eventDetails");
        assertEquals(2, events.size(), "fetched once, however often it is marked: " + events);
        assertEquals("Done (Fetched)", events.get(1).get("status").asText());
        assertEquals("Delivery", events.get(1).get("eventType").asText());
        assertEquals("Fetched by the receiver.", events.get(1).get("description").asText());
    }

    private static List<String> numbers(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.at("/documentInfo/documentIdentifier").asText()));
        return out;
    }
}
