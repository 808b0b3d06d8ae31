package org.serverconnect.format.xml.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.serverconnect.api.format.CheckLevel;
import org.serverconnect.api.format.CheckResult;
import org.serverconnect.api.format.DocumentDescription;
import org.serverconnect.api.format.DocumentFormat;
import org.serverconnect.api.format.FormatAdapter;
import org.serverconnect.api.format.FormatException;
import org.serverconnect.api.format.FormatId;
import org.serverconnect.api.format.Inspection;

/**
 * The XML e-invoice formats as a service: UBL 2.x (Peppol BIS 3, EN 16931, XRechnung, EHF, PINT), UN/CEFACT CII
 * (EN 16931, XRechnung, Factur-X/ZUGFeRD), Svefaktura 1.0, Finvoice; EDIFACT INVOIC is recognised only. Stateless
 * and thread-safe; every call reads the given stream once, and {@link #inspect} reads a good file once for all
 * three answers.
 */
@Component(service = FormatAdapter.class)
@FormatId("xml")
public final class XmlFormatAdapter implements FormatAdapter {

    @Override
    public Optional<DocumentFormat> detect(InputStream in) throws IOException {
        InvoiceReader.Reading r = InvoiceReader.read(in, true);
        return r.problem() == null ? Optional.of(Descriptions.format(r)) : Optional.empty();
    }

    @Override
    public DocumentDescription describe(InputStream in) throws FormatException, IOException {
        InvoiceReader.Reading r = InvoiceReader.read(in);
        if (r.problem() != null) {
            throw new FormatException(r.problem(), null);
        }
        return Descriptions.describe(r);
    }

    @Override
    public CheckResult check(InputStream in, CheckLevel level) throws IOException {
        if (level == CheckLevel.NONE) {
            return CheckResult.passed();
        }
        return Descriptions.check(InvoiceReader.read(in), level);
    }

    /** One reading for detect, describe and check; a file that cannot be read whole is asked step by step. */
    @Override
    public Inspection inspect(Path file, CheckLevel level) throws IOException {
        InvoiceReader.Reading r;
        try (InputStream in = Files.newInputStream(file)) {
            r = InvoiceReader.read(in);
        }
        if (r.problem() != null) {
            return FormatAdapter.super.inspect(file, level);    // recognised from its header, perhaps: say which
        }
        return new Inspection(Descriptions.format(r), Descriptions.describe(r), null, Descriptions.check(r, level));
    }
}
