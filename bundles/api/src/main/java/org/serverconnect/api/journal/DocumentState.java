package org.serverconnect.api.journal;

/**
 * The states a document passes through (docs/architecture.md). Outgoing: {@code CLAIMED → SENDING → SENT →
 * PROCESSED → DELIVERED → ACCEPTED | REJECTED_BY_RECIPIENT}, {@code FAILED} where the network refuses it,
 * {@code CLAIMED → REJECTED}, or {@code RELEASED}.
 * Incoming: {@code RECEIVED → ACKNOWLEDGED}.
 */
public enum DocumentState {
    /** Taken from the outbox into the work folder. */
    CLAIMED(false),
    /** Refused before sending (unreadable or invalid); in the error folder. */
    REJECTED(true),
    /** Being uploaded with its unique reference; after a crash it is reconciled, never blindly resent. */
    SENDING(false),
    /** Taken by the network. */
    SENT(false),
    /** Processed by the network, on its way to the recipient (the network has not said it arrived). */
    PROCESSED(false),
    /** Delivered to the recipient, as the network reports. */
    DELIVERED(false),
    /** Refused by the network, for good; in the error folder. */
    FAILED(true),
    /** Accepted by the recipient. */
    ACCEPTED(true),
    /** Rejected by the recipient. */
    REJECTED_BY_RECIPIENT(true),
    /** Put back into the outbox (account removed or operator's request). */
    RELEASED(true),
    /** Received and stored in the inbox; not yet acknowledged to the network. */
    RECEIVED(false),
    /** Received, stored and acknowledged. */
    ACKNOWLEDGED(true);

    private final boolean terminal;

    DocumentState(boolean terminal) {
        this.terminal = terminal;
    }

    /** @return {@code true} when nothing more happens to a document in this state */
    public boolean terminal() {
        return terminal;
    }

    /**
     * The state as every surface names it to people (status page, command line, mails, log): the constant's name in
     * lower case with spaces, for example {@code rejected by recipient}. One word for one state everywhere.
     */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** @return {@code true} for the states that mean something went wrong */
    public boolean problem() {
        return this == REJECTED || this == FAILED || this == REJECTED_BY_RECIPIENT;
    }
}
