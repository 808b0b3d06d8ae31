package org.serverconnect.format.xml.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;

/**
 * Reads an e-invoice once, streaming, and returns what it is and what it says, exactly as written (dates, amounts
 * and codes are not interpreted here; {@link Descriptions} does that). Plain Java.
 *
 * <p>Safety: the first bytes are sniffed before any parsing (empty, PDF, gzip, zip, EDIFACT); XML is read by
 * Woodstox with DTDs off (a DOCTYPE is refused outright), no external entities, no entity replacement, and limits on
 * depth, attributes and names. Only the text of the few elements it needs is kept, so a document with a huge embedded
 * attachment is read in constant memory.
 */
final class InvoiceReader {
    static final int MAX_DEPTH = 500;

    /** What a document is, by the QName of its root (after an SBDH envelope). */
    enum Family {
        UBL, CII, SVEFAKTURA, SVEFAKTURA_ENVELOPE, FINVOICE, EDIFACT_XML, EDIFACT_TEXT
    }

    /** The raw reading. {@code problem} is set when the document cannot be read or is not a known format. */
    record Reading(String problem, Family family, String root, boolean enveloped, Map<String, String> fields, int lines) {
        String get(String field) {
            return fields.get(field);
        }
    }

    private static final String UBL = "urn:oasis:names:specification:ubl:schema:xsd:";
    private static final String CII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
    private static final String SFTI = "urn:sfti:documents:BasicInvoice:1:0";
    private static final String SFTI_ENVELOPE = "urn:sfti:documents:ObjectEnvelope:1:0";
    private static final String SBDH = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader";

    private static final WstxInputFactory FACTORY = factory();

    private InvoiceReader() {
    }

