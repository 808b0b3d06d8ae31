/**
 * The connection to an e-invoicing network: send documents, follow them, receive documents.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.serverconnect.api.transport;
