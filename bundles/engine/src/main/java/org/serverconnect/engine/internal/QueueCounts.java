package org.serverconnect.engine.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import org.serverconnect.api.account.AccountStatus;
import org.serverconnect.api.document.Outbox;

/**
 * An account's queue sizes (waiting in the outbox, claimed, waiting for a retry, in error), counted again when a run
 * or the outbox changed them, and otherwise at most once a minute (a file moved by hand): status is asked often, an
 * outbox can be large, and an idle account should not look at its folders every few seconds.
 */
final class QueueCounts {
    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final AccountSettings settings;
    private final Outbox outbox;
    private final DocumentJournal journal;
    private final Health health;
    private volatile AccountStatus.Queues queues;
    private volatile long counted;

    QueueCounts(AccountSettings settings, Outbox outbox, DocumentJournal journal, Health health) {
        this.settings = settings;
        this.outbox = outbox;
        this.journal = journal;
        this.health = health;
    }

    /** A run has changed the queues: the next status counts them again. */
    void changed() {
        queues = null;
    }

    AccountStatus.Queues now() {
        AccountStatus.Queues q = queues;
        long now = System.nanoTime();
        if (q != null && now - counted < FRESH_NANOS) {
            return q;
        }
        try {
            int claimed = outbox == null ? 0 : outbox.claimed().size();
            int retry = journal.waitingForRetry(settings.name());
            if (retry > 0 && health.retryReason() == null) {
                health.rememberRetryReason(journal.lastRetryReason(settings.name()));     // after a restart
            }
            int error = countFiles(settings.outbox().error(), ".error.txt");
            int waiting = countFiles(settings.outbox().outbox(), null);
            q = new AccountStatus.Queues(waiting, claimed, retry, error);
        } catch (IOException | SQLException e) {
            q = new AccountStatus.Queues(0, 0, 0, 0);
        }
        queues = q;
        counted = now;
        return q;
    }

    private static int countFiles(Path folder, String skippedSuffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (var s = Files.list(folder)) {
            return (int) s.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")
                    && (skippedSuffix == null || !p.getFileName().toString().endsWith(skippedSuffix))).count();
        }
    }
}
