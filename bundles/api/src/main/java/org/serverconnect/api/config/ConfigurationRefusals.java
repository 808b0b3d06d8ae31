package org.serverconnect.api.config;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Why a configured instance does not run: a connection or notifier whose component refused its configuration (a
 * name, a value, a secret under a plain key, ...) provides no service, and what waits for it (an account naming it)
 * says so instead of waiting for ever. Implemented by the runtime bundle from what Declarative Services reports.
 */
@ProviderType
public interface ConfigurationRefusals {

    /**
     * @param service the service interface the instance would provide ({@code org.serverconnect.api.transport.Transport})
     * @param name    the instance's name (its {@code name} service property)
     * @return why its configuration was refused, in the component's words, or empty when it was not (it runs, or is
     *         not configured at all)
     */
    Optional<String> refused(String service, String name);
}
