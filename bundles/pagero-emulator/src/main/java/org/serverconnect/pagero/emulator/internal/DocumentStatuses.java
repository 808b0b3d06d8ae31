package org.serverconnect.pagero.emulator.internal;

import java.util.List;
import java.util.Map;

/**
 * The words of a document's {@code eventDetails}: the delivery statuses Pagero Online shows, and the business statuses
 * the parties may exchange. How Pagero puts them into {@code eventDetails} is not documented; this is the emulator's
 * model.
 */
final class DocumentStatuses {
    static final String DELIVERY = "Delivery";
    static final String BUSINESS = "Business";
    static final String DONE = "Done";
    static final String DONE_FETCHED = "Done (Fetched)";

    static final Map<String, List<String>> WORDS = Map.of(
            DELIVERY, List.of("Waiting to be delivered", DONE, DONE_FETCHED, "Error at Receiver",
                    "Undeliverable/Rejected", "Cancelled"),
            BUSINESS, List.of("Acknowledge", "In process", "Rejected", "Approved", "Paid"));

    private DocumentStatuses() {
    }

    /** Why the pair is not a known event, or null when it is. */
    static String problem(String eventType, String status) {
        List<String> words = WORDS.get(eventType);
        if (words == null) {
            return "eventType must be Delivery or Business, was '" + eventType + "'";
        }
        if (!words.contains(status)) {
            return "a " + eventType + " status is one of " + words + ", was '" + status + "'";
        }
        return null;
    }
}
