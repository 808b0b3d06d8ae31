package org.serverconnect.engine.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.serverconnect.api.document.ClaimedFile;
import org.serverconnect.api.document.Outbox;
import org.serverconnect.api.document.ReadyFile;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One send run: first the files already claimed (left by an earlier run or an interruption) whose time has come, then
 * new files from the outbox, claimed in groups of up to {@value #GROUP} and sent by {@link SendGroup}, until the run's
 * {@code batch} is spent. The first run after a start recovers what an interruption left ({@link #recover}).
 */
final class SendRun {
    private static final Logger LOG = LoggerFactory.getLogger(SendRun.class);
    /** Files handled together: a few journal commits for all of them, their uploads side by side. */
    static final int GROUP = 50;

    private final AccountSettings settings;
    private final Outbox outbox;
    private final DocumentJournal journal;
    private final SendGroup group;
    private final CircuitBreaker circuit;
    private final Clock clock;
    private final BooleanSupplier stopping;
    private volatile boolean recovered;

    SendRun(AccountSettings settings, Outbox outbox, DocumentJournal journal, SendGroup group, CircuitBreaker circuit,
            Clock clock, BooleanSupplier stopping) {
        this.settings = settings;
        this.outbox = outbox;
        this.journal = journal;
        this.group = group;
        this.circuit = circuit;
        this.clock = clock;
        this.stopping = stopping;
    }

    static String workName(AccountSettings settings, ClaimedFile c) {
        return settings.outbox().work().relativize(c.path()).toString();
    }

    /** @return whether work is left for another run at once */
    boolean run(Transport transport, Notices.Report report) throws IOException, SQLException {
        if (!recovered) {
            recover();
        }
        if (!circuit.allows()) {
            return false;
        }
        int budget = settings.batch();
        Instant now = clock.instant();
        List<Outgoing> resumed = new ArrayList<>();
        for (ClaimedFile c : outbox.claimed()) {
            if (budget <= 0) {
                break;
            }
            DocumentJournal.Doc doc = journal.byWorkName(settings.name(), workName(settings, c));
            if (doc != null && doc.nextAttempt() != null && doc.nextAttempt().isAfter(now)) {
                continue;
            }
            budget--;
            resumed.add(new Outgoing(c, doc));
        }
        for (int i = 0; i < resumed.size(); i += GROUP) {
            if (stopping.getAsBoolean() || !circuit.allows()) {
                return false;
            }
            group.send(resumed.subList(i, Math.min(resumed.size(), i + GROUP)), transport, report);
        }
        if (budget <= 0) {
            return true;
        }
        List<ReadyFile> ready = outbox.poll(budget);
        for (int i = 0; i < ready.size(); i += GROUP) {
            if (stopping.getAsBoolean() || !circuit.allows()) {
                return false;
            }
            List<Outgoing> claimed = new ArrayList<>();
            for (ClaimedFile c : outbox.claim(ready.subList(i, Math.min(ready.size(), i + GROUP)))) {
                claimed.add(new Outgoing(c, null));
            }
            group.send(claimed, transport, report);
        }
        return ready.size() >= budget;
    }

    /**
     * After a start: a file the journal places in the work folder but which is not there was moved just before the
     * interruption, and is recorded now. (A document whose upload was under way is in doubt already: that is
     * recorded before every upload.)
     */
    void recover() throws IOException, SQLException {
        int n = 0;
        Set<String> present = new HashSet<>();
        for (ClaimedFile c : outbox.claimed()) {
            present.add(workName(settings, c));
            n++;
        }
        for (DocumentJournal.Doc doc : journal.inWork(settings.name())) {
            if (present.contains(doc.workName())) {
                continue;
            }
            if (doc.state() == DocumentState.CLAIMED) {
                journal.released(doc.id(), "not in the work folder after a restart (put back into the outbox before "
                        + "the interruption)", null);
            } else {
                Path folder = doc.state().problem() ? settings.outbox().error()
                        : settings.outbox().archive() != null ? settings.outbox().archive() : settings.outbox().sent();
                journal.settled(doc.id(), folder.resolve(doc.fileName()).toString());
            }
        }
        if (n > 0) {
            LOG.info("Account {}: resuming {} claimed files from the work folder", settings.name(), n);
        }
        recovered = true;
    }

    /**
     * The account was removed: the files it claimed but had not started sending go back into the outbox. A file whose
     * upload may have happened stays in the work folder for the account's return.
     */
    void release() {
        try {
            for (ClaimedFile c : outbox.claimed()) {
                DocumentJournal.Doc doc = journal.byWorkName(settings.name(), workName(settings, c));
                boolean unsent = doc == null || doc.state() == DocumentState.CLAIMED
                        || (doc.state() == DocumentState.SENDING && !doc.inDoubt());
                if (!unsent) {
                    LOG.warn("Account {}: {} stays in {} (journal state {}): it may have reached the network",
                            settings.name(), c.originalName(), c.path().getParent(), doc.state());
                    continue;
                }
                Path back = outbox.release(c);
                if (doc != null) {
                    journal.released(doc.id(), "account removed", back.toString());
                }
                LOG.info("Account {} removed: {} put back into {}", settings.name(), c.originalName(), back.getParent());
            }
        } catch (IOException | SQLException e) {
            LOG.warn("Account {}: could not put every claimed file back into the outbox: {}", settings.name(), e.toString());
        }
    }
}
