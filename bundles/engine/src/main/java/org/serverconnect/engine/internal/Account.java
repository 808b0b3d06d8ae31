package org.serverconnect.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.serverconnect.api.account.AccountStatus;
import org.serverconnect.api.account.AccountStatus.Detail;
import org.serverconnect.api.account.AccountStatus.Status;
import org.serverconnect.api.document.ClaimedFile;
import org.serverconnect.api.document.Disposition;
import org.serverconnect.api.document.Inbox;
import org.serverconnect.api.document.Outbox;
import org.serverconnect.api.document.ReadyFile;
import org.serverconnect.api.format.CheckLevel;
import org.serverconnect.api.format.CheckResult;
import org.serverconnect.api.format.Converter;
import org.serverconnect.api.format.DocumentDescription;
import org.serverconnect.api.format.DocumentFormat;
import org.serverconnect.api.format.DocumentValidator;
import org.serverconnect.api.format.FormatAdapter;
import org.serverconnect.api.format.FormatException;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.notify.Notifier;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.notify.RunReport;
import org.serverconnect.api.transport.IncomingDocument;
import org.serverconnect.api.transport.IncomingPage;
import org.serverconnect.api.transport.ProcessingStatus;
import org.serverconnect.api.transport.RecipientResponse;
import org.serverconnect.api.transport.SendReceipt;
import org.serverconnect.api.transport.SendRequest;
import org.serverconnect.api.transport.Transport;
import org.serverconnect.api.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account at work: its send, follow-up and receive runs (docs/architecture.md). Plain Java; the DS component
 * {@link AccountComponent} gives it its services and calls the runs from the scheduler.
 *
 * <p><b>Threads:</b> each kind of run is guarded by its own lock, so at most one run of a kind executes at a time
 * (the scheduler promises the same; the lock also lets {@link #stop} wait for runs in progress). Only the send run
 * touches the outbox and only the receive run the inbox. Runs check {@link #stopping} between documents.
 *
 * <p><b>Durability:</b> every state is in the journal before the engine acts on it: {@code SENDING} is recorded
 * before the upload starts, so a crash during an upload is reconciled with the network by the document's reference
 * instead of being sent again; an incoming document's intended name is recorded before it is written, so a crash
 * between writing and recording is recognised instead of writing it twice.
 */
final class Account {
    private static final Logger LOG = LoggerFactory.getLogger(Account.class);
    /** Files handled together in a send run: a few journal commits for all of them, their uploads side by side. */
    private static final int GROUP = 50;
    private static final List<DocumentState> FOLLOWED = List.of(DocumentState.SENT);
    private static final List<DocumentState> ANSWERABLE = List.of(DocumentState.DELIVERED, DocumentState.SENT);

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
    private final Outbox outbox;
    private final Inbox inbox;
    private final JournalDatabase journal;
    private final Parts parts;
    private final Clock clock;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ReentrantLock followLock = new ReentrantLock();
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final CircuitBreaker circuit;
    /** Documents whose upload may have arrived without our knowing: reconciled by reference before a new upload. */
    private final Map<Long, Instant> uncertain = new ConcurrentHashMap<>();
    /** Threads for the uploads of a group, made when first needed. */
    private ExecutorService uploads;
    private volatile boolean stopping;
    private volatile boolean recovered;
    private volatile Instant lastSuccess;
    private volatile Instant lastError;
    /** What went wrong at {@link #lastError}: a run's problem or a document that was not sent. */
    private volatile String lastErrorReason;
    /** When an upload last failed for the network's sake; until one arrives again, no run is a success. */
    private volatile Instant lastTrouble;
    /** Why the last upload that waits for a retry was not sent. */
    private volatile String lastRetryReason;
    private volatile String lastProblem;
    private volatile Detail lastProblemDetail = Detail.NONE;

    Account(AccountSettings settings, Outbox outbox, Inbox inbox, JournalDatabase journal, Parts parts, Clock clock) {
        this.settings = settings;
        this.outbox = outbox;
        this.inbox = inbox;
        this.journal = journal;
        this.parts = parts;
        this.clock = clock;
        this.circuit = new CircuitBreaker(settings.circuitFailures(), settings.circuitPause(), clock);
    }

    AccountSettings settings() {
        return settings;
    }

    // ================================================================================================ send

    /** One send run: resumes what is in the work folder, then claims and sends new files. @return work left */
    boolean sendRun() {
        if (outbox == null || stopping) {
            return false;
        }
        return run(sendLock, RunKind.SEND, false, (transport, report) -> send(report));
    }

    /** The body of a run; {@code transport} is {@code null} only for runs that do not need it to start. */
    @FunctionalInterface
    private interface RunBody {
        boolean run(Transport transport, Report report) throws TransportException, IOException, SQLException;
    }

    /**
     * What every run does around its body: one run of a kind at a time, a report for the notifiers, the account's
     * status after success or failure. @return whether work is left
     */
    private boolean run(ReentrantLock lock, RunKind kind, boolean needsTransport, RunBody body) {
        lock.lock();
        try {
            Report report = new Report(kind);
            Transport transport = parts.transport();
            String what = kind.name().toLowerCase(java.util.Locale.ROOT);
            boolean more = false;
            if (needsTransport && transport == null) {
                problem(Detail.MISSING_TRANSPORT, "waiting for connection " + settings.connection());
            } else {
                long start = System.nanoTime();
                Instant began = clock.instant();
                boolean ok = false;
                try {
                    more = body.run(transport, report);
                    succeeded(kind, began);
                    ok = true;
                } catch (TransportException e) {
                    failed(report, Detail.COMMUNICATION_ERROR, what + ": " + e.getMessage());
                } catch (IOException | SQLException e) {
                    failed(report, Detail.LOCAL_ERROR, what + ": local problem: " + e.getMessage());
                    LOG.warn("Account {}: {} run stopped: {}", settings.name(), what, e.toString());
                } finally {
                    parts.ran(kind, ok, System.nanoTime() - start);
                }
            }
            report.finish();
            return more && !stopping;
        } finally {
            lock.unlock();
        }
    }

    private boolean send(Report report) throws IOException, SQLException {
        if (!recovered) {
            recover();
        }
        Transport transport = parts.transport();
        if (transport == null) {
            problem(Detail.MISSING_TRANSPORT, "waiting for connection " + settings.connection());
            return false;
        }
        if (!circuit.allows()) {
            return false;
        }
        int budget = settings.batch();
        Instant now = clock.instant();
        List<Item> resumed = new ArrayList<>();
        for (ClaimedFile c : outbox.claimed()) {
            if (budget <= 0) {
                break;
            }
            JournalDatabase.Doc doc = journal.byWorkName(settings.name(), workName(c));
            if (doc != null && doc.nextAttempt() != null && doc.nextAttempt().isAfter(now)) {
                continue;
            }
            budget--;
            resumed.add(new Item(c, doc));
        }
        for (int i = 0; i < resumed.size(); i += GROUP) {
            if (stopping || !circuit.allows()) {
                return false;
            }
            process(resumed.subList(i, Math.min(resumed.size(), i + GROUP)), transport, report);
        }
        if (budget <= 0) {
            return true;
        }
        List<ReadyFile> ready = outbox.poll(budget);
        for (int i = 0; i < ready.size(); i += GROUP) {
            if (stopping || !circuit.allows()) {
                return false;
            }
            List<Item> group = new ArrayList<>();
            for (ClaimedFile c : outbox.claim(ready.subList(i, Math.min(ready.size(), i + GROUP)))) {
                group.add(new Item(c, null));
            }
            process(group, transport, report);
        }
        return ready.size() >= budget;
    }

    /** After a start: documents left in SENDING may have reached the network; they are looked up before resending. */
    private void recover() throws IOException, SQLException {
        int n = 0;
        java.util.Set<String> present = new java.util.HashSet<>();
        for (ClaimedFile c : outbox.claimed()) {
            present.add(workName(c));
            JournalDatabase.Doc doc = journal.byWorkName(settings.name(), workName(c));
            if (doc != null && doc.state() == DocumentState.SENDING) {
                uncertain.putIfAbsent(doc.id(), doc.updated());
            }
            n++;
        }
        // Interrupted between moving a file out of the work folder and recording it: record it now.
        for (JournalDatabase.Doc doc : journal.inWork(settings.name())) {
            if (present.contains(doc.workName())) {
                continue;
            }
            if (doc.state() == DocumentState.CLAIMED) {
                journal.transition(doc.id(), DocumentState.RELEASED, "not in the work folder after a restart "
                        + "(put back into the outbox before the interruption)", null, null, true);
            } else {
                journal.settled(doc.id(), doc.state().problem() ? settings.outbox().error().resolve(doc.fileName()).toString()
                        : (settings.outbox().archive() != null ? settings.outbox().archive() : settings.outbox().sent())
                                .resolve(doc.fileName()).toString());
            }
        }
        if (n > 0) {
            LOG.info("Account {}: resuming {} claimed files from the work folder", settings.name(), n);
        }
        recovered = true;
    }

    private String workName(ClaimedFile c) {
        return settings.outbox().work().relativize(c.path()).toString();
    }

    /** One file of a send group on its way through the steps of {@link #process}. */
    private static final class Item {
        final ClaimedFile file;
        JournalDatabase.Doc doc;
        String sha256;
        long size;
        /** What is uploaded, when it is. */
        Payload payload;
        String documentType;
        /** The description and check of a file seen for the first time. */
        Checked checked;
        /** Why it is not sent, when it is not. */
        String rejected;
        Attempt attempt;
        /** Where the file goes once the journal says why ({@code null}: it stays in the work folder). */
        Disposition disposition;
        String reason;
        boolean settled;
        Path landed;

        Item(ClaimedFile file, JournalDatabase.Doc doc) {
            this.file = file;
            this.doc = doc;
        }

        void settleTo(Disposition d, String why) {
            disposition = d;
            reason = why;
        }
    }

    /**
     * What one upload came to: a receipt, a failure (and whether it paused sending), or a later look for an earlier
     * upload.
     */
    private record Attempt(SendReceipt receipt, TransportException failure, boolean paused, String deferred, Instant next) {
        static Attempt sent(SendReceipt receipt) {
            return new Attempt(receipt, null, false, null, null);
        }
    }

    /**
     * Sends a group of claimed files. Each step that the journal must remember is recorded for the whole group in one
     * transaction, so the group costs a few disk syncs instead of several per file, and each record is durable before
     * the step that depends on it: the send reference before any upload, the outcome before the file leaves the work
     * folder. The uploads themselves run side by side ({@code send.parallel}).
     */
    private void process(List<Item> group, Transport transport, Report report) throws IOException, SQLException {
        each(group, it -> {
            if (it.doc == null) {
                it.sha256 = sha256(it.file.path());
                it.size = Files.size(it.file.path());
            }
        });
        journal.batch(() -> {
            for (Item it : group) {
                if (it.doc == null) {
                    it.doc = journal.claimed(settings.name(), it.file.originalName(), workName(it.file), it.sha256, it.size);
                }
            }
            return null;
        });
        each(group, this::prepare);
        List<Runnable> after = new ArrayList<>();
        List<Item> uploads = new ArrayList<>();
        journal.batch(() -> {
            for (Item it : group) {
                decide(it, report, after, uploads);
            }
            return null;
        });
        upload(uploads, transport);
        journal.batch(() -> {
            for (Item it : uploads) {
                if (it.attempt != null) {
                    outcome(it, report, after);
                }
            }
            return null;
        });
        List<Item> moving = group.stream().filter(it -> it.disposition != null).toList();
        List<Outbox.Settled> settled = outbox.settle(moving.stream()
                .map(it -> new Outbox.Settlement(it.file, it.disposition, it.reason)).toList());
        IOException trouble = null;
        for (int i = 0; i < moving.size(); i++) {
            Item it = moving.get(i);
            Outbox.Settled s = settled.get(i);
            if (s.failure() != null) {
                trouble = trouble == null ? s.failure() : trouble;
                continue;
            }
            it.landed = s.landed();
            it.settled = true;
            try {
                if (isCsv(it.file) && it.disposition == Disposition.ERROR) {
                    Files.deleteIfExists(converted(it.doc));
                } else if (isCsv(it.file)) {
                    keepConverted(it.file, it.doc, it.landed);
                }
            } catch (IOException e) {
                trouble = trouble == null ? e : trouble;
            }
        }
        journal.batch(() -> {
            for (Item it : group) {
                if (it.settled) {
                    journal.settled(it.doc.id(), it.landed == null ? null : it.landed.toString());
                }
            }
            return null;
        });
        after.forEach(Runnable::run);
        if (trouble != null) {
            throw trouble;
        }
    }

    /** What is to become of a file, worked out without the journal: converted, described and checked. */
    private void prepare(Item it) throws IOException {
        ClaimedFile c = it.file;
        JournalDatabase.Doc doc = it.doc;
        switch (doc.state()) {
        case CLAIMED -> {
            Payload payload;
            try {
                payload = payload(c, doc);
            } catch (FormatException e) {
                it.rejected = e.getMessage();
                return;
            }
            if (payload == null) {
                return;                     // no way to convert now (converter missing); retried later
            }
            Checked checked = check(payload.path());
            if (checked == null) {
                return;                     // no way to check now (adapter missing); retried later
            }
            it.checked = checked;
            if (!checked.problems().isEmpty()) {
                it.rejected = String.join("; ", checked.problems());
                return;
            }
            it.payload = payload;
            it.documentType = checked.documentType();
        }
        case SENDING -> {
            try {
                it.payload = payload(c, doc);
            } catch (FormatException e) {
                // it converted before the interruption, and conversion is a pure function of the file: cannot happen
                throw new IOException("converting " + c.originalName() + " again failed: " + e.getMessage(), e);
            }
        }
        case REJECTED, FAILED -> it.settleTo(Disposition.ERROR, doc.reason());
        case RELEASED, RECEIVED, ACKNOWLEDGED -> LOG.warn("Account {}: {} in the work folder has journal state {}; left alone",
                settings.name(), c.path(), doc.state());
        default -> it.settleTo(sentDisposition(), null);       // sent already; only the move was missing
        }
    }

    /** Records what {@link #prepare} found (inside the group's transaction): rejected, or about to be sent. */
    private void decide(Item it, Report report, List<Runnable> after, List<Item> uploads) throws SQLException {
        JournalDatabase.Doc doc = it.doc;
        Checked checked = it.checked;
        if (checked != null && checked.format() != null) {
            journal.described(doc.id(), checked.number(), checked.seller(), checked.receiver(), checked.format());
        }
        if (it.rejected != null) {
            journal.transition(doc.id(), DocumentState.REJECTED, it.rejected, null, null, false);
            it.settleTo(Disposition.ERROR, it.rejected);
            report.add(doc, checked == null ? null : checked.number(), checked == null ? null : checked.receiver(),
                    DocumentState.REJECTED, it.rejected);
            String name = it.file.originalName();
            String message = name + " was not sent: " + it.rejected;
            documentError(message);
            after.add(() -> event(Event.Kind.FILE_REJECTED, name, message));
            return;
        }
        if (it.payload == null) {
            return;
        }
        if (doc.state() == DocumentState.CLAIMED) {
            journal.transition(doc.id(), DocumentState.SENDING, null, null, null, false);
            it.doc = journal.document(doc.id());
        }
        uploads.add(it);
    }

    /** Runs the group's uploads, side by side when the account allows it, and waits for all of them. */
    private void upload(List<Item> items, Transport transport) throws IOException {
        int first = 0;
        if (circuit.paused() && !items.isEmpty()) {
            items.get(0).attempt = attempt(items.get(0), transport);      // after a pause, one upload tries first
            first = 1;
        }
        each(items.subList(first, items.size()), it -> it.attempt = attempt(it, transport));
    }

    /** One step of {@link #process} for one file: it touches only that file and what it is made into. */
    @FunctionalInterface
    private interface Step {
        void run(Item it) throws IOException;
    }

    /**
     * Runs a step for every file of a group, side by side on the account's upload threads when it has more than one,
     * and waits for all of them; the first failure is thrown once all have finished.
     */
    private void each(List<Item> items, Step step) throws IOException {
        if (items.size() <= 1 || settings.sendParallel() <= 1) {
            for (Item it : items) {
                step.run(it);
            }
            return;
        }
        ExecutorService pool = uploads();
        List<Future<Void>> futures = new ArrayList<>();
        for (Item it : items) {
            futures.add(pool.submit(() -> {
                step.run(it);
                return null;
            }));
        }
        boolean interrupted = false;
        IOException failed = null;
        for (Future<Void> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;     // a step under way finishes (an upload's time-outs bound it): its outcome counts
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        failed = failed == null ? io : failed;
                        break;
                    }
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failed != null) {
            throw failed;
        }
    }

    private synchronized ExecutorService uploads() {
        if (uploads == null) {
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.sendParallel(), settings.sendParallel(), 30,
                    TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "sc-upload-" + settings.name() + "-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            uploads = pool;
        }
        return uploads;
    }

    /**
     * One upload, on any thread: first a look on the network for an earlier upload whose outcome is not known, then
     * the upload. Nothing here writes the journal. @return {@code null} when sending stopped or paused before it began
     * (the file stays {@code SENDING} and the next run sends it)
     */
    private Attempt attempt(Item it, Transport transport) {
        JournalDatabase.Doc doc = it.doc;
        if (stopping || !circuit.allows()) {
            return null;
        }
        try {
            Instant doubt = uncertain.get(doc.id());
            if (doubt != null) {
                SendReceipt found = transport.lookup(doc.reference());
                if (found != null) {
                    circuitSucceeded();     // the upload arrived after all: the connection works
                    uncertain.remove(doc.id());
                    LOG.info("Account {}: {} had reached the network before (file {}); not sent again", settings.name(),
                            it.file.originalName(), found.fileId());
                    return Attempt.sent(found);
                }
                Instant resendAt = doubt.plus(settings.reconcileWindow());
                Instant now = clock.instant();
                if (now.isBefore(resendAt)) {
                    // looked for again at back-off intervals (it shows once the network has processed it), and sent
                    // again only when the window has passed without a trace of it
                    Instant again = now.plus(backoff(doc.attempts(), null));
                    return new Attempt(null, null, false, "the earlier upload's outcome is not known; it is looked for on the "
                            + "network and not sent again before " + resendAt, again.isBefore(resendAt) ? again : resendAt);
                }
            }
            SendReceipt receipt = transport.send(new SendRequest(doc.reference(), it.payload.path(), it.payload.name(),
                    settings.company(), settings.documentType() != null ? settings.documentType() : it.documentType,
                    settings.sendMode()));
            uncertain.remove(doc.id());
            circuitSucceeded();
            return Attempt.sent(receipt);
        } catch (TransportException e) {
            // counted at once, so that the uploads after it in the group wait when it pauses sending
            boolean paused = e.outcome() != TransportException.Outcome.FINAL && circuit.failed();
            return new Attempt(null, e, paused, null, null);
        }
    }

    /** Records what an upload came to (inside the group's transaction). */
    private void outcome(Item it, Report report, List<Runnable> after) throws SQLException {
        JournalDatabase.Doc doc = it.doc;
        Attempt a = it.attempt;
        if (a.receipt() != null) {
            journal.transition(doc.id(), DocumentState.SENT, a.receipt().reconciled() ? "found on the network by its reference"
                    : null, a.receipt().fileId(), null, false);
            report.add(doc, doc.invoiceNumber(), doc.receiver(), DocumentState.SENT, null);
            it.settleTo(sentDisposition(), null);
        } else if (a.deferred() != null) {
            journal.retryLater(doc.id(), a.deferred(), a.next());
        } else {
            failedUpload(it, a, report, after);
        }
    }

    /** What is sent for a claimed file: the file itself, or the UBL its CSV converts into. */
    private record Payload(Path path, String name, boolean converted) {
    }

    /**
     * The file itself, or, for a CSV file of an account with {@code csv = true}, the Peppol BIS 3 UBL it converts
     * into, written to the engine's own {@code data/converted/<account>/<document id>.xml} (never into the customer's
     * folders). Conversion is a pure function of the file, so after an interruption the same bytes are made again.
     *
     * @return {@code null} when the converter is not installed (the file waits)
     * @throws FormatException when the file does not convert: the reason names its line and column
     */
    private Payload payload(ClaimedFile c, JournalDatabase.Doc doc) throws IOException, FormatException {
        if (!isCsv(c)) {
            return new Payload(c.path(), c.originalName(), false);
        }
        Converter converter = parts.csv();
        if (converter == null) {
            problem(Detail.LOCAL_ERROR, "csv = true, but the CSV converter bundle (format-csv) is not installed");
            return null;
        }
        Path target = converted(doc);
        String base = c.originalName().substring(0, c.originalName().length() - 4);
        if (Files.isRegularFile(target)) {
            return new Payload(target, base + ".xml", true);
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Map<String, String> options = new java.util.HashMap<>(settings.csvOptions());
        options.put("fileName", c.originalName());
        try (InputStream in = Files.newInputStream(c.path());
                java.io.OutputStream out = Files.newOutputStream(tmp)) {
            converter.convert(in, out, options);
        } catch (FormatException | IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new Payload(target, base + ".xml", true);
    }

    private boolean isCsv(ClaimedFile c) {
        return settings.csv() && c.originalName().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
    }

    private Path converted(JournalDatabase.Doc doc) {
        return journal.file().toAbsolutePath().getParent().resolve("converted").resolve(settings.name())
                .resolve(doc.id() + ".xml");
    }

    /**
     * The UBL a CSV file became goes where the CSV went (sent/ or the archive), beside it, as {@code <name>.xml}; the
     * engine's copy is removed.
     */
    private void keepConverted(ClaimedFile c, JournalDatabase.Doc doc, Path landed) throws IOException {
        Path ubl = converted(doc);
        if (!Files.exists(ubl)) {
            return;
        }
        if (landed != null) {
            String name = landed.getFileName().toString();
            String base = name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
            Path beside = landed.resolveSibling(base + ".xml");
            if (Files.exists(beside)) {
                beside = landed.resolveSibling(base + ".ubl.xml");
            }
            Path tmp = landed.resolveSibling("." + beside.getFileName() + ".tmp");
            Files.copy(ubl, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, beside, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.delete(ubl);
    }

    private void failedUpload(Item it, Attempt a, Report report, List<Runnable> after) throws SQLException {
        JournalDatabase.Doc doc = it.doc;
        TransportException e = a.failure();
        String name = it.file.originalName();
        String reason = e.getMessage();
        if (e.outcome() == TransportException.Outcome.FINAL) {
            journal.transition(doc.id(), DocumentState.FAILED, reason, null, null, false);
            it.settleTo(Disposition.ERROR, reason);
            report.add(doc, doc.invoiceNumber(), doc.receiver(), DocumentState.FAILED, reason);
            documentError(name + " was refused: " + reason);
            after.add(() -> event(Event.Kind.DELIVERY_FAILED, name, name + " was refused: " + reason));
            return;
        }
        if (e.outcome() == TransportException.Outcome.UNKNOWN) {
            uncertain.putIfAbsent(doc.id(), clock.instant());
        }
        if (doc.attempts() + 1 >= settings.retryAttempts()) {
            String why = "gave up after " + (doc.attempts() + 1) + " attempts; last: " + reason
                    + (uncertain.containsKey(doc.id()) ? " (an earlier upload may have arrived: check Pagero Online before "
                            + "putting it back into the outbox)" : "");
            journal.transition(doc.id(), DocumentState.FAILED, why, null, null, false);
            it.settleTo(Disposition.ERROR, why);
            report.add(doc, doc.invoiceNumber(), doc.receiver(), DocumentState.FAILED, why);
            trouble(name + " was not sent: " + why);
            after.add(() -> event(Event.Kind.DELIVERY_FAILED, name, name + " was not sent: " + why));
        } else {
            Duration wait = backoff(doc.attempts(), e.retryAfter());
            lastRetryReason = reason;
            trouble(name + " not sent yet: " + reason);
            journal.retryLater(doc.id(), reason, clock.instant().plus(wait));
            LOG.info("Account {}: {} not sent ({}); next attempt in {} s", settings.name(), name, reason, wait.toSeconds());
        }
        if (a.paused()) {
            problem(Detail.CIRCUIT_OPEN, "sending paused for " + circuit.pause().toSeconds()
                    + " s (" + settings.circuitFailures() + " failures in a row, or the try after a pause failed); last: " + reason);
            report.problem("sending paused: " + reason);
            after.add(() -> event(Event.Kind.CONNECTION_LOST, null, "Pagero Online cannot be reached: " + reason
                    + "; sending is paused and resumes by itself"));
        }
    }

    /** The network answered an upload or a lookup for one: sending works, and the account is out of trouble. */
    private void circuitSucceeded() {
        lastTrouble = null;
        if (circuit.succeeded()) {
            event(Event.Kind.CONNECTION_RESTORED, null, "Pagero Online can be reached again; sending resumed");
        }
    }

    Duration backoff(int attempts, Duration retryAfter) {
        return backoff(attempts, settings.retryInitial(), settings.retryMax(), retryAfter);
    }

    /**
     * Exponential back-off with jitter: the step doubles from {@code initial} with every attempt up to {@code max},
     * and the wait is drawn between half the step and the whole step, so that documents (and accounts) that failed
     * together do not all come back at the same moment. A longer wait the network asked for (Retry-After) wins.
     */
    static Duration backoff(int attempts, Duration initial, Duration max, Duration retryAfter) {
        long first = Math.max(1, initial.toMillis());
        long cap = Math.max(first, max.toMillis());
        long step = attempts >= 30 ? cap : Math.min(cap, first << attempts);
        long wait = step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
        if (retryAfter != null && retryAfter.toMillis() > wait) {
            wait = retryAfter.toMillis();
        }
        return Duration.ofMillis(wait);
    }

    private Disposition sentDisposition() {
        return settings.outbox().archive() != null ? Disposition.ARCHIVE : Disposition.SENT;
    }

    /** A file's description ({@code format} is {@code null} when no adapter recognised it) and its check's problems. */
    private record Checked(List<String> problems, String number, String seller, String receiver, String documentType,
            String format) {
    }

    /** Describes and checks what is sent as the account's {@code check} says; {@code null} when it cannot now. */
    private Checked check(Path file) throws IOException {
        List<FormatAdapter> adapters = parts.adapters();
        CheckLevel level = settings.check();
        if (adapters.isEmpty()) {
            if (level == CheckLevel.NONE) {
                return new Checked(List.of(), null, null, null, null, null);
            }
            problem(Detail.LOCAL_ERROR, "no format adapter is installed, so documents cannot be checked (check = "
                    + level.name().toLowerCase() + ")");
            return null;
        }
        FormatAdapter adapter = null;
        DocumentFormat format = null;
        for (FormatAdapter a : adapters) {
            try (InputStream in = Files.newInputStream(file)) {
                Optional<DocumentFormat> f = a.detect(in);
                if (f.isPresent()) {
                    adapter = a;
                    format = f.get();
                    break;
                }
            }
        }
        List<String> problems = new ArrayList<>();
        String number = null;
        String seller = null;
        String receiver = null;
        String documentType = null;
        String described = null;
        if (adapter != null) {
            try (InputStream in = Files.newInputStream(file)) {
                DocumentDescription d = adapter.describe(in);
                number = d.number();
                receiver = d.buyer() == null ? null : d.buyer().name();
                documentType = d.networkDocumentType();
                seller = d.seller() == null ? null : d.seller().name();
                described = format.id();
            } catch (FormatException e) {
                if (level != CheckLevel.NONE) {
                    problems.add(e.getMessage());
                }
            }
        }
        if (level == CheckLevel.NONE || !problems.isEmpty()) {
            return new Checked(problems, number, seller, receiver, documentType, described);
        }
        FormatAdapter checker = adapter != null ? adapter : adapters.get(0);
        try (InputStream in = Files.newInputStream(file)) {
            CheckResult r = checker.check(in, level == CheckLevel.RULES ? CheckLevel.FORMAT : level);
            r.findings().stream().filter(f -> f.severity() == CheckResult.Finding.Severity.ERROR)
                    .forEach(f -> problems.add(f.message() + (f.location() == null ? "" : " (" + f.location() + ")")));
        }
        if (adapter == null && problems.isEmpty() && level != CheckLevel.WELLFORMED) {
            problems.add("not a recognised e-invoice format (UBL, CII, Svefaktura, Finvoice)");
        }
        if (level == CheckLevel.RULES && problems.isEmpty() && format != null) {
            DocumentValidator validator = parts.validator();
            if (validator == null) {
                problem(Detail.LOCAL_ERROR, "check = rules, but the rule validation bundle is not installed");
                return null;
            }
            if (validator.supports(format)) {
                CheckResult r = validator.validate(file, format);
                r.findings().stream().filter(f -> f.severity() == CheckResult.Finding.Severity.ERROR).limit(10)
                        .forEach(f -> problems.add((f.rule() == null ? "" : "[" + f.rule() + "] ") + f.message()));
            }
        }
        return new Checked(problems, number, seller, receiver, documentType, described);
    }

    // ================================================================================================ follow-up

    /** One follow-up run: processing status of sent documents, then the recipients' responses. @return work left */
    boolean followUpRun() {
        if (stopping || !settings.send()) {
            return false;
        }
        return run(followLock, RunKind.FOLLOWUP, true, (transport, report) -> {
            boolean more = followUp(transport, report);
            responses(transport, report);
            return more;
        });
    }

    private boolean followUp(Transport transport, Report report) throws TransportException, SQLException {
        List<JournalDatabase.Doc> docs = journal.inStates(settings.name(), FOLLOWED, settings.batch());
        for (JournalDatabase.Doc doc : docs) {
            if (stopping) {
                return false;
            }
            ProcessingStatus s = transport.status(new SendReceipt(doc.reference(), doc.networkId(), doc.created(), false));
            switch (s.state()) {
            case PROCESSED -> {
                journal.transition(doc.id(), DocumentState.DELIVERED, null, null, null, false);
                report.add(doc, doc.invoiceNumber(), doc.receiver(), DocumentState.DELIVERED, null);
            }
            case ERROR, CANCELLED -> {
                String reason = s.reasons().isEmpty() ? (s.state() == ProcessingStatus.State.CANCELLED ? "cancelled"
                        : "Pagero Online could not process it (no reason given)") : String.join("; ", s.reasons());
                journal.transition(doc.id(), DocumentState.FAILED, reason, null, null, false);
                report.add(doc, doc.invoiceNumber(), doc.receiver(), DocumentState.FAILED, reason);
                event(Event.Kind.DELIVERY_FAILED, doc.fileName(), doc.fileName() + " could not be delivered: " + reason);
            }
            default -> {
                // still processing, or waiting for someone at Pagero Online: asked again next run
            }
            }
        }
        return docs.size() >= settings.batch();
    }

    private void responses(Transport transport, Report report) throws TransportException, SQLException {
        for (int offset = 0;; offset += 100) {
            List<RecipientResponse> page = transport.responses(settings.company(), offset, 100);
            for (RecipientResponse r : page) {
                if (r.documentNumber() == null || !journal.firstSight(settings.name(), r.responseId())) {
                    continue;
                }
                JournalDatabase.Doc doc = journal.outgoingByNumber(settings.name(), r.documentNumber(), ANSWERABLE);
                if (doc == null) {
                    continue;               // an answer to an invoice this account did not send
                }
                boolean accepted = r.verdict() == RecipientResponse.Verdict.ACCEPTED;
                DocumentState state = accepted ? DocumentState.ACCEPTED : DocumentState.REJECTED_BY_RECIPIENT;
                journal.transition(doc.id(), state, r.reason(), null, null, false);
                report.add(doc, doc.invoiceNumber(), doc.receiver(), state, r.reason());
                if (!accepted) {
                    event(Event.Kind.RECIPIENT_REJECTED, doc.fileName(), "invoice " + doc.invoiceNumber()
                            + " was rejected by its recipient" + (r.reason() == null ? "" : ": " + r.reason()));
                }
            }
            if (page.size() < 100 || stopping) {
                return;
            }
        }
    }

    // ================================================================================================ receive

    /** One receive run: stores new incoming documents, then acknowledges them. @return work left */
    boolean receiveRun() {
        if (inbox == null || stopping) {
            return false;
        }
        return run(receiveLock, RunKind.RECEIVE, true, this::receive);
    }

    private boolean receive(Transport transport, Report report) throws TransportException, IOException, SQLException {
        // Stored but not acknowledged (interrupted, or the acknowledgement failed): acknowledge them first. The
        // network may no longer list them if an acknowledgement arrived just before an interruption.
        List<JournalDatabase.Doc> unacknowledged = journal.inStates(settings.name(), List.of(DocumentState.RECEIVED),
                settings.batch());
        if (!unacknowledged.isEmpty()) {
            transport.acknowledge(unacknowledged.stream().map(JournalDatabase.Doc::networkId).toList());
            for (JournalDatabase.Doc doc : unacknowledged) {
                journal.transition(doc.id(), DocumentState.ACKNOWLEDGED, null, null, null, false);
            }
        }
        int handled = 0;
        int skipped = 0;
        while (handled < settings.batch() && !stopping) {
            IncomingPage page = transport.incoming(settings.company(), skipped, Math.min(100, settings.batch() - handled));
            if (page.documents().isEmpty()) {
                return false;
            }
            List<String> toAcknowledge = new ArrayList<>();
            List<JournalDatabase.Doc> stored = new ArrayList<>();
            for (IncomingDocument d : page.documents()) {
                if (stopping) {
                    break;
                }
                JournalDatabase.Doc doc = journal.incoming(settings.name(), d.id());
                if (doc == null) {
                    doc = store(transport, d);
                    report.add(doc, doc.invoiceNumber(), doc.sender(), DocumentState.RECEIVED, null);
                }
                if (doc.state() == DocumentState.ACKNOWLEDGED) {
                    skipped++;              // acknowledged before, but listed again: the network will catch up
                } else {
                    toAcknowledge.add(d.id());
                    stored.add(doc);
                }
                handled++;
            }
            if (!toAcknowledge.isEmpty()) {
                transport.acknowledge(toAcknowledge);
                for (JournalDatabase.Doc doc : stored) {
                    journal.transition(doc.id(), DocumentState.ACKNOWLEDGED, null, null, null, false);
                }
            }
            if (!page.hasMore() && toAcknowledge.size() + skipped >= page.documents().size()
                    && page.offset() + page.documents().size() >= page.total()) {
                return false;
            }
        }
        return handled >= settings.batch();
    }

    private JournalDatabase.Doc store(Transport transport, IncomingDocument d) throws TransportException, IOException, SQLException {
        String name = inboxName(d);
        String interrupted = journal.receivingName(settings.name(), d.id());
        Path inboxFolder = settings.inbox().inbox();
        if (interrupted != null && Files.isRegularFile(inboxFolder.resolve(interrupted))) {
            // written before a crash, not yet recorded: record it, do not write it twice
            Path landed = inboxFolder.resolve(interrupted);
            LOG.info("Account {}: {} was stored before an interruption; recorded now", settings.name(), landed.getFileName());
            return journal.received(settings.name(), interrupted, d.id(), d.documentNumber(), d.senderName(),
                    sha256(landed), Files.size(landed), landed.toString());
        }
        journal.receiving(settings.name(), d.id(), name);
        MessageDigest sha = sha256();
        Path landed;
        try (InputStream raw = transport.open(d); DigestInputStream in = new DigestInputStream(raw, sha)) {
            landed = inbox.store(name, in);
        }
        return journal.received(settings.name(), landed.getFileName().toString(), d.id(), d.documentNumber(),
                d.senderName(), HexFormat.of().formatHex(sha.digest()), Files.size(landed), landed.toString());
    }

    /** A file name from validated parts only: the document number and the network's id, letters, digits, '-', '_'. */
    static String inboxName(IncomingDocument d) {
        String number = safe(d.documentNumber());
        String id = safe(d.id());
        return (number.isEmpty() ? "document" : number) + "_" + (id.isEmpty() ? "x" : id) + ".xml";
    }

    private static String safe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-';
            if (ok) {
                b.append(ch);
            } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
                b.append('-');
            }
            if (b.length() >= 60) {
                break;
            }
        }
        String out = b.toString();
        while (out.startsWith("-")) {
            out = out.substring(1);
        }
        while (out.endsWith("-")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    // ================================================================================================ status

    /** Queue sizes are counted at most every few seconds: status is asked often, and an outbox can be large. */
    private static final long QUEUES_FRESH_NANOS = TimeUnit.SECONDS.toNanos(5);
    private volatile AccountStatus.Queues queues;
    private volatile long queuesCounted;

    private AccountStatus.Queues queues() {
        AccountStatus.Queues q = queues;
        long now = System.nanoTime();
        if (q != null && now - queuesCounted < QUEUES_FRESH_NANOS) {
            return q;
        }
        try {
            int claimed = outbox == null ? 0 : outbox.claimed().size();
            int retry = journal.waitingForRetry(settings.name());
            if (retry > 0 && lastRetryReason == null) {
                lastRetryReason = journal.lastRetryReason(settings.name());     // after a restart
            }
            int error = countFiles(settings.outbox().error(), ".error.txt");
            int waiting = countFiles(settings.outbox().outbox(), null);
            q = new AccountStatus.Queues(waiting, claimed, retry, error);
        } catch (IOException | SQLException e) {
            q = new AccountStatus.Queues(0, 0, 0, 0);
        }
        queues = q;
        queuesCounted = now;
        return q;
    }

    AccountStatus status() {
        AccountStatus.Queues queues = queues();
        if (!settings.enabled()) {
            return status(Status.DISABLED, Detail.NONE, "switched off (enabled = false)", queues);
        }
        if (parts.transport() == null) {
            return status(Status.OFFLINE, Detail.MISSING_TRANSPORT, "waiting for connection " + settings.connection(), queues);
        }
        if (!circuit.allows()) {
            return status(Status.OFFLINE, Detail.CIRCUIT_OPEN, lastProblem, queues);
        }
        if (parts.notifiers().size() < settings.notifierNames().size()) {
            return status(Status.DEGRADED, Detail.MISSING_NOTIFIER, "notifiers configured: " + settings.notifierNames()
                    + "; available: " + parts.notifiers().size(), queues);
        }
        if (lastProblem != null) {
            return status(Status.DEGRADED, lastProblemDetail, lastProblem, queues);
        }
        if (queues.retry() > 0) {
            String why = lastRetryReason;
            return status(Status.DEGRADED, Detail.COMMUNICATION_ERROR, queues.retry() + " documents wait for a retry"
                    + (why == null ? "" : "; last: " + why), queues);
        }
        return status(Status.ONLINE, Detail.NONE, "working", queues);
    }

    private AccountStatus status(Status status, Detail detail, String description, AccountStatus.Queues queues) {
        return new AccountStatus(settings.name(), status, detail, description, lastSuccess, lastError, lastErrorReason,
                queues);
    }

    private static int countFiles(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (var s = Files.list(folder)) {
            return (int) s.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")
                    && (suffix == null ? true : !p.getFileName().toString().endsWith(suffix))).count();
        }
    }

    /**
     * A run that ended without an exception is a success only when the account is not in trouble: nothing failed
     * during it, and what failed before (an upload left for a retry, a folder) has worked since. A receive run that
     * ends well shows the network answers, as does an upload that arrives. So "last success" never claims a run
     * while the network is down.
     *
     */
    private void succeeded(RunKind kind, Instant began) {
        Instant trouble = lastTrouble;
        if (kind == RunKind.RECEIVE && trouble != null && trouble.isBefore(began)) {
            lastTrouble = trouble = null;
        }
        if (trouble != null || (kind == RunKind.SEND && !circuit.allows())) {
            return;
        }
        lastSuccess = clock.instant();
        if (circuit.allows()) {
            lastProblem = null;
            lastProblemDetail = Detail.NONE;
        }
    }

    private void failed(Report report, Detail detail, String problem) {
        documentError(problem);
        problem(detail, problem);
        report.problem(problem);
    }

    /** Something went wrong (a run failed, a document was not sent or refused): the account's last error. */
    private void documentError(String why) {
        lastErrorReason = why;
        lastError = clock.instant();
    }

    /**
     * An upload failed for a reason that is not the document's: the last error, and no run is a success until an
     * upload arrives or a receive run ends well.
     */
    private void trouble(String why) {
        documentError(why);
        lastTrouble = lastError;
    }

    /** The connection the account names has arrived: a "waiting for connection" problem is over at once. */
    void transportArrived() {
        if (lastProblemDetail == Detail.MISSING_TRANSPORT) {
            lastProblem = null;
            lastProblemDetail = Detail.NONE;
        }
    }

    private void problem(Detail detail, String text) {
        if (!text.equals(lastProblem)) {
            if (detail == Detail.MISSING_TRANSPORT) {
                LOG.info("Account {}: {}", settings.name(), text);    // normal for a moment at start
            } else {
                LOG.warn("Account {}: {}", settings.name(), text);
            }
        }
        lastProblem = text;
        lastProblemDetail = detail;
    }

    // ================================================================================================ stop

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
            if (removed && outbox != null && held.contains(sendLock)) {
                release();
            }
        } finally {
            held.forEach(ReentrantLock::unlock);
            synchronized (this) {
                if (uploads != null) {
                    uploads.shutdown();
                }
            }
        }
    }

    private void release() {
        try {
            for (ClaimedFile c : outbox.claimed()) {
                JournalDatabase.Doc doc = journal.byWorkName(settings.name(), workName(c));
                // Not yet sent, or only refused in ways that prove nothing arrived: safe to hand back.
                boolean unsent = doc == null || doc.state() == DocumentState.CLAIMED
                        || (doc.state() == DocumentState.SENDING && recovered && !uncertain.containsKey(doc.id()));
                if (!unsent) {
                    LOG.warn("Account {}: {} stays in {} (journal state {}): it may have reached the network",
                            settings.name(), c.originalName(), c.path().getParent(), doc.state());
                    continue;
                }
                Path back = outbox.release(c);
                if (doc != null) {
                    journal.transition(doc.id(), DocumentState.RELEASED, "account removed", null, back.toString(), true);
                }
                LOG.info("Account {} removed: {} put back into {}", settings.name(), c.originalName(), back.getParent());
            }
        } catch (IOException | SQLException e) {
            LOG.warn("Account {}: could not put every claimed file back into the outbox: {}", settings.name(), e.toString());
        }
    }

    // ================================================================================================ reports

    private void event(Event.Kind kind, String fileName, String message) {
        Event e = new Event(clock.instant(), settings.name(), kind, fileName, message);
        for (Notifier n : parts.notifiers()) {
            try {
                n.event(e, settings.audience());
            } catch (RuntimeException ex) {
                LOG.warn("Account {}: notifier failed on an event: {}", settings.name(), ex.toString());
            }
        }
    }

    /** Collects one run's outcomes into a {@link RunReport} and hands it to the notifiers. */
    private final class Report {
        private final RunKind kind;
        private final Instant started = clock.instant();
        private final List<RunReport.DocumentOutcome> documents = new ArrayList<>();
        private String problem;

        Report(RunKind kind) {
            this.kind = kind;
        }

        void add(JournalDatabase.Doc doc, String number, String counterparty, DocumentState state, String reason) {
            documents.add(new RunReport.DocumentOutcome(doc.fileName(), number, counterparty, state, reason));
        }

        void problem(String p) {
            problem = problem == null ? p : problem;
        }

        void finish() {
            RunReport r = new RunReport(settings.name(), kind, started, clock.instant(), documents, problem);
            if (r.hasActivity()) {
                LOG.info("Account {}: {} run: {} documents{}", settings.name(), kind.name().toLowerCase(), documents.size(),
                        problem == null ? "" : "; problem: " + problem);
            }
            for (Notifier n : parts.notifiers()) {
                try {
                    n.report(r, settings.audience());
                } catch (RuntimeException ex) {
                    LOG.warn("Account {}: notifier failed on a run report: {}", settings.name(), ex.toString());
                }
            }
        }
    }

    // ================================================================================================ helpers

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
