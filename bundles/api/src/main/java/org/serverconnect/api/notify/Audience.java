package org.serverconnect.api.notify;

import java.util.List;
import java.util.Objects;

/**
 * Who is told about an account's runs and events, and when.
 *
 * @param recipients the addresses (for mail: e-mail addresses) the account names; may be empty for notifiers
 *                   that need none
 * @param policy     when run reports are worth telling
 * @param digestAt   for {@link Policy#DIGEST}: the local time of day ({@code HH:MM}) the digest goes out; otherwise
 *                   {@code null}
 */
public record Audience(List<String> recipients, Policy policy, String digestAt) {
    public Audience {
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(policy, "policy");
    }

    /**
     * Whether this audience is to be told about {@code report} under its policy. A {@link Policy#DIGEST} audience
     * collects runs with activity for its daily summary.
     */
    public boolean wants(RunReport report) {
        return switch (policy) {
        case EVERY -> true;
        case PROBLEMS -> report.hasProblems();
        case ACTIVITY, DIGEST -> report.hasActivity();
        };
    }

    /** When run reports are worth telling. Events are always told at once. */
    public enum Policy {
        /** Every run, even one that did nothing. */
        EVERY,
        /** Runs that sent, received or failed something. */
        ACTIVITY,
        /** Runs with at least one problem (the default). */
        PROBLEMS,
        /** One summary a day. */
        DIGEST
    }
}
