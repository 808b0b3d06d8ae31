package org.serverconnect.pagero.emulator.internal;

import java.time.Instant;
import java.time.ZoneOffset;

import org.serverconnect.pagero.emulator.internal.Events.Doc;

/**
 * A recipient's answer to an invoice as a PUF invoice response (a UBL ApplicationResponse,
 * {@code urn:pagero.com:puf:invoice_response:1.0}): the response code in {@code cac:Response/cbc:ResponseCode}, the
 * reason in {@code cbc:Description} and in {@code cac:Status} (with a {@code StatusReasonCode} of the list
 * {@code OPStatusReason}), the Pagero document answered in the PUF response extension's {@code DocumentMatchingID},
 * the invoice number in {@code cac:DocumentReference/cbc:ID}.
 */
final class InvoiceResponseXml {
    private static final String RESPONSE_EXTENSION = "urn:pagero:ExtensionComponent:1.0:PageroExtension:ResponseExtension";
    private InvoiceResponseXml() {
    }

    /**
     * @param number  the response's own number
     * @param invoice the invoice answered, as its sender has it
     * @param code    the UBL response code (AP, RE, ...)
     * @param reason  the reason, or null for none
     */
    static String of(String number, Doc invoice, String code, String reason, long now) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ApplicationResponse xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2\"\n"
                + "    xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\"\n"
                + "    xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\"\n"
                + "    xmlns:ext=\"urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2\"\n"
                + "    xmlns:puf=\"urn:pagero:ExtensionComponent:1.0\">\n"
                + "  <cbc:CustomizationID>urn:pagero.com:puf:invoice_response:1.0</cbc:CustomizationID>\n"
                + "  <cbc:ProfileID>urn:pagero.com:puf:invoice_response:1.0</cbc:ProfileID>\n"
                + "  <cbc:ID>" + xml(number) + "</cbc:ID>\n"
                + "  <cbc:IssueDate>" + Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).toLocalDate()
                + "</cbc:IssueDate>\n"
                + "  <cac:SenderParty>" + party(invoice.receiverName()) + "</cac:SenderParty>\n"
                + "  <cac:ReceiverParty>" + party(invoice.senderName()) + "</cac:ReceiverParty>\n"
                + "  <cac:DocumentResponse>\n"
                + "    <cac:Response>\n"
                + "      <ext:UBLExtensions><ext:UBLExtension>\n"
                + "        <ext:ExtensionURI>" + RESPONSE_EXTENSION + "</ext:ExtensionURI>\n"
                + "        <ext:ExtensionContent><puf:PageroExtension><puf:ResponseExtension>\n"
                + "          <puf:DocumentMatchingID><cbc:UUID>" + xml(invoice.id())
                + "</cbc:UUID></puf:DocumentMatchingID>\n"
                + "        </puf:ResponseExtension></puf:PageroExtension></ext:ExtensionContent>\n"
                + "      </ext:UBLExtension></ext:UBLExtensions>\n"
                + "      <cbc:ResponseCode>" + code + "</cbc:ResponseCode>\n"
                + (reason == null ? "" : "      <cbc:Description>" + xml(reason) + "</cbc:Description>\n"
                        + "      <cac:Status><cbc:StatusReasonCode listID=\"OPStatusReason\">"
                        + (code.equals("RE") ? "OTH" : "NON") + "</cbc:StatusReasonCode><cbc:StatusReason>" + xml(reason)
                        + "</cbc:StatusReason></cac:Status>\n")
                + "    </cac:Response>\n"
                + "    <cac:DocumentReference><cbc:ID>" + xml(nvl(invoice.documentIdentifier()))
                + "</cbc:ID><cbc:DocumentTypeCode>" + ("Credit".equals(invoice.documentSubType()) ? "381" : "380")
                + "</cbc:DocumentTypeCode></cac:DocumentReference>\n"
                + "  </cac:DocumentResponse>\n"
                + "</ApplicationResponse>\n";
    }

    private static String party(String name) {
        return "<cac:PartyLegalEntity><cbc:RegistrationName>" + xml(nvl(name))
                + "</cbc:RegistrationName></cac:PartyLegalEntity>";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String nvl(String s) {
        return s == null ? "" : s;
    }
}
