package org.serverconnect.api.format;

/**
 * What one reading of a document by a {@link FormatAdapter} found: whether the adapter recognises it, what it says,
 * and how it fares against a check.
 *
 * @param format      the document's format, or {@code null} when this adapter does not recognise it
 * @param description what the document says, or {@code null} when it is not recognised or cannot be described
 * @param problem     why a recognised document cannot be described (it is refused), otherwise {@code null}
 * @param check       the findings of the check at the level asked for ({@link CheckResult#passed()} for
 *                    {@link CheckLevel#NONE})
 */
public record Inspection(DocumentFormat format, DocumentDescription description, String problem, CheckResult check) {
    public Inspection {
        java.util.Objects.requireNonNull(check, "check");
    }
}
