package org.serverconnect.format.xml.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.serverconnect.api.format.CheckLevel;
import org.serverconnect.api.format.CheckResult;
import org.serverconnect.api.format.CheckResult.Finding;
import org.serverconnect.api.format.DocumentDescription;
import org.serverconnect.api.format.DocumentFormat;
import org.serverconnect.api.format.DocumentKind;
import org.serverconnect.api.format.Party;
import org.serverconnect.format.xml.internal.InvoiceReader.Family;
import org.serverconnect.format.xml.internal.InvoiceReader.Reading;

/** Turns a {@link Reading} into the API's description and check result: format and profile, parsed values. */
final class Descriptions {
    private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;

    private Descriptions() {
    }

    static DocumentFormat format(Reading r) {
        String cust = r.get("customizationId");
        String prof = r.get("profileId");
        DocumentKind kind = kind(r);
        return switch (r.family()) {
        case UBL -> {
            String[] id = ublProfile(cust);
            yield new DocumentFormat(id[0], "UBL", id[1], cust, prof, kind, r.enveloped());
        }
        case CII -> {
            String[] id = ciiProfile(cust);
            yield new DocumentFormat(id[0], "CII", id[1], cust, prof, kind, r.enveloped());
        }
        case SVEFAKTURA -> new DocumentFormat("SVEFAKTURA1", "Svefaktura", "Svefaktura 1.0", cust, prof, kind, r.enveloped());
        case SVEFAKTURA_ENVELOPE -> new DocumentFormat("SVEFAKTURA1_OBJECT_ENVELOPE", "Svefaktura",
                "Svefaktura 1.0 attachment envelope", null, null, DocumentKind.OTHER, r.enveloped());
        case FINVOICE -> new DocumentFormat("FINVOICE", "Finvoice", cust, cust, null, kind, false);
        case EDIFACT_XML -> new DocumentFormat("EDIFACT_INVOIC_XML", "EDIFACT", "EDIFACT INVOIC (XML)", null, null, kind, false);
        case EDIFACT_TEXT -> new DocumentFormat("EDIFACT_INVOIC_TEXT", "EDIFACT", "EDIFACT INVOIC", null, null, kind, false);
        };
    }

    /** {id, profile in words} for a UBL CustomizationID (most specific first, as docs/formats.md says). */
    private static String[] ublProfile(String c) {
        if (c == null) {
            return new String[] { "UBL2", "UBL 2.x, no profile" };
        }
        if (c.contains("urn:xeinkauf.de:kosit:xrechnung") || c.contains("urn:xoev-de:kosit:standard:xrechnung")) {
            return new String[] { "XRECHNUNG_UBL", "XRechnung" };
        }
        if (c.contains("anskaffelser.no")) {
            return new String[] { "EHF3_UBL", "EHF Forward Billing 3.0" };
        }
        if (c.startsWith("urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:selfbilling:3.0")) {
            return new String[] { "PEPPOL_BIS3_SELFBILLING_UBL", "Peppol BIS Self-Billing 3" };
        }
        if (c.startsWith("urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0")) {
            return new String[] { "PEPPOL_BIS3_UBL", "Peppol BIS Billing 3" };
        }
        if (c.startsWith("urn:peppol:pint:")) {
            return new String[] { "PEPPOL_PINT_UBL", "Peppol PINT" };
        }
        if (c.contains("urn:www.difi.no:ehf")) {
            return new String[] { "EHF2_UBL", "EHF 2.0" };
        }
        if (c.startsWith("urn:cen.eu:en16931:2017")) {
            return new String[] { "EN16931_UBL", "EN 16931" };
        }
        return new String[] { "UBL2", "UBL 2.x" };
    }

    private static String[] ciiProfile(String c) {
        if (c == null) {
            return new String[] { "CII", "UN/CEFACT CII, no profile" };
        }
        if (c.contains("urn:xeinkauf.de:kosit:xrechnung") || c.contains("urn:xoev-de:kosit:standard:xrechnung")) {
            return new String[] { "XRECHNUNG_CII", "XRechnung" };
        }
        if (c.startsWith("urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0")) {
            return new String[] { "PEPPOL_BIS3_CII", "Peppol BIS Billing 3" };
        }
        if (c.contains("factur-x.eu") || c.startsWith("urn:ferd:") || c.contains("zugferd")) {
            return new String[] { "FACTURX_ZUGFERD_CII", "Factur-X / ZUGFeRD" };
        }
        if (c.startsWith("urn:cen.eu:en16931:2017")) {
            return new String[] { "EN16931_CII", "EN 16931" };
        }
        return new String[] { "CII", "UN/CEFACT CII" };
    }

    static DocumentKind kind(Reading r) {
        String root = r.root() == null ? "" : r.root();
        String type = r.get("typeCode");
        if (root.endsWith("}CreditNote") || "381".equals(type) || "INV02".equals(type)) {
            return DocumentKind.CREDIT_NOTE;
        }
        if (root.endsWith("}ApplicationResponse")) {
            return DocumentKind.APPLICATION_RESPONSE;
        }
        if (r.family() == Family.SVEFAKTURA_ENVELOPE || root.endsWith("}DebitNote")) {
            return DocumentKind.OTHER;
        }
        return DocumentKind.INVOICE;
    }

