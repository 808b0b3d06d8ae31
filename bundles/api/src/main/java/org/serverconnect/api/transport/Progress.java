package org.serverconnect.api.transport;

import java.time.Instant;
import java.util.Objects;

/**
 * One step a sent document took after the network processed it, as the network reports it: on its way to the
 * recipient, and what the recipient did with it (its business status).
 *
 * @param step        what happened
 * @param at          when, as the network says
 * @param description the network's or the recipient's words, or {@code null}
 */
public record Progress(Step step, Instant at, String description) {
    public Progress {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(at, "at");
    }

    /** The steps, in the order they usually come. */
    public enum Step {
        /** Processed, waiting to be delivered to the recipient. */
        WAITING_FOR_DELIVERY(false),
        /** Delivered to the recipient (or its service provider). */
        DELIVERED(false),
        /** The recipient fetched it. */
        FETCHED_BY_RECIPIENT(false),
        /** It could not be delivered (an error at the recipient, undeliverable, refused on the way). */
        UNDELIVERABLE(false),
        /** Cancelled on the network. */
        CANCELLED(false),
        /** The recipient confirmed it has the document. */
        ACKNOWLEDGED(true),
        /** The recipient is handling it (or has a question about it). */
        IN_PROCESS(true),
        /** The recipient approved it. */
        APPROVED(true),
        /** The recipient rejected it. */
        REJECTED(true),
        /** The recipient paid it. */
        PAID(true);

        private final boolean business;

        Step(boolean business) {
            this.business = business;
        }

        /** @return {@code true} for what the recipient did (its business status), {@code false} for delivery */
        public boolean business() {
            return business;
        }

        /** @return the step as people read it, for example {@code fetched by recipient} */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }
}
