package org.serverconnect.api.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * Something people may need to act on at once.
 *
 * @param time     when it happened
 * @param account  the account's name
 * @param kind     what happened
 * @param fileName the file concerned, or {@code null}
 * @param message  what happened and what to do, in plain words (never a secret)
 */
public record Event(Instant time, String account, Kind kind, String fileName, String message) {
    public Event {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** The kinds of event. */
    public enum Kind {
        /** A file was refused before sending (unreadable, invalid). */
        FILE_REJECTED(true),
        /** The network refused a sent file for good. */
        DELIVERY_FAILED(true),
        /** A recipient rejected a document. */
        RECIPIENT_REJECTED(true),
        /**
         * A sent document waits for a person: the network holds it until someone acts (restart or cancel), an upload
         * whose outcome is unknown is held instead of sent again, or processing takes far longer than usual.
         */
        NEEDS_ATTENTION(true),
        /** The connection to the network is lost; sending pauses. */
        CONNECTION_LOST(true),
        /** The connection works again. */
        CONNECTION_RESTORED(false),
        /** The account's configuration is wrong; it does not run until fixed. */
        CONFIGURATION_ERROR(true);

        private final boolean problem;

        Kind(boolean problem) {
            this.problem = problem;
        }

        /** @return {@code true} when this kind of event reports a problem */
        public boolean problem() {
            return problem;
        }
    }
}
