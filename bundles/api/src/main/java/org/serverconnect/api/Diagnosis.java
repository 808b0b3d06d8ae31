package org.serverconnect.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A part of the runtime that {@code serverconnect doctor} asks besides the accounts (for example the installation
 * file: whether it was applied or refused, and why). Registered as a service; the doctor lists its findings before
 * the accounts'.
 */
@ConsumerType
public interface Diagnosis {

    /** @return the findings; each says what to do when it is not fine. Returns quickly, never throws. */
    List<Check> doctor();
}
