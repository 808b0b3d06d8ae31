/**
 * Recognising, describing and checking document formats, and converting from formats the network does not take.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.serverconnect.api.format;
