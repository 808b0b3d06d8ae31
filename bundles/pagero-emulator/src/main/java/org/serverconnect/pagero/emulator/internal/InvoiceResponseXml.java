package org.serverconnect.pagero.emulator.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.serverconnect.pagero.emulator.internal.Events.Doc;

/** A recipient's answer to an invoice as a PUF invoice response (a UBL ApplicationResponse). */
final class InvoiceResponseXml {
    private InvoiceResponseXml() {
    }

    static String of(String id, Doc invoice, String response, String reason) {
        String code = response.equals("RecipientAccept") ? "AP" : "RE";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ApplicationResponse xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2\"\n"
                + "    xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\"\n"
                + "    xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\n"
                + "  <cbc:CustomizationID>urn:pagero.com:puf:invoice_response:1.0</cbc:CustomizationID>\n"
                + "  <cbc:ProfileID>urn:pagero.com:puf:invoice_response:1.0</cbc:ProfileID>\n"
                + "  <cbc:ID>" + xml(id) + "</cbc:ID>\n"
                + "  <cbc:IssueDate>" + LocalDate.now(ZoneOffset.UTC) + "</cbc:IssueDate>\n"
                + "  <cac:SenderParty><cac:PartyName><cbc:Name>" + xml(nvl(invoice.receiverName(), ""))
                + "</cbc:Name></cac:PartyName></cac:SenderParty>\n"
                + "  <cac:ReceiverParty><cac:PartyName><cbc:Name>" + xml(nvl(invoice.senderName(), ""))
                + "</cbc:Name></cac:PartyName></cac:ReceiverParty>\n"
                + "  <cac:DocumentResponse>\n"
                + "    <cac:Response><cbc:ResponseCode>" + code + "</cbc:ResponseCode>"
                + (reason == null ? "" : "<cac:Status><cbc:StatusReason>" + xml(reason) + "</cbc:StatusReason></cac:Status>")
                + "</cac:Response>\n"
                + "    <cac:DocumentReference><cbc:ID>" + xml(nvl(invoice.documentIdentifier(), ""))
                + "</cbc:ID></cac:DocumentReference>\n"
                + "  </cac:DocumentResponse>\n"
                + "</ApplicationResponse>\n";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String nvl(String a, String b) {
        return a == null ? b : a;
    }
}
