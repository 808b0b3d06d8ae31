/**
 * Timetables: when each account's runs happen. One {@link org.serverconnect.api.schedule.Scheduler} service owns
 * time for the whole runtime.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.serverconnect.api.schedule;
