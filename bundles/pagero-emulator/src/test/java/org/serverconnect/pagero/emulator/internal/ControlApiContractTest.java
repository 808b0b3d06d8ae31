package org.serverconnect.pagero.emulator.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.serverconnect.pagero.emulator.internal.EmulatorClient.Answer;
import org.w3c.dom.Document;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The control API's effects on what Pagero's APIs show: recipient responses, delivery and business statuses,
 * documents placed into an inbox.
 */
class ControlApiContractTest extends ContractTestSupport {

    @Test
    void aRecipientResponseIsAPufInvoiceResponseFoundByTheInvoiceNumber() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String receivedId = sendToGlobex(acme, globex, "INV-R").get("id").asText();
        String sentId = list(acme, "?direction=Sent").get(0).get("id").asText();

        Answer respond = client.postJson(null, "/emulator/documents/" + receivedId + "/respond",
                Map.of("response", "RecipientReject", "reason", "Wrong price on line 2"));
        assertEquals(201, respond.status(), respond.body());
        JsonNode responses = list(acme, "?documentType=ApplicationResponse&direction=Received&showFetchedOnly=false"
                + "&referenceDocumentIdentifier=INV-R&companyId=" + ACME);
        assertEquals(1, responses.size(), responses.toString());
        JsonNode ar = responses.get(0);
        assertEquals(respond.json().get("id").asText(), ar.get("id").asText());
        assertEquals("RecipientReject", ar.at("/documentInfo/documentSubType").asText());
        String number = ar.at("/documentInfo/documentIdentifier").asText();
        assertNotEquals("INV-R", number, "the response's own number, not the invoice's");
        assertEquals(0, list(acme, "?documentType=ApplicationResponse&referenceDocumentIdentifier=INV-X").size());

        Document xml = parse(download(acme, ar.get("id").asText()).raw().body());
        String response = "/ar:ApplicationResponse/cac:DocumentResponse/cac:Response";
        assertEquals("urn:pagero.com:puf:invoice_response:1.0", xpath(xml, "/ar:ApplicationResponse/cbc:CustomizationID"));
        assertEquals(number, xpath(xml, "/ar:ApplicationResponse/cbc:ID"));
        assertEquals("RE", xpath(xml, response + "/cbc:ResponseCode"));
        assertEquals("Wrong price on line 2", xpath(xml, response + "/cbc:Description"));
        assertEquals("Wrong price on line 2", xpath(xml, response + "/cac:Status/cbc:StatusReason"));
        assertEquals("OPStatusReason", xpath(xml, response + "/cac:Status/cbc:StatusReasonCode/@listID"));
        assertEquals("OTH", xpath(xml, response + "/cac:Status/cbc:StatusReasonCode"));
        assertEquals("INV-R", xpath(xml, "/ar:ApplicationResponse/cac:DocumentResponse/cac:DocumentReference/cbc:ID"));
        assertEquals(sentId, xpath(xml, response + "//puf:DocumentMatchingID/cbc:UUID"));

