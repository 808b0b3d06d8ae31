package org.serverconnect.pagero.emulator.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.serverconnect.pagero.emulator.internal.Events.Doc;

/**
 * A document as the Document API shows it: one item of {@code GET /document/v1/documents}, with the fields seen in
 * the public samples and nothing else (no {@code senderReference}, no {@code referenceDocumentIdentifier}: those are
 * query filters only). {@code documentReferences} and {@code attachments} stay empty, as in every public sample;
 * {@code eventDetails} carries the document's delivery and business statuses in the emulator's own shape.
 */
final class DocumentItems {
    private final EmulatorState state;

    DocumentItems(EmulatorState state) {
        this.state = state;
    }

    Map<String, Object> item(Doc d) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("direction", d.direction());
        info.put("documentType", d.documentType());
        info.put("documentSubType", d.documentSubType());
        info.put("documentIdentifier", d.documentIdentifier());
        info.put("issueDate", d.issueDate());
        info.put("dueDate", d.dueDate());
        Map<String, Object> amounts = new LinkedHashMap<>();
        amounts.put("currency", d.currency());
        amounts.put("totalAmount", d.total());
        info.put("amounts", amounts);
        info.put("senderParty", party(d.senderName()));
        info.put("receiverParty", party(d.receiverName()));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", d.id());
        item.put("fileId", d.fileId());
        item.put("createTime", Instant.ofEpochMilli(d.createTime()).toString());
        item.put("distribution", "Electronic");
        item.put("isFetched", state.isFetched(d.id()));
        item.put("isSelfBilled", false);
        item.put("sendMode", d.sendMode());
        item.put("sendingCompanyId", d.sendingCompanyId());
        item.put("sendingServiceProviderName", "Pagero");
        item.put("receivingServiceProviderName", "Pagero");
        item.put("attachments", List.of());
        item.put("documentReferences", List.of());
        item.put("eventDetails", state.statuses(d.id()).stream().map(DocumentItems::event).toList());
        item.put("validationErrors", Map.of("noOfErrors", 0));
        item.put("documentInfo", info);
        return item;
    }

    static Map<String, Object> event(Events.Status s) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventType", s.eventType());
        e.put("status", s.status());
        e.put("createTime", Instant.ofEpochMilli(s.createTime()).toString());
        if (s.description() != null) {
            e.put("description", s.description());
        }
        return e;
    }

    private static Map<String, Object> party(String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("type", "Business");
        p.put("ids", List.of());
        return p;
    }
}
