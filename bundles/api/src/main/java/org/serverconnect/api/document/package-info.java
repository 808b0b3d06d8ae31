/**
 * Where documents come from and go to on the local side: an account's outbox (a {@link
 * org.serverconnect.api.document.DocumentSource}) and inbox (a {@link org.serverconnect.api.document.DocumentSink}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.serverconnect.api.document;
