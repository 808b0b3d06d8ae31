package org.serverconnect.api.format;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Full business-rule validation (EN 16931, Peppol schematron) for the formats it knows, as an optional extra after a
 * {@link FormatAdapter} recognised and checked a document. Provided by an optional bundle; accounts that check at
 * {@link CheckLevel#RULES} use it when present.
 *
 * <p><b>Threads:</b> called concurrently from several accounts' runs; thread-safe. A first call per rule set may
 * take seconds (rules are compiled); later calls take tens to hundreds of milliseconds. The file is read only,
 * never changed; the caller has already refused unsafe input (DOCTYPEs, non-XML).
 */
@ConsumerType
public interface DocumentValidator {

    /**
     * @param format a format a {@link FormatAdapter} recognised
     * @return whether this validator has rules for it
     */
    boolean supports(DocumentFormat format);

    /**
     * Validates a document against the rules of its format.
     *
     * @param file   the document
     * @param format its format, one this validator {@link #supports}
     * @return the findings: errors (rule id and text) refuse the document, warnings do not
     * @throws IOException if the file cannot be read (worth retrying)
     */
    CheckResult validate(Path file, DocumentFormat format) throws IOException;
}
