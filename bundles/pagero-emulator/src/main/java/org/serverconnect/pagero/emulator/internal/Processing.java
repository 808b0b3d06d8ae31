package org.serverconnect.pagero.emulator.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.serverconnect.pagero.emulator.internal.Events.Doc;

/**
 * How processing of an uploaded file ends, as Pagero's would: routed to the company whose participant id is the
 * buyer's endpoint id (a {@code Sent} document for the sender with a Delivery {@code Done}, a {@code Received} one for
 * the buyer; a {@code Certification} document is never forwarded), or an error with reasons: not well formed, not
 * what its {@code documentType} says, no or an unknown buyer address, a duplicate. The documents appear
 * {@code documentLagMillis} after the end of processing.
 */
final class Processing {
    private final EmulatorConfig config;
    private final DuplicateControl duplicates;

    Processing(EmulatorConfig config) {
        this.config = config;
        this.duplicates = new DuplicateControl(config.duplicateControl());
    }

    /** The outcome of a forced {@code Error} or {@code AwaitingInteraction} ({@code PUT /emulator/outcomes}). */
    static Events.Processed forced(Events.Uploaded u) {
        String reason = u.forcedReason() != null ? u.forcedReason()
                : u.forced().equals(FileEntry.AWAITING)
                        ? "The file is awaiting interaction: add the missing attachments again and restart it."
                        : "The file could not be processed.";
        return new Events.Processed(u.fileId(), u.forced(), List.of(reason), List.of());
    }

    /**
     * @param content the payload, relative to the data folder
     * @param now     the emulator's time at the end of processing
     * @param sent    the documents the sending company sent so far (for the duplicate control)
     * @return the events to record, the {@link Events.Processed} first
     */
    List<Events> outcome(Events.Uploaded u, InvoiceInspector.Inspection doc, String content, long now,
            Collection<Doc> sent) {
        String fileId = u.fileId();
        if (doc.problem() != null) {
            return error(fileId, doc.problem());
        }
        String mismatch = typeMismatch(u.documentType(), doc.kind());
        if (mismatch != null) {
            return error(fileId, mismatch);
        }
        if (doc.buyerEndpoint() == null) {
            return error(fileId, "The buyer has no electronic address"
                    + " (EndpointID or URIUniversalCommunication): the document cannot be delivered.");
        }
        EmulatorConfig.Company receiver = config.companyForParticipant(doc.buyerEndpoint());
        if (receiver == null) {
            return error(fileId, "No recipient on the network has the electronic address " + doc.buyerEndpoint() + ".");
        }
        String duplicate = duplicates.check(u.companyId(), u.documentType(), doc.number(), doc.issueDate(), sent);
        if (duplicate != null) {
            return error(fileId, duplicate);
        }
        return routed(u, doc, content, now + config.documentLagMillis(), receiver);
    }

    private List<Events> routed(Events.Uploaded u, InvoiceInspector.Inspection doc, String content, long visible,
            EmulatorConfig.Company receiver) {
        EmulatorConfig.Company sender = config.company(u.companyId());
        boolean forwarded = !"Certification".equals(u.sendMode());
        String sentId = UUID.randomUUID().toString();
        String receivedId = forwarded ? UUID.randomUUID().toString() : null;
        String subType = doc.documentSubType();
        Doc sentDoc = new Doc(sentId, u.fileId(), sender.id(), "Sent", u.documentType(), subType, doc.number(),
                doc.referencedNumber(), u.senderReference(), u.sendMode(), visible, sender.id(), receiver.id(),
                nameOr(doc.sellerName(), sender.name()), nameOr(doc.buyerName(), receiver.name()), doc.issueDate(),
                doc.dueDate(), doc.currency(), doc.total(), content, receivedId);
        List<Doc> docs = new ArrayList<>(List.of(sentDoc));
        if (forwarded) {
            docs.add(new Doc(receivedId, null, receiver.id(), "Received", u.documentType(), subType, doc.number(),
                    doc.referencedNumber(), null, u.sendMode(), visible, sender.id(), receiver.id(),
                    sentDoc.senderName(), sentDoc.receiverName(), doc.issueDate(), doc.dueDate(), doc.currency(),
                    doc.total(), content, sentId));
        }
        List<Events> events = new ArrayList<>();
        events.add(new Events.Processed(u.fileId(), FileEntry.PROCESSED, List.of(), docs));
        if (forwarded) {
            events.add(new Events.StatusAdded(sentId, new Events.Status(DocumentStatuses.DELIVERY,
                    DocumentStatuses.DONE, visible, "Delivered to the receiver's inbox.")));
        }
        return events;
    }

    /** Why the content is not what the upload's documentType says, or null. */
    private static String typeMismatch(String documentType, String kind) {
        boolean response = kind.equals("ApplicationResponse");
        if (response == documentType.equals("ApplicationResponse")) {
            return null;
        }
        return "The file was sent as documentType " + documentType + ", but it is "
                + (response ? "an ApplicationResponse" : "an invoice or credit note") + ".";
    }

    private static List<Events> error(String fileId, String reason) {
        return List.of(new Events.Processed(fileId, FileEntry.ERROR, List.of(reason), List.of()));
    }

    private static String nameOr(String a, String b) {
        return a == null || a.isBlank() ? b : a;
    }
}
