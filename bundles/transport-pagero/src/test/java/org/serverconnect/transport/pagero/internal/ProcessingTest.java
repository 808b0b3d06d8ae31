package org.serverconnect.transport.pagero.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.serverconnect.api.transport.Progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Pagero's words for what happened to a document, and the responses' codes, as steps. */
class ProcessingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDeliveryAndBusinessWordsOfPageroOnlineAreSteps() throws Exception {
        JsonNode events = JSON.readTree("""
                [{"eventType":"Delivery","status":"Waiting to be delivered","createTime":"2026-12-01T10:00:00Z"},
                 {"eventType":"Delivery","status":"Done (Fetched)","createTime":"2026-12-01T10:05:00Z"},
                 {"eventType":"Delivery","status":"Undeliverable/Rejected","createTime":"2026-12-01T10:06:00Z"},
                 {"eventType":"Business","status":"Rejected","createTime":"2026-12-01T11:00:00Z","description":"wrong PO"},
                 {"eventType":"Business","status":"Something new","createTime":"2026-12-01T12:00:00Z"},
                 {"unexpected":"shape"}]""");
        List<Progress> p = PageroEvents.of(events, n -> n.isTextual() ? Instant.parse(n.asText()) : Instant.EPOCH);
        assertEquals(List.of(Progress.Step.WAITING_FOR_DELIVERY, Progress.Step.FETCHED_BY_RECIPIENT,
                Progress.Step.UNDELIVERABLE, Progress.Step.REJECTED), p.stream().map(Progress::step).toList(),
                "an unknown word or shape is left out, not guessed at");
        assertEquals("wrong PO", p.get(3).description());
        assertEquals(Instant.parse("2026-12-01T10:05:00Z"), p.get(1).at());
    }

    @Test
    void responseCodesAndSubTypesAreBusinessSteps() {
        assertEquals(Progress.Step.APPROVED, PageroEvents.code("AP"));
        assertEquals(Progress.Step.REJECTED, PageroEvents.code(" re "));
        assertEquals(Progress.Step.PAID, PageroEvents.code("PD"));
        assertEquals(Progress.Step.IN_PROCESS, PageroEvents.code("UQ"));
        assertNull(PageroEvents.code("ZZ"));
        assertEquals(Progress.Step.REJECTED, PageroEvents.subType("RecipientRejectWithClearanceRemoval"));
        assertEquals(Progress.Step.APPROVED, PageroEvents.subType("RecipientAccept"));
        assertTrue(Progress.Step.PAID.business() && !Progress.Step.DELIVERED.business());
    }

    @Test
    void aResponseSaysItsCodeReasonAndTheInvoiceItAnswers() throws Exception {
        String xml = """
                <ApplicationResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2"
                    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
                    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
                  <cbc:ID>R-1</cbc:ID>
                  <cac:DocumentResponse>
                    <cac:Response><cbc:ResponseCode>RE</cbc:ResponseCode><cbc:Description>see reason</cbc:Description>
                      <cac:Status><cbc:StatusReasonCode listID="OPStatusReason">REF</cbc:StatusReasonCode>
                        <cbc:StatusReason>Unknown order number</cbc:StatusReason></cac:Status></cac:Response>
                    <cac:DocumentReference><cbc:ID>INV-7</cbc:ID></cac:DocumentReference>
                  </cac:DocumentResponse>
                </ApplicationResponse>""";
        Responses.Content c = Responses.Content.read(new java.io.ByteArrayInputStream(xml.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("RE", c.code);
        assertEquals("Unknown order number", c.reason());
        assertEquals("INV-7", c.references);
    }
}
