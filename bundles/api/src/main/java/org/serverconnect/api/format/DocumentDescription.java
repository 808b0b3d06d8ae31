package org.serverconnect.api.format;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The key fields of a document. Any field but {@code format} may be {@code null} when the document does not say.
 *
 * @param format    the recognised format
 * @param number    the document's number (invoice number)
 * @param issueDate the issue date
 * @param dueDate   the payment due date
 * @param currency  the document currency (ISO 4217)
 * @param total     the amount payable, in {@code currency}
 * @param seller    the seller (supplier)
 * @param buyer     the buyer (customer)
 */
public record DocumentDescription(DocumentFormat format, String number, LocalDate issueDate, LocalDate dueDate,
        String currency, BigDecimal total, Party seller, Party buyer) {
    public DocumentDescription {
        Objects.requireNonNull(format, "format");
    }
}
