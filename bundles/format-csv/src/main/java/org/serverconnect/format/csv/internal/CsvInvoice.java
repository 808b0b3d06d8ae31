package org.serverconnect.format.csv.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One invoice or credit note as read from a CSV file, before any total is computed: what the file says, checked
 * field by field.
 */
record CsvInvoice(String number, boolean creditNote, LocalDate issueDate, LocalDate dueDate, String currency,
        String buyerReference, String orderReference, String precedingInvoice, String paymentTerms,
        String paymentAccount, String paymentMeans, String note, Party seller, Party buyer, List<Line> lines,
        Given given) {

    /** A seller or buyer. {@code endpoint} is {@code scheme:value} (a Peppol electronic address). */
    record Party(String name, String endpointScheme, String endpointId, String vatId, String companyId, String street,
            String city, String postcode, String country) {
    }

    /** One invoice line: {@code allowance} is an amount taken off the line (2 decimals), or {@code null}. */
    record Line(int fileLine, String id, String itemName, BigDecimal quantity, String unitCode, BigDecimal price,
            String vatCategory, BigDecimal vatRate, String exemptionReason, BigDecimal allowance,
            String allowanceReason) {
    }

    /** Totals the file carries, if any: only compared with the computed ones, never used. */
    record Given(BigDecimal withoutVat, BigDecimal vat, BigDecimal payable, int fileLine) {
    }
}
