package org.serverconnect.pagero.emulator.internal;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;

import org.serverconnect.pagero.emulator.internal.Events.Doc;

/**
 * Pagero Online's duplicate control for outgoing documents: a document whose number the same sending company already
 * sent, with an issue date in the same fiscal year, is stopped. Off (0) or the month the fiscal year starts (1 to 12).
 * Only documents that processing made count as sent; a document without a readable number or issue date is not
 * checked.
 */
final class DuplicateControl {
    private final int fiscalYearStartMonth;

    DuplicateControl(int fiscalYearStartMonth) {
        this.fiscalYearStartMonth = fiscalYearStartMonth;
    }

    /**
     * @param sent the documents the company sent so far
     * @return why the document is a duplicate, or null when it is not (or when there is no control)
     */
    String check(String companyId, String documentType, String number, String issueDate, Collection<Doc> sent) {
        LocalDate issued = date(issueDate);
        if (fiscalYearStartMonth == 0 || number == null || number.isBlank() || issued == null) {
            return null;
        }
        LocalDate year = fiscalYearStart(issued);
        for (Doc d : sent) {
            if (d.fileId() != null && "Sent".equals(d.direction()) && companyId.equals(d.companyId())
                    && documentType.equals(d.documentType()) && number.equals(d.documentIdentifier())
                    && year.equals(fiscalYearStart(date(d.issueDate())))) {
                return "Duplicate document number " + number + ": already sent in the fiscal year starting " + year
                        + " (file " + d.fileId() + ").";
            }
        }
        return null;
    }

    /** The first day of the fiscal year a date falls in, or null for no date. */
    LocalDate fiscalYearStart(LocalDate date) {
        if (date == null) {
            return null;
        }
        int year = date.getMonthValue() >= fiscalYearStartMonth ? date.getYear() : date.getYear() - 1;
        return LocalDate.of(year, fiscalYearStartMonth, 1);
    }

    /** A UBL ({@code 2026-11-20}) or CII format 102 ({@code 20261120}) date, or null. */
    static LocalDate date(String value) {
        if (value == null) {
            return null;
        }
        try {
            return value.length() == 8 ? LocalDate.parse(value, DateTimeFormatter.BASIC_ISO_DATE) : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
