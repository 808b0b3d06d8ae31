package org.serverconnect.engine.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.Audience;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.notify.Notifier;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.notify.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an account tells its notifiers: events as they happen ({@link #event}) and one report per run
 * ({@link #report}). A notifier that fails is logged and never stops a run.
 */
final class Notices {
    private static final Logger LOG = LoggerFactory.getLogger(Notices.class);

    private final String account;
    private final Audience audience;
    private final Supplier<List<Notifier>> notifiers;
    private final Clock clock;

    Notices(String account, Audience audience, Supplier<List<Notifier>> notifiers, Clock clock) {
        this.account = account;
        this.audience = audience;
        this.notifiers = notifiers;
        this.clock = clock;
    }

    void event(Event.Kind kind, String fileName, String message) {
        Event e = new Event(clock.instant(), account, kind, fileName, message);
        for (Notifier n : notifiers.get()) {
            try {
                n.event(e, audience);
            } catch (RuntimeException ex) {
                LOG.warn("Account {}: notifier failed on an event: {}", account, ex.toString());
            }
        }
    }

    /** @return a report for a run that starts now; {@link Report#finish} hands it to the notifiers */
    Report report(RunKind kind) {
        return new Report(kind, clock.instant());
    }

    /** Collects one run's outcomes into a {@link RunReport}. */
    final class Report {
        private final RunKind kind;
        private final Instant started;
        private final List<RunReport.DocumentOutcome> documents = new ArrayList<>();
        private String problem;

        private Report(RunKind kind, Instant started) {
            this.kind = kind;
            this.started = started;
        }

        synchronized void add(DocumentJournal.Doc doc, String number, String counterparty, DocumentState state,
                String reason) {
            documents.add(new RunReport.DocumentOutcome(doc.fileName(), number, counterparty, state, reason));
        }

        /** The run's first problem is the one the report names. */
        synchronized void problem(String p) {
            problem = problem == null ? p : problem;
        }

        synchronized RunReport finish() {
            RunReport r = new RunReport(account, kind, started, clock.instant(), List.copyOf(documents), problem);
            if (r.hasActivity()) {
                LOG.info("Account {}: {} run: {} document{}{}", account, kind.name().toLowerCase(Locale.ROOT),
                        documents.size(), documents.size() == 1 ? "" : "s", problem == null ? "" : "; problem: " + problem);
            }
            for (Notifier n : notifiers.get()) {
                try {
                    n.report(r, audience);
                } catch (RuntimeException ex) {
                    LOG.warn("Account {}: notifier failed on a run report: {}", account, ex.toString());
                }
            }
            return r;
        }
    }
}