    private static WstxInputFactory factory() {
        WstxInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, MAX_DEPTH);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 200);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 64 * 1024);
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, 50_000_000L);
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1L);
        return f;
    }

    // ---------------------------------------------------------------------------------------------------- rules

    /** A field found at a path (local names relative to the document root); lower priority wins. */
    private record Slot(String field, int priority, String attribute) {
    }

    private static final Map<Family, Map<String, List<Slot>>> RULES = new HashMap<>();
    private static final Map<Family, List<String>> LINES = Map.of(
            Family.UBL, List.of("InvoiceLine", "CreditNoteLine", "DebitNoteLine"),
            Family.CII, List.of("SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem"),
            Family.SVEFAKTURA, List.of("InvoiceLine"),
            Family.FINVOICE, List.of("InvoiceRow"));

    private static void rule(Family f, String path, String field, int priority) {
        rule(f, path, field, priority, null);
    }

    private static void rule(Family f, String path, String field, int priority, String attribute) {
        RULES.computeIfAbsent(f, x -> new HashMap<>()).computeIfAbsent(path, x -> new ArrayList<>())
                .add(new Slot(field, priority, attribute));
    }

    static {
        Family u = Family.UBL;
        rule(u, "CustomizationID", "customizationId", 1);
        rule(u, "ProfileID", "profileId", 1);
        rule(u, "ID", "number", 1);
        rule(u, "InvoiceTypeCode", "typeCode", 1);
        rule(u, "CreditNoteTypeCode", "typeCode", 1);
        rule(u, "IssueDate", "issueDate", 1);
        rule(u, "DueDate", "dueDate", 1);
        rule(u, "PaymentMeans/PaymentDueDate", "dueDate", 2);
        rule(u, "DocumentCurrencyCode", "currency", 1);
        rule(u, "LegalMonetaryTotal/PayableAmount", "payable", 1);
        rule(u, "RequestedMonetaryTotal/PayableAmount", "payable", 2);
        // Documents without cbc:DocumentCurrencyCode (plain OASIS samples) still state the currency on every amount.
        rule(u, "LegalMonetaryTotal/PayableAmount", "currency", 2, "currencyID");
        rule(u, "RequestedMonetaryTotal/PayableAmount", "currency", 3, "currencyID");
        for (String[] p : new String[][] { { "AccountingSupplierParty", "seller" }, { "AccountingCustomerParty", "buyer" } }) {
            rule(u, p[0] + "/Party/PartyLegalEntity/RegistrationName", p[1] + "Name", 1);
            rule(u, p[0] + "/Party/PartyName/Name", p[1] + "Name", 2);
            rule(u, p[0] + "/Party/EndpointID", p[1] + "Endpoint", 1);
            rule(u, p[0] + "/Party/EndpointID", p[1] + "EndpointScheme", 1, "schemeID");
            rule(u, p[0] + "/Party/PostalAddress/Country/IdentificationCode", p[1] + "Country", 1);
            rule(u, p[0] + "/Party/PartyTaxScheme/CompanyID", p[1] + "Vat", 1);
            rule(u, p[0] + "/Party/PartyLegalEntity/CompanyID", p[1] + "Id", 1);
            rule(u, p[0] + "/Party/PartyLegalEntity/CompanyID", p[1] + "IdScheme", 1, "schemeID");
        }
        rule(u, "DocumentResponse/DocumentReference/ID", "referencedNumber", 1);

        Family c = Family.CII;
        String a = "SupplyChainTradeTransaction/ApplicableHeaderTradeAgreement/";
        String s = "SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/";
        rule(c, "ExchangedDocumentContext/GuidelineSpecifiedDocumentContextParameter/ID", "customizationId", 1);
        rule(c, "ExchangedDocumentContext/BusinessProcessSpecifiedDocumentContextParameter/ID", "profileId", 1);
        rule(c, "ExchangedDocument/ID", "number", 1);
        rule(c, "ExchangedDocument/TypeCode", "typeCode", 1);
        rule(c, "ExchangedDocument/IssueDateTime/DateTimeString", "issueDate", 1);
        rule(c, s + "SpecifiedTradePaymentTerms/DueDateDateTime/DateTimeString", "dueDate", 1);
        rule(c, s + "InvoiceCurrencyCode", "currency", 1);
        rule(c, s + "SpecifiedTradeSettlementHeaderMonetarySummation/DuePayableAmount", "payable", 1);
        for (String[] p : new String[][] { { "SellerTradeParty", "seller" }, { "BuyerTradeParty", "buyer" } }) {
            rule(c, a + p[0] + "/Name", p[1] + "Name", 1);
            rule(c, a + p[0] + "/URIUniversalCommunication/URIID", p[1] + "Endpoint", 1);
            rule(c, a + p[0] + "/URIUniversalCommunication/URIID", p[1] + "EndpointScheme", 1, "schemeID");
            rule(c, a + p[0] + "/PostalTradeAddress/CountryID", p[1] + "Country", 1);
            rule(c, a + p[0] + "/SpecifiedTaxRegistration/ID", p[1] + "Vat", 1);
            rule(c, a + p[0] + "/SpecifiedLegalOrganization/ID", p[1] + "Id", 1);
            rule(c, a + p[0] + "/SpecifiedLegalOrganization/ID", p[1] + "IdScheme", 1, "schemeID");
        }

        Family sv = Family.SVEFAKTURA;
        rule(sv, "ID", "number", 1);
        rule(sv, "InvoiceTypeCode", "typeCode", 1);
        rule(sv, "IssueDate", "issueDate", 1);
        rule(sv, "PaymentMeans/DuePaymentDate", "dueDate", 1);
        rule(sv, "InvoiceCurrencyCode", "currency", 1);
        rule(sv, "LegalTotal/TaxInclusiveTotalAmount", "payable", 1);
        rule(sv, "SellerParty/Party/PartyName/Name", "sellerName", 1);
        rule(sv, "BuyerParty/Party/PartyName/Name", "buyerName", 1);

        Family fi = Family.FINVOICE;
        rule(fi, "InvoiceDetails/InvoiceNumber", "number", 1);
        rule(fi, "InvoiceDetails/InvoiceTypeCode", "typeCode", 1);
        rule(fi, "InvoiceDetails/InvoiceDate", "issueDate", 1);
        rule(fi, "InvoiceDetails/PaymentTermsDetails/InvoiceDueDate", "dueDate", 1);
        rule(fi, "EpiDetails/EpiPaymentInstructionDetails/EpiInstructedAmount", "payable", 1);
        rule(fi, "EpiDetails/EpiPaymentInstructionDetails/EpiInstructedAmount", "currency", 1, "AmountCurrencyIdentifier");
        rule(fi, "InvoiceDetails/InvoiceTotalVatIncludedAmount", "payable", 2);
        rule(fi, "InvoiceDetails/InvoiceTotalVatIncludedAmount", "currency", 2, "AmountCurrencyIdentifier");
        rule(fi, "SellerPartyDetails/SellerOrganisationName", "sellerName", 1);
        rule(fi, "SellerPartyDetails/SellerPartyIdentifier", "sellerId", 1);
        rule(fi, "SellerPartyDetails/SellerOrganisationTaxCode", "sellerVat", 1);
        rule(fi, "MessageTransmissionDetails/MessageSenderDetails/FromIdentifier", "sellerEndpoint", 1);
        rule(fi, "BuyerPartyDetails/BuyerOrganisationName", "buyerName", 1);
        rule(fi, "BuyerPartyDetails/BuyerPartyIdentifier", "buyerId", 1);
        rule(fi, "MessageTransmissionDetails/MessageReceiverDetails/ToIdentifier", "buyerEndpoint", 1);

        Family e = Family.EDIFACT_XML;
        rule(e, "S_BGM/C_C106/D_1004", "number", 1);
        rule(e, "S_BGM/C_C002/D_1001", "typeCode", 1);
    }

    // ---------------------------------------------------------------------------------------------------- reading

    static Reading read(InputStream raw) throws IOException {
        return read(raw, false);
    }

    /**
     * @param headerOnly stop at the first document line (or after 2,000 elements): enough to detect the format
     */
    static Reading read(InputStream raw, boolean headerOnly) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        String sniffed = sniff(in);
        if (sniffed != null) {
            if (sniffed.equals("EDIFACT")) {
                return edifactText(in);
            }
            return failed(sniffed);
        }
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(in);
            return readXml(r, headerOnly);
        } catch (XMLStreamException e) {
            return failed(xmlProblem(e));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing more to release
                }
            }
        }
    }

    /** A reason to refuse the file from its first bytes alone, "EDIFACT" for EDIFACT text, or null for XML. */
    private static String sniff(BufferedInputStream in) throws IOException {
        in.mark(64 * 1024);
        byte[] head = in.readNBytes(64 * 1024);
        in.reset();
        if (head.length == 0) {
            return "The file is empty (0 bytes).";
        }
        int i = 0;
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
            i++;
        }
        if (i == head.length && head.length < 64 * 1024) {
            return "The file contains only white space: there is no document in it.";
        }
        String start = new String(head, i, Math.min(8, head.length - i), StandardCharsets.ISO_8859_1);
        if (start.startsWith("%PDF")) {
            return "The file is a PDF, not an XML e-invoice (a PDF invoice, or Factur-X/ZUGFeRD inside a PDF, is not supported).";
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return "The file is gzip-compressed; compressed files are not accepted: send the XML itself.";
        }
        if (start.startsWith("PK\u0003\u0004")) {
            return "The file is a ZIP archive; archives are not accepted: send each XML file on its own.";
        }
        if (start.startsWith("UNA") || start.startsWith("UNB")) {
            return "EDIFACT";
        }
        return null;
    }

    private static Reading readXml(XMLStreamReader r, boolean headerOnly) throws XMLStreamException {
        int elements = 0;
        Family family = null;
        String root = null;
        boolean enveloped = false;
        int docDepth = 0;             // depth of the business document's root element, 0 until found
        int depth = 0;
        boolean inHeader = false;
        List<String> path = new ArrayList<>();
        Map<String, String> fields = new HashMap<>();
        Map<String, Integer> priorities = new HashMap<>();
        int lines = 0;
        List<Slot> capturing = null;
        StringBuilder text = new StringBuilder();
        Map<String, List<Slot>> rules = Map.of();
        List<String> lineRules = List.of();

        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
            case XMLStreamConstants.DTD -> {
                return failed("The file has a DOCTYPE declaration, which e-invoices never have and which is refused"
                        + " for safety (it can be used for XML entity attacks).");
            }
            case XMLStreamConstants.ENTITY_REFERENCE -> {
                return failed("The file uses the entity reference &" + r.getLocalName()
                        + "; which is not defined; entities are not expanded for safety.");
            }
            case XMLStreamConstants.START_ELEMENT -> {
                depth++;
                String local = r.getLocalName();
                String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
                if (depth == 1) {
                    root = "{" + ns + "}" + local;
                    if (ns.equals(SBDH) && local.equals("StandardBusinessDocument")) {
                        enveloped = true;
                        continue;
                    }
                }
                if (enveloped && depth == 2 && family == null) {
                    if (local.equals("StandardBusinessDocumentHeader")) {
                        inHeader = true;
                        continue;
                    }
                    root = "{" + ns + "}" + local;
                }
                if (inHeader) {
                    continue;
                }
                if (family == null) {
                    family = family(ns, local);
                    if (family == null) {
                        return failed(unknownRoot(ns, local));
                    }
                    docDepth = depth;
                    rules = RULES.getOrDefault(family, Map.of());
                    lineRules = LINES.getOrDefault(family, List.of());
                    if (family == Family.FINVOICE) {
                        String version = r.getAttributeValue(null, "Version");
                        put(fields, priorities, "customizationId", version == null ? "Finvoice" : "Finvoice " + version.trim(), 1);
                    }
                    continue;
                }
                path.add(local);
                if (path.size() <= 8) {
                    String p = String.join("/", path);
                    if (lineRules.contains(p)) {
                        lines++;
                        if (headerOnly) {
                            return new Reading(null, family, root, enveloped, fields, lines);
                        }
                    }
                    if (headerOnly && ++elements > 2000) {
                        return new Reading(null, family, root, enveloped, fields, lines);
                    }
                    List<Slot> slots = rules.get(p);
                    capturing = null;
                    if (slots != null) {
                        for (Slot slot : slots) {
                            if (slot.attribute() != null) {
                                String v = r.getAttributeValue(null, slot.attribute());
                                if (v != null) {
                                    put(fields, priorities, slot.field(), v.trim(), slot.priority());
                                }
                            } else {
                                capturing = slots;
                            }
                        }
                        text.setLength(0);
                    }
                }
            }
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                if (capturing != null && text.length() < 4096) {
                    text.append(r.getText());
                }
            }
            case XMLStreamConstants.END_ELEMENT -> {
                if (capturing != null) {
                    String value = text.toString().trim();
                    for (Slot slot : capturing) {
                        if (slot.attribute() == null && !value.isEmpty()) {
                            put(fields, priorities, slot.field(), value, slot.priority());
                        }
                    }
                    capturing = null;
                }
                if (inHeader && depth == 2) {
                    inHeader = false;
                } else if (family != null && depth > docDepth) {
                    path.remove(path.size() - 1);
                }
                depth--;
            }
            default -> { }
            }
        }
        if (family == null) {
            return failed("The file is XML but has no document element.");
        }
        return new Reading(null, family, root, enveloped, fields, lines);
    }

    private static void put(Map<String, String> fields, Map<String, Integer> priorities, String field, String value,
            int priority) {
        Integer had = priorities.get(field);
        if (had == null || priority < had) {
            fields.put(field, value);
            priorities.put(field, priority);
        }
    }

    private static Family family(String ns, String local) {
        if (ns.startsWith(UBL) && ns.equals(UBL + local + "-2")) {
            return Family.UBL;
        }
        if (ns.equals(CII) && local.equals("CrossIndustryInvoice")) {
            return Family.CII;
        }
        if (ns.equals(SFTI) && local.equals("Invoice")) {
            return Family.SVEFAKTURA;
        }
        if (ns.equals(SFTI_ENVELOPE) && local.equals("ObjectEnvelope")) {
            return Family.SVEFAKTURA_ENVELOPE;
        }
        if (ns.isEmpty() && local.equals("Finvoice")) {
            return Family.FINVOICE;
        }
        if (ns.isEmpty() && local.equals("M_INVOIC")) {
            return Family.EDIFACT_XML;
        }
        return null;
    }

    private static String unknownRoot(String ns, String local) {
        if (local.equals("Invoice") || local.equals("CreditNote")) {
            return "The file's root element is " + local + (ns.isEmpty() ? " without a namespace" : " in the namespace " + ns)
                    + ", which is not UBL 2 (" + UBL + local + "-2) nor any other known e-invoice format.";
        }
        return "The file is XML but not a known e-invoice format (root element " + local
                + (ns.isEmpty() ? "" : " in " + ns) + ").";
    }

    private static final Pattern BGM = Pattern.compile("BGM\\+([^+':]*)[^+']*\\+([^+':]*)");

    /** EDIFACT INVOIC as text: detected, and its type and number read from the BGM segment. */
    private static Reading edifactText(InputStream in) throws IOException {
        String text = new String(in.readNBytes(256 * 1024), StandardCharsets.ISO_8859_1);
        Map<String, String> fields = new HashMap<>();
        Matcher m = BGM.matcher(text);
        if (m.find()) {
            fields.put("typeCode", m.group(1));
            fields.put("number", m.group(2));
        }
        return new Reading(null, Family.EDIFACT_TEXT, "", false, fields, 0);
    }

    private static String xmlProblem(XMLStreamException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = message.indexOf('\n');
        String first = (nl < 0 ? message : message.substring(0, nl)).trim();
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNumber() + ", column "
                + e.getLocation().getColumnNumber() + ")";
        if (message.contains("EOF in prolog")) {
            return "The file is XML but has no document element (it ends before any element).";
        }
        if (message.contains("Maximum Element Depth")) {
            return "The file nests elements deeper than " + MAX_DEPTH + " levels" + where + "; no e-invoice does.";
        }
        return "The file is not well-formed XML" + where + ": " + first.replaceFirst("^Unexpected character", "unexpected character");
    }

    private static Reading failed(String problem) {
        return new Reading(problem, null, null, false, Map.of(), 0);
    }
}
