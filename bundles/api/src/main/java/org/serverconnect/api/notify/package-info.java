/**
 * Telling people what happened: run reports and events, delivered by {@link org.serverconnect.api.notify.Notifier}s.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.serverconnect.api.notify;
