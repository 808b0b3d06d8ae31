package org.serverconnect.api.format;

import java.util.Objects;

/**
 * A recognised document format.
 *
 * @param id              a stable code for the format, for programs: {@code PEPPOL_BIS3_UBL}, {@code XRECHNUNG_CII},
 *                        {@code EN16931_UBL}, {@code EHF2_UBL}, {@code SVEFAKTURA1}, {@code FINVOICE}, ...
 * @param family          the syntax family: {@code UBL}, {@code CII}, {@code Svefaktura}, {@code Finvoice},
 *                        {@code EDIFACT}
 * @param profile         the profile or specification in words ({@code Peppol BIS Billing 3}, {@code XRechnung}, ...),
 *                        or {@code null} when none is declared
 * @param customizationId the document's own customization or specification id, or {@code null}
 * @param profileId       the document's business process (profile) id, or {@code null}
 * @param kind            what the document is
 * @param enveloped       {@code true} when the document came inside an envelope (for example a Peppol SBDH)
 */
public record DocumentFormat(String id, String family, String profile, String customizationId, String profileId,
        DocumentKind kind, boolean enveloped) {
    public DocumentFormat {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(kind, "kind");
    }
}
