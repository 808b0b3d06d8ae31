package org.serverconnect.api.account;

import java.time.Instant;
import java.util.Objects;

/**
 * An account's status at one moment.
 *
 * @param account     the account's name
 * @param status      the overall status
 * @param detail      why, as a code a program can act on
 * @param description why, in one line a person can act on
 * @param lastSuccess when a run last succeeded (nothing failed during it), or {@code null}
 * @param lastError   when something last went wrong: a run failed, or a document was not sent; or {@code null}
 * @param lastErrorReason what went wrong then, in one line a person can act on, or {@code null}
 * @param queues      how many documents wait where
 */
public record AccountStatus(String account, Status status, Detail detail, String description, Instant lastSuccess,
        Instant lastError, String lastErrorReason, Queues queues) {
    public AccountStatus {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(queues, "queues");
    }

    /** A status without the reason of its last error. */
    public AccountStatus(String account, Status status, Detail detail, String description, Instant lastSuccess,
            Instant lastError, Queues queues) {
        this(account, status, detail, description, lastSuccess, lastError, null, queues);
    }

    /** The overall status. */
    public enum Status {
        /** Working normally. */
        ONLINE,
        /** Working, but something needs attention (retries pending, a notifier missing, ...). */
        DEGRADED,
        /** Not working: see the detail. */
        OFFLINE,
        /** Switched off in its configuration. */
        DISABLED
    }

    /** Why an account has its status. */
    public enum Detail {
        NONE,
        /** The configuration is wrong; the description names the key. */
        CONFIGURATION_ERROR,
        /** The named connection is not (yet) available. */
        MISSING_TRANSPORT,
        /** The outbox or inbox service is not (yet) available. */
        MISSING_FOLDERS,
        /** The network cannot be reached or refuses our credentials. */
        COMMUNICATION_ERROR,
        /** Sending is paused after repeated failures; it resumes by itself. */
        CIRCUIT_OPEN,
        /** A local resource failed (disk full, folder not writable). */
        LOCAL_ERROR,
        /** A named notifier is not available. */
        MISSING_NOTIFIER
    }

    /**
     * How many documents wait where.
     *
     * @param outbox  ready or not yet ready files in the outbox
     * @param claimed files in the work folder
     * @param retry   claimed files waiting for a retry
     * @param error   files in the error folder
     */
    public record Queues(int outbox, int claimed, int retry, int error) {
    }
}
