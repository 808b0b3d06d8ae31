package org.serverconnect.pagero.emulator.internal;

import java.util.List;
import java.util.UUID;

import org.serverconnect.pagero.emulator.internal.Events.Doc;

/**
 * How processing of an uploaded file ends, as Pagero's would: routed to the company whose participant id is the
 * buyer's endpoint id (a {@code Sent} document for the sender, a {@code Received} one for the buyer), or an error
 * with reasons.
 */
final class Processing {
    private final EmulatorConfig config;

    Processing(EmulatorConfig config) {
        this.config = config;
    }

    /** The outcome of a forced {@code Error} or {@code AwaitingInteraction} ({@code PUT /emulator/outcomes}). */
    static Events.Processed forced(Events.Uploaded u) {
        String reason = u.forcedReason() != null ? u.forcedReason()
                : u.forced().equals("AwaitingInteraction")
                        ? "The file is awaiting interaction: add the missing attachments again and restart it."
                        : "The file could not be processed.";
        return new Events.Processed(u.fileId(), u.forced(), List.of(reason), List.of());
    }

    /**
     * @param content the payload, relative to the data folder
     * @param now     the emulator's time
     */
    Events.Processed outcome(Events.Uploaded u, InvoiceInspector.Inspection doc, String content, long now) {
        String fileId = u.fileId();
        if (doc.problem() != null) {
            return error(fileId, doc.problem());
        }
        if (doc.buyerEndpoint() == null) {
            return error(fileId, "The buyer has no electronic address"
                    + " (EndpointID or URIUniversalCommunication): the document cannot be delivered.");
        }
        EmulatorConfig.Company receiver = config.companyForParticipant(doc.buyerEndpoint());
        if (receiver == null) {
            return error(fileId, "No recipient on the network has the electronic address " + doc.buyerEndpoint() + ".");
        }
        EmulatorConfig.Company sender = config.company(u.companyId());
        String sentId = UUID.randomUUID().toString();
        String receivedId = UUID.randomUUID().toString();
        String subType = doc.subType().equals("Response") ? "RecipientAccept" : doc.subType();
        Doc sent = new Doc(sentId, fileId, sender.id(), "Sent", doc.kind(), subType, doc.number(),
                doc.referencedNumber(), u.senderReference(), u.sendMode(), now, sender.id(), receiver.id(),
                nameOr(doc.sellerName(), sender.name()), nameOr(doc.buyerName(), receiver.name()), doc.issueDate(),
                doc.dueDate(), doc.currency(), doc.total(), content, receivedId);
        Doc received = new Doc(receivedId, null, receiver.id(), "Received", doc.kind(), subType, doc.number(),
                doc.referencedNumber(), null, u.sendMode(), now, sender.id(), receiver.id(), sent.senderName(),
                sent.receiverName(), doc.issueDate(), doc.dueDate(), doc.currency(), doc.total(), content, sentId);
        return new Events.Processed(fileId, "Processed", List.of(), List.of(sent, received));
    }

    private static Events.Processed error(String fileId, String reason) {
        return new Events.Processed(fileId, "Error", List.of(reason), List.of());
    }

    private static String nameOr(String a, String b) {
        return a == null || a.isBlank() ? b : a;
    }
}
