package org.serverconnect.api.format;

/**
 * A party named in a document (seller or buyer). Any field may be {@code null} when the document does not say.
 *
 * @param name       the registered or trading name
 * @param id         a party identifier (organisation number, GLN, ...)
 * @param idScheme   the identifier's scheme, as the document states it
 * @param endpointId the electronic address (for example the Peppol participant id)
 * @param endpointScheme the electronic address's scheme (for example {@code 0007})
 * @param vatId      the VAT registration number
 */
public record Party(String name, String id, String idScheme, String endpointId, String endpointScheme, String vatId) {

    /** @return the electronic address as {@code scheme:value} (or the value alone without a scheme), or null */
    public String endpoint() {
        if (endpointId == null || endpointId.isEmpty()) {
            return null;
        }
        return endpointScheme == null || endpointScheme.isEmpty() ? endpointId : endpointScheme + ":" + endpointId;
    }
}
