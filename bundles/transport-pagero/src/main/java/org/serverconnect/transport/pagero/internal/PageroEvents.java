package org.serverconnect.transport.pagero.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.serverconnect.api.transport.Progress;
import org.serverconnect.api.transport.Progress.Step;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The words Pagero Online uses for what happened to a document after processing, as {@link Progress} steps: the
 * delivery statuses of its screens (Waiting to be delivered, Done, Done (Fetched), Error at Receiver,
 * Undeliverable/Rejected, Cancelled) and the business statuses (Acknowledge, In process, Rejected, Approved, Paid),
 * and the response codes a recipient's application response carries (UNCL 4343: AB, IP, UQ, CA, AP, RE, PD).
 * Pagero documents the words but not where a document item carries them: they are read from its
 * {@code eventDetails} entries ({@code eventType}, {@code status}, {@code createTime}, {@code description}); an
 * entry in another shape, or with a word not listed here, is left out rather than guessed at.
 */
final class PageroEvents {
    private static final Map<String, Step> WORDS = Map.ofEntries(
            Map.entry("waitingtobedelivered", Step.WAITING_FOR_DELIVERY), Map.entry("done", Step.DELIVERED),
            Map.entry("donefetched", Step.FETCHED_BY_RECIPIENT), Map.entry("erroratreceiver", Step.UNDELIVERABLE),
            Map.entry("undeliverablerejected", Step.UNDELIVERABLE), Map.entry("undeliverable", Step.UNDELIVERABLE),
            Map.entry("cancelled", Step.CANCELLED), Map.entry("acknowledge", Step.ACKNOWLEDGED),
            Map.entry("acknowledged", Step.ACKNOWLEDGED), Map.entry("inprocess", Step.IN_PROCESS),
            Map.entry("rejected", Step.REJECTED), Map.entry("approved", Step.APPROVED), Map.entry("paid", Step.PAID));

    private static final Map<String, Step> CODES = Map.of("AB", Step.ACKNOWLEDGED, "IP", Step.IN_PROCESS,
            "UQ", Step.IN_PROCESS, "CA", Step.APPROVED, "AP", Step.APPROVED, "RE", Step.REJECTED, "PD", Step.PAID);

    private PageroEvents() {
    }

    /** The steps an item's {@code eventDetails} report, in the order listed. */
    static List<Progress> of(JsonNode eventDetails, Function<JsonNode, Instant> time) {
        List<Progress> out = new ArrayList<>();
        for (JsonNode e : eventDetails) {
            Step step = word(ApiCalls.text(e.path("status")));
            if (step == null || !kindMatches(ApiCalls.text(e.path("eventType")), step)) {
                continue;
            }
            out.add(new Progress(step, time.apply(e.path("createTime")), ApiCalls.text(e.path("description"))));
        }
        return out;
    }

    /** "Rejected" is a business status, "Undeliverable/Rejected" a delivery one: the event's type keeps them apart. */
    private static boolean kindMatches(String eventType, Step step) {
        if (eventType == null) {
            return true;
        }
        String t = eventType.toLowerCase(Locale.ROOT);
        return t.contains("business") ? step.business() : !t.contains("delivery") || !step.business();
    }

    /** @return the step for one of Pagero's status words, or {@code null} */
    static Step word(String word) {
        return word == null ? null : WORDS.get(word.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", ""));
    }

    /** @return the business step for a response code ({@code AP}, {@code RE}, …), or {@code null} */
    static Step code(String code) {
        return code == null ? null : CODES.get(code.strip().toUpperCase(Locale.ROOT));
    }

    /** @return the business step for an application response's sub-type ({@code RecipientAccept}, …), or {@code null} */
    static Step subType(String subType) {
        if (subType == null) {
            return null;
        }
        return subType.startsWith("RecipientReject") ? Step.REJECTED : subType.equals("RecipientAccept") ? Step.APPROVED : null;
    }
}
