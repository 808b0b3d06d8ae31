/**
 * Shared constants of the Server Connect service contracts.
 *
 * <p>Every pluggable part of Server Connect is an OSGi service found through Declarative Services. An
 * instance that an operator configures (a connection, a notifier) carries the service property
 * {@link org.serverconnect.api.Names#NAME}; an account selects it with a target filter such as
 * {@code (name=acme-prod)}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.serverconnect.api;
