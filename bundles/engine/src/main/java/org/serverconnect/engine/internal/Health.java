package org.serverconnect.engine.internal;

import java.time.Clock;
import java.time.Instant;

import org.serverconnect.api.account.AccountStatus;
import org.serverconnect.api.account.AccountStatus.Detail;
import org.serverconnect.api.account.AccountStatus.Status;
import org.serverconnect.api.notify.RunKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an account remembers about how it is doing, and the status it shows from that: the last success, the last
 * error and why, the problem of the moment. The runs tell it what happened; {@link #status} answers from it.
 *
 * <p>A run that ended without an exception is a success only when the account is not in trouble: nothing failed
 * during it, and what failed before (an upload left for a retry) has worked since. The problem of the moment ends
 * with a run that went well without running into it again. A receive run that ends well shows
 * the network answers, as does an upload that arrives. So "last success" never claims a run while the network is down.
 */
final class Health {
    private static final Logger LOG = LoggerFactory.getLogger(Health.class);

    private final String account;
    private final Clock clock;
    private volatile Instant lastSuccess;
    private volatile Instant lastError;
    /** What went wrong at {@link #lastError}: a run's problem or a document that was not sent. */
    private volatile String lastErrorReason;
    /** When an upload last failed for the network's sake; until one arrives again, no run is a success. */
    private volatile Instant lastTrouble;
    /** Why the last upload that waits for a retry was not sent. */
    private volatile String lastRetryReason;
    private volatile String problem;
    private volatile Detail problemDetail = Detail.NONE;
    /** Runs begun so far; each run's number tells whether a problem was said before it began. */
    private final java.util.concurrent.atomic.AtomicLong runs = new java.util.concurrent.atomic.AtomicLong();
    /** The number of the last run begun when {@link #problem} was last said. */
    private volatile long problemRun;

    Health(String account, Clock clock) {
        this.account = account;
        this.clock = clock;
    }

    /** A run begins. @return its number, for {@link #succeeded} */
    long begin() {
        return runs.incrementAndGet();
    }

    /**
     * Run number {@code run} of {@code kind}, begun at {@code began}, ended without an exception;
     * {@code sendingPaused} as now.
     */
    void succeeded(RunKind kind, long run, Instant began, boolean sendingPaused) {
        Instant trouble = lastTrouble;
        if (kind == RunKind.RECEIVE && trouble != null && trouble.isBefore(began)) {
            lastTrouble = trouble = null;
        }
        if (trouble != null || (kind == RunKind.SEND && sendingPaused)) {
            return;
        }
        lastSuccess = clock.instant();
        if (!sendingPaused && problemRun < run) {
            problem = null;             // a problem this very run ran into (a part missing) is not over
            problemDetail = Detail.NONE;
        }
    }

    /** A run stopped on {@code why}: the last error and the problem of the moment. */
    void runFailed(Detail detail, String why) {
        documentError(why);
        problem(detail, why);
    }

    /** Something went wrong with one document (not sent, refused): the account's last error. */
    void documentError(String why) {
        lastErrorReason = why;
        lastError = clock.instant();
    }

    /**
     * An upload failed for a reason that is not the document's: the last error, and no run is a success until an
     * upload arrives or a receive run ends well.
     */
    void trouble(String why) {
        documentError(why);
        lastTrouble = lastError;
    }

    /** An upload waits for a retry because of {@code reason}; {@code message} names the file too. */
    void retrying(String reason, String message) {
        lastRetryReason = reason;
        trouble(message);
    }

    /** The network answered an upload or a lookup: the account is out of trouble. */
    void networkAnswered() {
        lastTrouble = null;
    }

    /** The connection the account names has arrived: a "waiting for connection" problem is over at once. */
    void transportArrived() {
        if (problemDetail == Detail.MISSING_TRANSPORT) {
            problem = null;
            problemDetail = Detail.NONE;
        }
    }

    /** The problem of the moment (logged when it changes); the status shows it until a run succeeds. */
    void problem(Detail detail, String text) {
        if (!text.equals(problem)) {
            if (detail == Detail.MISSING_TRANSPORT) {
                LOG.info("Account {}: {}", account, text);      // normal for a moment at start
            } else {
                LOG.warn("Account {}: {}", account, text);
            }
        }
        problem = text;
        problemDetail = detail;
        problemRun = runs.get();
    }

    String retryReason() {
        return lastRetryReason;
    }

    /** After a restart, why the documents waiting for a retry wait, as the journal remembers it. */
    void rememberRetryReason(String why) {
        if (lastRetryReason == null) {
            lastRetryReason = why;
        }
    }

    /** What the account is doing, in this order: off, no connection, paused, notifier missing, a problem, retries. */
    AccountStatus status(AccountSettings settings, Situation now, AccountStatus.Queues queues) {
        if (!settings.enabled()) {
            return status(Status.DISABLED, Detail.NONE, "switched off (enabled = false)", queues);
        }
        if (!now.transportPresent()) {
            return status(Status.OFFLINE, Detail.MISSING_TRANSPORT, "waiting for connection " + settings.connection(), queues);
        }
        if (now.sendingPaused()) {
            return status(Status.OFFLINE, Detail.CIRCUIT_OPEN, problem, queues);
        }
        if (now.notifiers() < settings.notifierNames().size()) {
            return status(Status.DEGRADED, Detail.MISSING_NOTIFIER, "notifiers configured: " + settings.notifierNames()
                    + "; available: " + now.notifiers(), queues);
        }
        String p = problem;
        if (p != null) {
            return status(Status.DEGRADED, problemDetail, p, queues);
        }
        if (queues.retry() > 0) {
            String why = lastRetryReason;
            return status(Status.DEGRADED, Detail.COMMUNICATION_ERROR, queues.retry() + " documents wait for a retry"
                    + (why == null ? "" : "; last: " + why), queues);
        }
        return status(Status.ONLINE, Detail.NONE, "working", queues);
    }

    /** What the status depends on besides this memory. */
    record Situation(boolean transportPresent, boolean sendingPaused, int notifiers) {
    }

    private AccountStatus status(Status status, Detail detail, String description, AccountStatus.Queues queues) {
        return new AccountStatus(account, status, detail, description, lastSuccess, lastError, lastErrorReason, queues);
    }
}
