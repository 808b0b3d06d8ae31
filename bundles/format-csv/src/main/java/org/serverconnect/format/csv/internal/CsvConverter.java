package org.serverconnect.format.csv.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

import javax.xml.stream.XMLStreamException;

import org.osgi.service.component.annotations.Component;
import org.serverconnect.api.format.Converter;
import org.serverconnect.api.format.DocumentFormat;
import org.serverconnect.api.format.DocumentKind;
import org.serverconnect.api.format.FormatException;
import org.serverconnect.api.format.FormatId;

/**
 * CSV invoices (the layout in this bundle's README) to Peppol BIS Billing 3.0 UBL. Options (an account's
 * {@code csv.*} keys without the prefix): {@code separator} ({@code ;}, {@code ,}, {@code tab} or {@code auto}, the
 * default: whichever the header row uses), {@code decimal} ({@code .}, the default, or {@code ,}), and
 * {@code fileName} (put before every problem). Stateless; nothing is written to {@code out} unless the whole file
 * converts, so a faulty file never leaves half an invoice behind.
 */
@Component(service = Converter.class, property = FormatId.KEY + "=csv")
public final class CsvConverter implements Converter {

    @Override
    public DocumentFormat convert(InputStream in, OutputStream out, Map<String, String> options)
            throws FormatException, IOException {
        CsvInvoiceReader.Options o = CsvInvoiceReader.Options.of(options);
        CsvInvoice invoice = new CsvInvoiceReader(o).read(in);
        Totals totals = Totals.of(invoice, o.fileName());
        ByteArrayOutputStream xml = new ByteArrayOutputStream(8192);
        try {
            UblWriter.write(invoice, totals, xml);
        } catch (XMLStreamException e) {
            throw new FormatException((o.fileName() == null ? "" : o.fileName() + ": ") + "cannot write the UBL: "
                    + e.getMessage(), e);
        }
        xml.writeTo(out);
        return new DocumentFormat("PEPPOL_BIS3_UBL", "UBL", "Peppol BIS Billing 3", UblWriter.CUSTOMIZATION,
                UblWriter.PROFILE, invoice.creditNote() ? DocumentKind.CREDIT_NOTE : DocumentKind.INVOICE, false);
    }
}
