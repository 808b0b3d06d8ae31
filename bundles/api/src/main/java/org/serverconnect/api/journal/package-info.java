/**
 * The journal: every document the connector handled and every state it passed through.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.serverconnect.api.journal;
