package org.serverconnect.engine.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.serverconnect.api.account.AccountStatus;
import org.serverconnect.api.account.AccountStatus.Detail;
import org.serverconnect.api.document.Inbox;
import org.serverconnect.api.document.Outbox;
import org.serverconnect.api.format.Converter;
import org.serverconnect.api.format.DocumentValidator;
import org.serverconnect.api.format.FormatAdapter;
import org.serverconnect.api.notify.Notifier;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.transport.Transport;
import org.serverconnect.api.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account at work (docs/architecture.md): it puts its runs together from their stages and runs them —
 * {@link SendRun} (claim, read, journal, upload, journal, settle), {@link FollowUpRun} (processing status, recipient
 * responses) and {@link ReceiveRun} (list, download, store, journal, acknowledge) — and answers for its status
 * ({@link Health}). Plain Java; the DS component {@link AccountComponent} gives it its services and calls the runs from
 * the scheduler.
 *
 * <p><b>Threads:</b> each kind of run is guarded by its own lock, so at most one run of a kind executes at a time
 * (the scheduler promises the same; the lock also lets {@link #stop} wait for runs in progress). Only the send run
 * moves files of the outbox (the status only counts them) and only the receive run writes to the inbox. Runs check
 * {@link #stopping} between documents.
 *
 * <p><b>Every run ends with its report</b>, whatever happens in it: a failure of the network, of the disk or the
 * journal, or a part that breaks its contract, ends the run with the report saying why and the status showing it.
 */
final class Account {
    private static final Logger LOG = LoggerFactory.getLogger(Account.class);

    /** The services an account uses; they come and go while it runs. */
    interface Parts {
        /** @return the account's connection, or {@code null} while it is missing */
        Transport transport();

        List<FormatAdapter> adapters();

        /** @return the rule validator, or {@code null} when none is installed */
        DocumentValidator validator();

        List<Notifier> notifiers();

        /** @return the CSV converter, or {@code null} when the format-csv bundle is not installed */
        Converter csv();

        /** Told after each run that got to work: how long it took and whether it ended well. */
        void ran(RunKind kind, boolean ok, long nanos);
    }

    private final AccountSettings settings;
    private final Parts parts;
    private final Clock clock;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ReentrantLock followLock = new ReentrantLock();
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final CircuitBreaker circuit;
    private final Health health;
    private final QueueCounts queues;
    private final Notices notices;
    private final Parallel parallel;
    private final SendRun send;
    private final FollowUpRun followUp;
    private final ReceiveRun receive;
    private volatile boolean stopping;

    Account(AccountSettings settings, Outbox outbox, Inbox inbox, DocumentJournal journal, Parts parts, Clock clock) {
        this.settings = settings;
        this.parts = parts;
        this.clock = clock;
        this.circuit = new CircuitBreaker(settings.circuitFailures(), settings.circuitPause(), clock);
        this.health = new Health(settings.name(), clock);
        this.queues = new QueueCounts(settings, outbox, journal, health);
        this.notices = new Notices(settings.name(), settings.audience(), parts::notifiers, clock);
        this.parallel = new Parallel(settings.name(), settings.sendParallel());
        Payloads payloads = new Payloads(settings, journal.file(), parts::csv);
        Checker checker = new Checker(settings.check(), parts::adapters, parts::validator);
        Preparation preparation = new Preparation(settings.name(), payloads, checker,
                SendRecords.sentDisposition(settings));
        Uploader uploader = new Uploader(settings, circuit, health, notices, clock);
        SendRecords records = new SendRecords(settings, journal, health, notices, circuit, clock, uploader);
        SendGroup group = new SendGroup(settings, journal, preparation, records, uploader,
                new Settler(outbox, journal, payloads), circuit, parallel, () -> stopping);
        this.send = outbox == null ? null : new SendRun(settings, outbox, journal, group, circuit, clock, () -> stopping);
        this.followUp = new FollowUpRun(settings, journal, notices, clock, () -> stopping);
        this.receive = inbox == null ? null : new ReceiveRun(settings, inbox, journal, parallel, () -> stopping);
    }

    AccountSettings settings() {
        return settings;
    }

    /** One send run: resumes what is in the work folder, then claims and sends new files. @return work left */
    boolean sendRun() {
        if (send == null || stopping) {
            return false;
        }
        return run(sendLock, RunKind.SEND, send::run);
    }

    /** One follow-up run: processing status of sent documents, then the recipients' responses. @return work left */
    boolean followUpRun() {
        if (stopping || !settings.send()) {
            return false;
        }
        return run(followLock, RunKind.FOLLOWUP, followUp::run);
    }

    /** One receive run: stores new incoming documents, then acknowledges them. @return work left */
    boolean receiveRun() {
        if (receive == null || stopping) {
            return false;
        }
        return run(receiveLock, RunKind.RECEIVE, receive::run);
    }

    /** The body of a run, given the account's connection. */
    @FunctionalInterface
    private interface RunBody {
        boolean run(Transport transport, Notices.Report report) throws TransportException, IOException, SQLException;
    }

    /**
     * What every run does around its body: one run of a kind at a time, the account's status after success or
     * failure, and its report for the notifiers in every case. @return whether work is left
     */
    private boolean run(ReentrantLock lock, RunKind kind, RunBody body) {
        lock.lock();
        try {
            Notices.Report report = notices.report(kind);
            try {
                Transport transport = parts.transport();
                if (transport == null) {
                    health.problem(Detail.MISSING_TRANSPORT, "waiting for connection " + settings.connection());
                    return false;
                }
                return attempt(kind, body, transport, report) && !stopping;
            } finally {
                queues.changed();
                report.finish();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean attempt(RunKind kind, RunBody body, Transport transport, Notices.Report report) {
        String what = kind.name().toLowerCase(Locale.ROOT);
        long start = System.nanoTime();
        Instant began = clock.instant();
        long run = health.begin();
        boolean ok = false;
        try {
            boolean more = body.run(transport, report);
            health.succeeded(kind, run, began, !circuit.allows());
            ok = true;
            return more;
        } catch (TransportException e) {
            failed(report, Detail.COMMUNICATION_ERROR, what + ": " + e.getMessage());
        } catch (IOException | SQLException e) {
            failed(report, Detail.LOCAL_ERROR, what + ": local problem: " + e.getMessage());
            LOG.warn("Account {}: {} run stopped: {}", settings.name(), what, e.toString());
        } catch (RuntimeException e) {
            // a part broke its contract (the connection, a format adapter, a notifier): the run still ends with its report
            failed(report, Detail.LOCAL_ERROR, what + ": unexpected failure: " + e);
            LOG.error("Account {}: {} run stopped by an unexpected failure", settings.name(), what, e);
        } finally {
            parts.ran(kind, ok, System.nanoTime() - start);
        }
        return false;
    }

    private void failed(Notices.Report report, Detail detail, String problem) {
        health.runFailed(detail, problem);
        report.problem(problem);
    }

    AccountStatus status() {
        return health.status(settings, new Health.Situation(parts.transport() != null, !circuit.allows(),
                parts.notifiers().size()), queues.now());
    }

    /** Files arrived in or left the outbox: the queue sizes the status shows are counted again. */
    void outboxChanged() {
        queues.changed();
    }

    /** The connection the account names has arrived: a "waiting for connection" problem is over at once. */
    void transportArrived() {
        health.transportArrived();
    }

    /**
     * Stops between documents and waits (a bounded time) for runs in progress; when the account was removed, puts
     * the files it claimed but had not started sending back into the outbox.
     */
    void stop(boolean removed, Duration wait) {
        stopping = true;
        long deadline = System.nanoTime() + wait.toNanos();
        List<ReentrantLock> held = new ArrayList<>();
        for (ReentrantLock l : List.of(sendLock, followLock, receiveLock)) {
            try {
                if (l.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    held.add(l);
                } else {
                    LOG.warn("Account {}: a run did not stop within {} s; it ends on its own", settings.name(), wait.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (removed && send != null && held.contains(sendLock)) {
                send.release();
            }
        } finally {
            held.forEach(ReentrantLock::unlock);
            parallel.close();
        }
    }
}
