package org.serverconnect.api.format;

import java.util.Objects;

/**
 * A recognised document format.
 *
 * @param family          the syntax family: {@code UBL}, {@code CII}, {@code Svefaktura}, {@code Finvoice}, ...
 * @param profile         the profile or specification within the family ({@code Peppol BIS Billing 3},
 *                        {@code XRechnung}, ...), or {@code null} when none is declared
 * @param customizationId the document's own customization or specification id, or {@code null}
 * @param kind            what the document is
 * @param enveloped       {@code true} when the document came inside an envelope (for example a Peppol SBDH)
 */
public record DocumentFormat(String family, String profile, String customizationId, DocumentKind kind,
        boolean enveloped) {
    public DocumentFormat {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(kind, "kind");
    }
}
