package org.serverconnect.pagero.emulator.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.serverconnect.pagero.emulator.internal.Events.Doc;

/** A document as the Document API shows it: one item of {@code GET /document/v1/documents}. */
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
        info.put("referenceDocumentIdentifier", d.referenceDocumentIdentifier());
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
        item.put("senderReference", d.senderReference());
        item.put("sendingCompanyId", d.sendingCompanyId());
        item.put("receivingCompanyId", d.receivingCompanyId());
        item.put("sendingServiceProviderName", "Pagero");
        item.put("receivingServiceProviderName", "Pagero");
        item.put("attachments", List.of());
        item.put("documentReferences", d.referenceDocumentIdentifier() == null ? List.of()
                : List.of(Map.of("documentIdentifier", d.referenceDocumentIdentifier())));
        item.put("eventDetails", List.of());
        item.put("validationErrors", Map.of("noOfErrors", 0));
        item.put("documentInfo", info);
        return item;
    }

    private static Map<String, Object> party(String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("type", "Business");
        p.put("ids", List.of());
        return p;
    }
}
