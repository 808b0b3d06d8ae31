package org.serverconnect.api.notify;

/** The kinds of run an account makes. */
public enum RunKind {
    /** Claims ready files from the outbox and sends them. */
    SEND,
    /** Follows sent documents: processing status and recipients' responses. */
    FOLLOWUP,
    /** Collects received documents into the inbox. */
    RECEIVE
}
