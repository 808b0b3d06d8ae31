package org.serverconnect.format.csv.internal;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a Peppol BIS Billing 3.0 UBL 2.1 {@code Invoice} or {@code CreditNote}, every element in the order the UBL
 * schema requires, no empty elements (Peppol rule R008), every amount with its currency. Uses the JDK's own StAX
 * writer ({@link XMLOutputFactory#newDefaultFactory()}), so no other StAX implementation in the runtime changes it.
 */
final class UblWriter {
    static final String CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
    static final String PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
    private static final String CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    private static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

    private final XMLStreamWriter w;
    private final String currency;
    private int depth;

    private UblWriter(XMLStreamWriter w, String currency) {
        this.w = w;
        this.currency = currency;
    }

    static void write(CsvInvoice inv, Totals t, OutputStream out) throws XMLStreamException {
        XMLStreamWriter x = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
        new UblWriter(x, inv.currency()).document(inv, t);
        x.flush();
    }

    private void document(CsvInvoice inv, Totals t) throws XMLStreamException {
        boolean credit = inv.creditNote();
        String root = credit ? "CreditNote" : "Invoice";
        w.writeStartDocument("UTF-8", "1.0");
        w.writeCharacters("\n");
        w.writeStartElement(root);
        w.writeDefaultNamespace("urn:oasis:names:specification:ubl:schema:xsd:" + root + "-2");
        w.writeNamespace("cac", CAC);
        w.writeNamespace("cbc", CBC);
        depth++;
        text("CustomizationID", CUSTOMIZATION);
        text("ProfileID", PROFILE);
        text("ID", inv.number());
        text("IssueDate", inv.issueDate().toString());
        if (!credit && inv.dueDate() != null) {
            text("DueDate", inv.dueDate().toString());
        }
        text(credit ? "CreditNoteTypeCode" : "InvoiceTypeCode", credit ? "381" : "380");
        text("Note", inv.note());
        text("DocumentCurrencyCode", inv.currency());
        text("BuyerReference", inv.buyerReference());
        if (inv.orderReference() != null) {
            open("OrderReference");
            text("ID", inv.orderReference());
            close();
        }
        if (inv.precedingInvoice() != null) {
            open("BillingReference");
            open("InvoiceDocumentReference");
            text("ID", inv.precedingInvoice());
            close();
            close();
        }
        party("AccountingSupplierParty", inv.seller());
        party("AccountingCustomerParty", inv.buyer());
        boolean dueInMeans = credit && inv.dueDate() != null;
        if (inv.paymentAccount() != null || inv.paymentMeans() != null || dueInMeans) {
            open("PaymentMeans");
            text("PaymentMeansCode", inv.paymentMeans() != null ? inv.paymentMeans() : inv.paymentAccount() != null ? "30" : "1");
            if (dueInMeans) {
                text("PaymentDueDate", inv.dueDate().toString());
            }
            if (inv.paymentAccount() != null) {
                open("PayeeFinancialAccount");
                text("ID", inv.paymentAccount());
                close();
            }
            close();
        }
        if (inv.paymentTerms() != null) {
            open("PaymentTerms");
            text("Note", inv.paymentTerms());
            close();
        }
        open("TaxTotal");
        amount("TaxAmount", t.vatTotal());
        for (Totals.VatGroup g : t.groups()) {
            open("TaxSubtotal");
            amount("TaxableAmount", g.taxable());
            amount("TaxAmount", g.tax());
            taxCategory("TaxCategory", g.category(), g.rate(), g.category().equals("E") || g.category().equals("AE")
                    ? g.exemptionReason() : null);
            close();
        }
        close();
        open("LegalMonetaryTotal");
        amount("LineExtensionAmount", t.lineTotal());
        amount("TaxExclusiveAmount", t.lineTotal());
        amount("TaxInclusiveAmount", t.withVat());
        amount("PayableAmount", t.payable());
        close();
        List<CsvInvoice.Line> lines = inv.lines();
        for (int i = 0; i < lines.size(); i++) {
            line(lines.get(i), t.lineNets().get(i), credit);
        }
        depth--;
        newline();
        w.writeEndElement();
        w.writeCharacters("\n");
        w.writeEndDocument();
    }

    private void party(String role, CsvInvoice.Party p) throws XMLStreamException {
        open(role);
        open("Party");
        newline();
        w.writeStartElement("cbc", "EndpointID", CBC);
        w.writeAttribute("schemeID", p.endpointScheme());
        w.writeCharacters(p.endpointId());
        w.writeEndElement();
        open("PartyName");
        text("Name", p.name());
        close();
        open("PostalAddress");
        text("StreetName", p.street());
        text("CityName", p.city());
        text("PostalZone", p.postcode());
        open("Country");
        text("IdentificationCode", p.country());
        close();
        close();
        if (p.vatId() != null) {
            open("PartyTaxScheme");
            text("CompanyID", p.vatId());
            open("TaxScheme");
            text("ID", "VAT");
            close();
            close();
        }
        open("PartyLegalEntity");
        text("RegistrationName", p.name());
        text("CompanyID", p.companyId());
        close();
        close();
        close();
    }

    private void line(CsvInvoice.Line l, BigDecimal net, boolean credit) throws XMLStreamException {
        open(credit ? "CreditNoteLine" : "InvoiceLine");
        text("ID", l.id());
        newline();
        w.writeStartElement("cbc", credit ? "CreditedQuantity" : "InvoicedQuantity", CBC);
        w.writeAttribute("unitCode", l.unitCode());
        w.writeCharacters(l.quantity().toPlainString());
        w.writeEndElement();
        amount("LineExtensionAmount", net);
        if (l.allowance() != null) {
            open("AllowanceCharge");
            text("ChargeIndicator", "false");
            text("AllowanceChargeReason", l.allowanceReason());
            amount("Amount", l.allowance());
            close();
        }
        open("Item");
        text("Name", l.itemName());
        taxCategory("ClassifiedTaxCategory", l.vatCategory(), l.vatRate(), null);
        close();
        open("Price");
        amount("PriceAmount", l.price());
        close();
        close();
    }

    private void taxCategory(String element, String category, BigDecimal rate, String reason) throws XMLStreamException {
        open(element);
        text("ID", category);
        text("Percent", rate.stripTrailingZeros().toPlainString());
        text("TaxExemptionReason", reason);
        open("TaxScheme");
        text("ID", "VAT");
        close();
        close();
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private void open(String name) throws XMLStreamException {
        newline();
        w.writeStartElement("cac", name, CAC);
        depth++;
    }

    private void close() throws XMLStreamException {
        depth--;
        newline();
        w.writeEndElement();
    }

    /** A basic element with text; nothing at all when the value is missing (no empty elements). */
    private void text(String name, String value) throws XMLStreamException {
        if (value == null || value.isEmpty()) {
            return;
        }
        newline();
        w.writeStartElement("cbc", name, CBC);
        w.writeCharacters(value);
        w.writeEndElement();
    }

    private void amount(String name, BigDecimal value) throws XMLStreamException {
        newline();
        w.writeStartElement("cbc", name, CBC);
        w.writeAttribute("currencyID", currency);
        w.writeCharacters(value.toPlainString());
        w.writeEndElement();
    }

    private void newline() throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(depth));
    }
}
