/**
 * What an account is doing: its status, modelled on openHAB's thing status.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.serverconnect.api.account;
