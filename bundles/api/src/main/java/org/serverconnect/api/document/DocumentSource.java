package org.serverconnect.api.document;

import java.io.IOException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Opens an account's outbox: the place where the accounting system drops documents to send.
 *
 * <p><b>Who implements it:</b> the directory bundle (service property {@link #TYPE} {@code = "directory"}); other
 * sources (an SFTP folder, a database table) are new bundles registering this service with another type.
 *
 * <p><b>Threads:</b> {@link #open} is called by the engine when an account activates, on the configuration
 * thread; it must not block for more than a few milliseconds (no network access, no scan).
 */
@ConsumerType
public interface DocumentSource {

    /** Service property ({@code String}) naming the kind of source; accounts select it with {@code (source.type=...)}. */
    String TYPE = "source.type";

    /**
     * Opens the outbox described by {@code settings}, creating its folders when missing.
     *
     * @param settings where the outbox and its companion folders are and how files become ready
     * @return an open outbox; the caller closes it when the account stops
     * @throws IOException if a folder cannot be created or is not usable (reported as the account's
     *                     configuration error; the engine retries on the next configuration change)
     * @throws IllegalArgumentException if a setting is invalid; the message names the setting
     */
    Outbox open(OutboxSettings settings) throws IOException;
}
