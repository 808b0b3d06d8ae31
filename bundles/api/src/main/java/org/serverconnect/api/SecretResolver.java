package org.serverconnect.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Resolves secret settings (passwords, client secrets) written in configurations: {@code ${env:NAME}} comes from the
 * environment, {@code ${file:PATH}} from a file (trailing line breaks removed; the file should be readable by the
 * service account only), anything else is the secret itself. Provided by the runtime bundle; components resolve
 * their secrets at activation.
 *
 * <p>Secrets are configured under private keys (a leading dot, {@code .password}), which Declarative Services never
 * publishes as service properties; see {@link Names#requirePrivate}.
 */
@ProviderType
public interface SecretResolver {

    /**
     * @param setting the setting's key, for messages ({@code .password})
     * @param value   the configured value, or {@code null}
     * @return the secret ({@code null} or empty stays so)
     * @throws IllegalArgumentException naming the setting and the reference (never a value) when the environment
     *                                  variable is not set or the file cannot be read
     */
    String resolve(String setting, String value);
}
