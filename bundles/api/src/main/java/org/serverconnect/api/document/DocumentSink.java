package org.serverconnect.api.document;

import java.io.IOException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Opens an account's inbox: the place where received documents are written for the accounting system.
 *
 * <p><b>Who implements it:</b> the directory bundle (service property {@link #TYPE} {@code = "directory"}).
 *
 * <p><b>Threads:</b> {@link #open} is called by the engine when an account activates; it must not block for more
 * than a few milliseconds.
 */
@ConsumerType
public interface DocumentSink {

    /** Service property ({@code String}) naming the kind of sink. */
    String TYPE = "sink.type";

    /**
     * Opens the inbox described by {@code settings}, creating the folder when missing.
     *
     * @param settings where the inbox is and how files are named
     * @return an open inbox; the caller closes it when the account stops
     * @throws IOException if the folder cannot be created or written
     * @throws IllegalArgumentException if a setting is invalid; the message names the setting
     */
    Inbox open(InboxSettings settings) throws IOException;
}
