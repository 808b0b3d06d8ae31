package org.serverconnect.transport.pagero.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.serverconnect.api.transport.ProcessingStatus;
import org.serverconnect.api.transport.ProcessingStatus.State;
import org.serverconnect.api.transport.Progress;
import org.serverconnect.api.transport.SendReceipt;
import org.serverconnect.api.transport.Transport.Action;
import org.serverconnect.api.transport.TransportException;
import org.serverconnect.api.transport.TransportException.Outcome;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How Pagero Online processes a sent file, by the documented queries: the file's parts in {@code Error} or
 * {@code AwaitingInteraction} ({@code fileparts?Status=AwaitingInteraction,Error}), then the documents the file
 * became ({@code documents?fileId=}). A file has one or more parts; an {@code Error} on any is the file's state.
 * No part in either state and no document yet is still processing: processing is not atomic, and a file's documents
 * may appear a while after its parts are done. The documents' events say how delivery and the recipient's
 * business status went on ({@link PageroEvents}).
 */
final class Processing {
    private static final String FILTER = "?Status=AwaitingInteraction,Error";

    private final ApiCalls api;

    Processing(ApiCalls api) {
        this.api = api;
    }

    ProcessingStatus status(SendReceipt receipt) throws TransportException {
        String fileId = receipt.fileId();
        List<String> errors = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        boolean error = false;
        boolean awaiting = false;
        boolean processing = false;
        for (JsonNode part : parts(fileId)) {
            String status = part.path("status").asText("");
            List<String> reasons = new ArrayList<>();
            part.path("error").path("description").forEach(d -> reasons.add(d.asText()));
            switch (status) {
            case "Error" -> {
                error = true;
                errors.addAll(reasons);
            }
            case "AwaitingInteraction" -> {
                awaiting = true;
                waiting.addAll(reasons);
            }
            default -> processing = true;      // a network that lists parts still being processed despite the filter
            }
        }
        if (error) {
            return new ProcessingStatus(fileId, State.ERROR, List.of(), duplicates(errors));
        }
        if (awaiting) {
            return new ProcessingStatus(fileId, State.AWAITING_INTERACTION, List.of(), waiting);
        }
        if (processing) {
            return new ProcessingStatus(fileId, State.PROCESSING, List.of(), List.of());
        }
        JsonNode docs = api.get("status", "/document/v1/documents?fileId=" + ApiCalls.enc(fileId) + "&limit=100");
        List<String> ids = new ArrayList<>();
        List<Progress> progress = new ArrayList<>();
        for (JsonNode d : docs.path("items")) {
            ids.add(d.path("id").asText());
            progress.addAll(PageroEvents.of(d.path("eventDetails"), api::instant));
        }
        if (ids.isEmpty()) {
            return new ProcessingStatus(fileId, State.PROCESSING, List.of(), List.of());
        }
        progress.sort(Comparator.comparing(Progress::at));
        return new ProcessingStatus(fileId, State.PROCESSED, ids, List.of(), progress);
    }

    /** Pagero's duplicate control stops a document whose number was sent before in the fiscal year: say so plainly. */
    private static List<String> duplicates(List<String> reasons) {
        List<String> out = new ArrayList<>(reasons);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).toLowerCase(java.util.Locale.ROOT).contains("duplicate")) {
                out.set(i, "Pagero Online's duplicate control stopped it (a document with this number was sent before "
                        + "in the fiscal year): " + out.get(i));
            }
        }
        if (out.isEmpty()) {
            out.add("Pagero Online could not process it (no reason given)");
        }
        return out;
    }

    private Iterable<JsonNode> parts(String fileId) throws TransportException {
        return api.get("status", "/file/v1/files/" + ApiCalls.enc(fileId) + "/fileparts" + FILTER).path("items");
    }

    void act(SendReceipt receipt, Action action) throws TransportException {
        String fileId = receipt.fileId();
        List<String> ids = new ArrayList<>();
        parts(fileId).forEach(p -> {
            String status = p.path("status").asText("");
            if (status.equals("Error") || status.equals("AwaitingInteraction")) {
                ids.add(p.path("id").asText());
            }
        });
        if (ids.isEmpty()) {
            throw new TransportException(Outcome.FINAL, 0, null, "file " + fileId
                    + " has no part in Error or AwaitingInteraction to " + action.name().toLowerCase(), null);
        }
        Map<String, String> body = Map.of("action", action == Action.RESTART ? "Restart" : "Cancel");
        for (String part : ids) {
            api.post(action.name().toLowerCase() + " " + part, "/file/v1/fileparts/" + ApiCalls.enc(part) + "/action", body);
        }
    }
}