    static DocumentDescription describe(Reading r) {
        DocumentFormat format = format(r);
        String network = switch (format.kind()) {
        case INVOICE, CREDIT_NOTE -> "Invoice";
        case APPLICATION_RESPONSE -> "ApplicationResponse";
        default -> null;
        };
        return new DocumentDescription(format, r.get("number"), r.get("typeCode"), date(r.get("issueDate")),
                date(r.get("dueDate")), r.get("currency"), amount(r.get("payable")), party(r, "seller"),
                party(r, "buyer"), r.lines(), network);
    }

    private static Party party(Reading r, String who) {
        return new Party(r.get(who + "Name"), r.get(who + "Id"), r.get(who + "IdScheme"), r.get(who + "Endpoint"),
                r.get(who + "EndpointScheme"), r.get(who + "Vat"));
    }

    /** {@code YYYY-MM-DD} (UBL) or {@code YYYYMMDD} (CII, Finvoice); null when absent or not a date. */
    static LocalDate date(String s) {
        if (s == null) {
            return null;
        }
        try {
            return s.length() == 8 && s.chars().allMatch(Character::isDigit) ? LocalDate.parse(s, BASIC)
                    : LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A decimal amount, with a decimal point or (Finvoice) a decimal comma; null when absent or not a number. */
    static BigDecimal amount(String s) {
        if (s == null) {
            return null;
        }
        try {
            return new BigDecimal(s.replace(" ", "").replace(',', '.'));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Checks at the given depth; messages name the element a person has to fix. */
    static CheckResult check(Reading r, CheckLevel level) {
        List<Finding> findings = new ArrayList<>();
        if (level == CheckLevel.NONE) {
            return CheckResult.passed();
        }
        if (r.problem() != null) {
            findings.add(new Finding(Finding.Severity.ERROR, null, r.problem(), null));
            return new CheckResult(findings);
        }
        if (level == CheckLevel.WELLFORMED) {
            return CheckResult.passed();
        }
        DocumentDescription d = describe(r);
        if (d.networkDocumentType() == null) {
            findings.add(error("FORMAT", "the document is a " + d.format().profile()
                    + ", which is not an invoice, credit note or application response the network takes", null));
            return new CheckResult(findings);
        }
        switch (r.family()) {
        case UBL -> {
            require(findings, d.number(), "invoice number missing", "cbc:ID");
            require(findings, d.issueDate(), r.get("issueDate") == null ? "issue date missing" : "issue date is not a date", "cbc:IssueDate");
            require(findings, d.currency(), "document currency missing", "cbc:DocumentCurrencyCode");
            require(findings, d.total(), r.get("payable") == null ? "amount due missing" : "amount due is not a number",
                    "cac:LegalMonetaryTotal/cbc:PayableAmount");
            require(findings, d.seller().name(), "seller name missing", "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName");
            require(findings, d.buyer().name(), "buyer name missing", "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName");
            if (peppol(d.format().id())) {
                require(findings, d.seller().endpointId(), "seller endpoint id missing", "cac:AccountingSupplierParty/cac:Party/cbc:EndpointID");
                require(findings, d.buyer().endpointId(), "buyer endpoint id missing", "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID");
                require(findings, d.seller().endpointScheme(), "seller endpoint scheme missing", "cac:AccountingSupplierParty/cac:Party/cbc:EndpointID/@schemeID");
                require(findings, d.buyer().endpointScheme(), "buyer endpoint scheme missing", "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID/@schemeID");
            }
            if (d.lineCount() == 0) {
                findings.add(error("LINES", "the document has no lines", "cac:InvoiceLine"));
            }
        }
        case CII -> {
            require(findings, d.number(), "invoice number missing", "rsm:ExchangedDocument/ram:ID");
            require(findings, d.issueDate(), "issue date missing or not a date", "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString");
            require(findings, d.currency(), "invoice currency missing", "ram:ApplicableHeaderTradeSettlement/ram:InvoiceCurrencyCode");
            require(findings, d.total(), "amount due missing or not a number", "ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount");
            require(findings, d.seller().name(), "seller name missing", "ram:SellerTradeParty/ram:Name");
            require(findings, d.buyer().name(), "buyer name missing", "ram:BuyerTradeParty/ram:Name");
        }
        case SVEFAKTURA, FINVOICE, EDIFACT_XML, EDIFACT_TEXT -> {
            require(findings, d.number(), "invoice number missing", null);
            findings.add(new Finding(Finding.Severity.WARNING, "LEGACY", d.format().profile()
                    + " is an older national format; Pagero Online may convert it, but Peppol BIS Billing 3 is preferred", null));
        }
        default -> { }
        }
        if (level == CheckLevel.RULES) {
            if (d.currency() != null && !d.currency().matches("[A-Z]{3}")) {
                findings.add(error("CURRENCY", "currency '" + d.currency() + "' is not an ISO 4217 code", null));
            }
            if (d.issueDate() != null && d.dueDate() != null && d.dueDate().isBefore(d.issueDate())) {
                findings.add(new Finding(Finding.Severity.WARNING, "DUE-DATE", "the due date " + d.dueDate()
                        + " is before the issue date " + d.issueDate(), null));
            }
        }
        findings.sort((a, b) -> a.severity().compareTo(b.severity()));
        return new CheckResult(findings);
    }

    private static boolean peppol(String id) {
        return id.startsWith("PEPPOL_") || id.equals("EHF3_UBL") || id.equals("XRECHNUNG_UBL");
    }

    private static void require(List<Finding> findings, Object value, String message, String element) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            findings.add(error("MANDATORY", message + (element == null ? "" : " (" + element + ")"), element));
        }
    }

    private static Finding error(String rule, String message, String location) {
        return new Finding(Finding.Severity.ERROR, rule, message, location);
    }
}
