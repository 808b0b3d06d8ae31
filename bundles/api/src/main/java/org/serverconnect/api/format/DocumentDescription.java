package org.serverconnect.api.format;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The key fields of a document. Any field but {@code format} may be {@code null} when the document does not say.
 *
 * @param format              the recognised format
 * @param number              the document's number (invoice number)
 * @param typeCode            the document's own type code as written (UNTDID 1001 such as {@code 380}, or Finvoice's
 *                            {@code INV01})
 * @param issueDate           the issue date
 * @param dueDate             the payment due date
 * @param currency            the document currency (ISO 4217)
 * @param total               the amount payable, in {@code currency} (a decimal, never a float)
 * @param seller              the seller (supplier)
 * @param buyer               the buyer (customer)
 * @param lineCount           the number of top-level lines
 * @param networkDocumentType the document type to use on the network ({@code Invoice}, {@code ApplicationResponse}),
 *                            or {@code null} when the document is not something the network takes
 */
public record DocumentDescription(DocumentFormat format, String number, String typeCode, LocalDate issueDate,
        LocalDate dueDate, String currency, BigDecimal total, Party seller, Party buyer, int lineCount,
        String networkDocumentType) {
    public DocumentDescription {
        Objects.requireNonNull(format, "format");
    }
}
