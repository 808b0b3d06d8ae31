/**
 * Configuration: checks that a configuration's settings are right before they are written, and why a configured
 * instance was refused.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.serverconnect.api.config;
