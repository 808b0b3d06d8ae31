package org.serverconnect.directory.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.serverconnect.api.document.DocumentSink;
import org.serverconnect.api.document.DocumentSource;
import org.serverconnect.api.document.Inbox;
import org.serverconnect.api.document.InboxSettings;
import org.serverconnect.api.document.Outbox;
import org.serverconnect.api.document.OutboxSettings;

/**
 * The directory source and sink as services: accounts open their outbox and inbox through them. Stateless; every
 * open outbox or inbox is a plain object owned by the account that opened it.
 */
@Component(service = { DocumentSource.class, DocumentSink.class },
        property = { DocumentSource.TYPE + "=directory", DocumentSink.TYPE + "=directory" })
public final class DirectoryDocuments implements DocumentSource, DocumentSink {

    @Override
    public Outbox open(OutboxSettings settings) throws IOException {
        return new DirectoryOutbox(settings);
    }

    @Override
    public Inbox open(InboxSettings settings) throws IOException {
        return new DirectoryInbox(settings);
    }
}
