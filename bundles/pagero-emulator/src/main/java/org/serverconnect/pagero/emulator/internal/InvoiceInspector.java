package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads what the emulator needs from an uploaded document, as Pagero's processing would: whether it is well-formed
 * XML, what it is (UBL Invoice, CreditNote, ApplicationResponse, or a UN/CEFACT CII invoice, possibly inside a Peppol
 * SBDH envelope), its number, dates, parties, amounts, the buyer's endpoint id that routes it, and for an application
 * response the invoice it answers and its response code. Streaming StAX
 * with DTDs and external entities off.
 */
final class InvoiceInspector {

    /** What an upload turned out to be. {@code problem} is non-null when it cannot be processed. */
    record Inspection(String problem, String kind, String subType, String number, String issueDate, String dueDate,
            String currency, String total, String sellerName, String buyerName, String buyerEndpoint,
            String referencedNumber, String responseCode) {

        /** {@code Debit} or {@code Credit}; for an application response what its response code says. */
        String documentSubType() {
            if (!"Response".equals(subType)) {
                return subType;
            }
            return "RE".equals(responseCode) ? "RecipientReject" : "RecipientAccept";
        }
    }

    private static final XMLInputFactory FACTORY = createFactory();

    private InvoiceInspector() {
    }

    private static XMLInputFactory createFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    static Inspection inspect(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return inspect(in);
        } catch (IOException e) {
            return failed("The file could not be read: " + e.getMessage());
        }
    }

    static Inspection inspect(InputStream in) {
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(in);
            List<String> path = new ArrayList<>();
            int docDepth = -1;          // depth of the business document's root element
            String kind = null;
            String number = null, issueDate = null, dueDate = null, currency = null, total = null;
            String seller = null, buyer = null, endpoint = null, referenced = null, responseCode = null;
            String pendingScheme = null;
            StringBuilder text = new StringBuilder();
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    path.add(name);
                    text.setLength(0);
                    if (docDepth < 0 && isBusinessDocument(name, r.getNamespaceURI())) {
                        docDepth = path.size();
                        kind = name;
                    }
                    if (name.equals("EndpointID") || name.equals("URIID")) {
                        pendingScheme = r.getAttributeValue(null, "schemeID");
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    text.append(r.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (docDepth > 0 && path.size() > docDepth) {
                        List<String> rel = path.subList(docDepth, path.size());
                        String value = text.toString().trim();
                        String p = String.join("/", rel);
                        if (kind.equals("CrossIndustryInvoice")) {
                            switch (p) {
                            case "ExchangedDocument/ID" -> number = value;
                            case "ExchangedDocument/IssueDateTime/DateTimeString" -> issueDate = value;
                            case "SupplyChainTradeTransaction/ApplicableHeaderTradeAgreement/SellerTradeParty/Name" -> seller = value;
                            case "SupplyChainTradeTransaction/ApplicableHeaderTradeAgreement/BuyerTradeParty/Name" -> buyer = value;
                            case "SupplyChainTradeTransaction/ApplicableHeaderTradeAgreement/BuyerTradeParty/URIUniversalCommunication/URIID" ->
                                endpoint = participant(pendingScheme, value);
                            case "SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/InvoiceCurrencyCode" -> currency = value;
                            case "SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/SpecifiedTradeSettlementHeaderMonetarySummation/DuePayableAmount" ->
                                total = value;
                            case "SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/SpecifiedTradePaymentTerms/DueDateDateTime/DateTimeString" ->
                                dueDate = dueDate == null ? value : dueDate;
                            default -> { }
                            }
                        } else {
                            switch (p) {
                            case "ID" -> number = value;
                            case "IssueDate" -> issueDate = value;
                            case "DueDate" -> dueDate = value;
                            case "DocumentCurrencyCode" -> currency = value;
                            case "LegalMonetaryTotal/PayableAmount" -> total = value;
                            case "AccountingSupplierParty/Party/PartyName/Name",
                                 "AccountingSupplierParty/Party/PartyLegalEntity/RegistrationName" ->
                                seller = seller == null ? value : seller;
                            case "AccountingCustomerParty/Party/PartyName/Name",
                                 "AccountingCustomerParty/Party/PartyLegalEntity/RegistrationName" ->
                                buyer = buyer == null ? value : buyer;
                            case "AccountingCustomerParty/Party/EndpointID", "ReceiverParty/EndpointID" ->
                                endpoint = participant(pendingScheme, value);
                            case "DocumentResponse/DocumentReference/ID" -> referenced = value;
                            case "DocumentResponse/Response/ResponseCode" -> responseCode = value;
                            default -> { }
                            }
                        }
                    }
                    path.remove(path.size() - 1);
                    text.setLength(0);
                }
            }
            if (kind == null) {
                return failed("The file is XML but not an invoice, credit note or application response this network"
                        + " can process (no UBL Invoice/CreditNote/ApplicationResponse or CII CrossIndustryInvoice).");
            }
            String subType = switch (kind) {
            case "CreditNote" -> "Credit";
            case "ApplicationResponse" -> "Response";
            default -> "Debit";
            };
            String type = kind.equals("ApplicationResponse") ? "ApplicationResponse" : "Invoice";
            return new Inspection(null, type, subType, number, issueDate, dueDate, currency, total, seller, buyer,
                    endpoint, referenced, responseCode);
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNumber() + ", column "
                    + e.getLocation().getColumnNumber() + ")";
            return failed("The file is not well-formed XML" + where + ": " + firstLine(e.getMessage()));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing left to release
                }
            }
        }
    }

    /** UBL 2.x Invoice, CreditNote, ApplicationResponse or UN/CEFACT CII, by qualified name (not local name alone). */
    private static boolean isBusinessDocument(String localName, String namespace) {
        return switch (localName) {
        case "Invoice", "CreditNote", "ApplicationResponse" ->
            ("urn:oasis:names:specification:ubl:schema:xsd:" + localName + "-2").equals(namespace);
        case "CrossIndustryInvoice" -> "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100".equals(namespace);
        default -> false;
        };
    }

    private static String participant(String scheme, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return scheme == null || scheme.isBlank() ? value : scheme.trim() + ":" + value;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String m = message.replaceAll("(?s)^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*", "");
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }

    private static Inspection failed(String problem) {
        return new Inspection(problem, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