        JsonNode business = client.get(acme, "/document/v1/documents/" + sentId).json().get("eventDetails");
        assertEquals("Business", business.get(1).get("eventType").asText());
        assertEquals("Rejected", business.get(1).get("status").asText());
        assertEquals("Wrong price on line 2", business.get(1).get("description").asText());
    }

    @Test
    void aResponseCarriesTheCodeItIsGivenAndItsBusinessStatus() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        sendToGlobex(acme, globex, "INV-C");
        String sentId = list(acme, "?direction=Sent").get(0).get("id").asText();
        assertEquals(201, client.postJson(null, "/emulator/documents/" + sentId + "/respond",
                Map.of("response", "RecipientAccept", "code", "PD", "reason", "Paid in full")).status(),
                "the sent document can be named too");
        assertEquals(201, client.postJson(null, "/emulator/documents/" + sentId + "/respond",
                Map.of("response", "RecipientRejectWithClearanceRemoval")).status());
        JsonNode items = list(acme, "?documentType=ApplicationResponse&referenceDocumentIdentifier=INV-C");
        assertEquals(2, items.size());
        JsonNode removal = items.get(0).at("/documentInfo/documentSubType").asText().equals("RecipientAccept")
                ? items.get(1) : items.get(0);
        JsonNode paid = removal == items.get(0) ? items.get(1) : items.get(0);
        assertEquals("RecipientRejectWithClearanceRemoval", removal.at("/documentInfo/documentSubType").asText());
        assertEquals("RE", xpath(parse(download(acme, removal.get("id").asText()).raw().body()),
                "//cac:Response/cbc:ResponseCode"), "RE by default for a rejection");
        Document paidXml = parse(download(acme, paid.get("id").asText()).raw().body());
        assertEquals("PD", xpath(paidXml, "//cac:Response/cbc:ResponseCode"));
        assertEquals("Paid in full", xpath(paidXml, "//cac:Response/cbc:Description"));

        JsonNode events = client.get(acme, "/document/v1/documents/" + sentId).json().get("eventDetails");
        assertEquals("Paid", events.get(1).get("status").asText());
        assertEquals("Rejected", events.get(2).get("status").asText());
    }

    @Test
    void aResponseMustBeOneOfTheKnownOnesWithAFittingCode() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String id = sendToGlobex(acme, globex, "INV-B").get("id").asText();
        String path = "/emulator/documents/" + id + "/respond";
        assertEquals(400, client.postJson(null, path, Map.of("response", "Maybe")).status());
        assertEquals(400, client.postJson(null, path, Map.of("response", "RecipientAccept", "code", "XX")).status());
        assertEquals(400, client.postJson(null, path, Map.of("response", "RecipientAccept", "code", "RE")).status());
        assertEquals(400, client.postJson(null, path, Map.of("response", "RecipientReject", "code", "AP")).status());
        assertEquals(404, client.postJson(null, "/emulator/documents/nope/respond", Map.of("response", "RecipientAccept")).status());
        assertEquals(0, list(acme, "?documentType=ApplicationResponse").size(), "nothing was answered");
    }

    @Test
    void statusEventsCanBeAddedToAnyDocument() throws Exception {
        String acme = client.token("acme", "pw-a");
        String globex = client.token("globex", "pw-g");
        String receivedId = sendToGlobex(acme, globex, "INV-E").get("id").asText();
        String path = "/emulator/documents/" + receivedId + "/events";
        Answer added = client.postJson(null, path, Map.of("eventType", "Business", "status", "In process",
                "description", "Checked by accounts payable"));
        assertEquals(201, added.status(), added.body());
        assertEquals(201, client.postJson(null, path, Map.of("eventType", "Delivery", "status", "Error at Receiver")).status());
        JsonNode events = client.get(globex, "/document/v1/documents/" + receivedId).json().get("eventDetails");
        assertEquals(2, events.size(), events.toString());
        assertEquals("In process", events.get(0).get("status").asText());
        assertEquals("Checked by accounts payable", events.get(0).get("description").asText());
        assertEquals("Error at Receiver", events.get(1).get("status").asText());
        assertTrue(!events.get(1).has("description"), "no description, no field");

        assertEquals(400, client.postJson(null, path, Map.of("eventType", "Delivery", "status", "Paid")).status());
        assertEquals(400, client.postJson(null, path, Map.of("eventType", "Business", "status", "approved")).status());
        assertEquals(400, client.postJson(null, path, Map.of("eventType", "Clearance", "status", "New")).status());
        assertEquals(404, client.postJson(null, "/emulator/documents/nope/events",
                Map.of("eventType", "Business", "status", "Paid")).status());
        assertEquals(2, client.get(globex, "/document/v1/documents/" + receivedId).json().get("eventDetails").size());
    }

    @Test
    void incomingDocumentsCanBePlacedInACompanysInbox() throws Exception {
        byte[] inv = EmulatorClient.ublInvoice("EXT-1", "0007", "5560000001");
        Answer added = client.send(client.request("/emulator/companies/" + GLOBEX + "/incoming")
                .POST(HttpRequest.BodyPublishers.ofByteArray(inv)));
        assertEquals(201, added.status());
        String globex = client.token("globex", "pw-g");
        JsonNode doc = list(globex, "?direction=Received").get(0);
        assertEquals("EXT-1", doc.at("/documentInfo/documentIdentifier").asText());
        assertArrayEquals(inv, download(globex, doc.get("id").asText()).raw().body());
        assertEquals(404, client.send(client.request("/emulator/companies/nope/incoming")
                .POST(HttpRequest.BodyPublishers.ofByteArray(inv))).status());
    }

    @Test
    void anIncomingDocumentHasALimit() throws Exception {
        long tooLarge = ControlApi.MAX_INCOMING_BYTES + 1;
        int before = emulatorPayloads().length;
        int status;
        try {
            status = client.send(client.request("/emulator/companies/" + GLOBEX + "/incoming")
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new InputStream() {
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
                                    Arrays.fill(b, off, off + n, (byte) '<');
                                    left -= n;
                                    return n;
                                }
                            }), tooLarge))).status();
        } catch (IOException e) {
            status = 413;          // it may stop reading and close the connection before the client has sent it all
        }
        assertEquals(413, status);
        String globex = client.token("globex", "pw-g");
        assertEquals(0, list(globex, "?direction=Received").size(), "nothing was received");
        assertEquals(before, emulatorPayloads().length, "nothing of it is kept");
    }

    private String[] emulatorPayloads() {
        String[] names = data.resolve("payloads").toFile().list();
        return names == null ? new String[0] : names;
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static String xpath(Document doc, String expression) throws Exception {
        XPath xp = XPathFactory.newInstance().newXPath();
        xp.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return switch (prefix) {
                case "ar" -> "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2";
                case "cac" -> "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
                case "cbc" -> "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
                case "puf" -> "urn:pagero:ExtensionComponent:1.0";
                default -> XMLConstants.NULL_NS_URI;
                };
            }

            @Override
            public String getPrefix(String namespaceURI) {
                return null;
            }

            @Override
            public java.util.Iterator<String> getPrefixes(String namespaceURI) {
                return null;
            }
        });
        return xp.evaluate(expression, doc);
    }
}
