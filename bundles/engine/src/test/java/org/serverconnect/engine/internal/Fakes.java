package org.serverconnect.engine.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.serverconnect.api.document.ClaimedFile;
import org.serverconnect.api.document.Disposition;
import org.serverconnect.api.document.Inbox;
import org.serverconnect.api.document.Outbox;
import org.serverconnect.api.document.ReadyFile;
import org.serverconnect.api.format.CheckLevel;
import org.serverconnect.api.format.CheckResult;
import org.serverconnect.api.format.DocumentDescription;
import org.serverconnect.api.format.DocumentFormat;
import org.serverconnect.api.format.DocumentKind;
import org.serverconnect.api.format.FormatAdapter;
import org.serverconnect.api.format.FormatException;
import org.serverconnect.api.format.Party;
import org.serverconnect.api.notify.Audience;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.notify.Notifier;
import org.serverconnect.api.notify.RunReport;
import org.serverconnect.api.transport.ConnectionCheck;
import org.serverconnect.api.transport.IncomingDocument;
import org.serverconnect.api.transport.IncomingPage;
import org.serverconnect.api.transport.ProcessingStatus;
import org.serverconnect.api.transport.Progress;
import org.serverconnect.api.transport.RecipientResponse;
import org.serverconnect.api.transport.SendReceipt;
import org.serverconnect.api.transport.SendRequest;
import org.serverconnect.api.transport.Transport;
import org.serverconnect.api.transport.TransportException;

/** Plain fakes of the api services an account uses, over real folders, with a clock the test moves. */
final class Fakes {
    private Fakes() {
    }

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-03-02T09:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** An outbox over real folders: claims move files into work/, settling moves them on. */
    static final class FolderOutbox implements Outbox {
        private final AccountSettings settings;
        /** When set, the next settle of any file fails with this message (the move is not made). */
        volatile String failNextSettle;

        FolderOutbox(AccountSettings settings) throws IOException {
            this.settings = settings;
            for (Path p : List.of(settings.outbox().outbox(), settings.outbox().work(), settings.outbox().sent(),
                    settings.outbox().error())) {
                Files.createDirectories(p);
            }
        }

        Path drop(String name, String content) throws IOException {
            return Files.writeString(settings.outbox().outbox().resolve(name), content);
        }

        @Override
        public List<ReadyFile> poll(int max) throws IOException {
            try (Stream<Path> s = Files.list(settings.outbox().outbox())) {
                return s.sorted().limit(max).map(p -> new ReadyFile(p, size(p), Instant.EPOCH)).toList();
            }
        }

        @Override
        public ClaimedFile claim(ReadyFile file) throws IOException {
            Path to = settings.outbox().work().resolve(file.name());
            Files.move(file.path(), to);
            return new ClaimedFile(to, file.name(), size(to), Instant.EPOCH);
        }

        @Override
        public List<ClaimedFile> claim(List<ReadyFile> files) throws IOException {
            List<ClaimedFile> out = new ArrayList<>();
            for (ReadyFile f : files) {
                out.add(claim(f));
            }
            return out;
        }

        @Override
        public List<ClaimedFile> claimed() throws IOException {
            try (Stream<Path> s = Files.list(settings.outbox().work())) {
                return s.sorted().map(p -> new ClaimedFile(p, p.getFileName().toString(), size(p), Instant.EPOCH)).toList();
            }
        }

        @Override
        public Path settle(ClaimedFile file, Disposition disposition, String reason) throws IOException {
            String fail = failNextSettle;
            if (fail != null) {
                failNextSettle = null;
                throw new IOException(fail);
            }
            Path folder = switch (disposition) {
            case SENT -> settings.outbox().sent();
            case ARCHIVE -> settings.outbox().archive();
            case ERROR -> settings.outbox().error();
            };
            Path to = folder.resolve(file.originalName());
            Files.move(file.path(), to, StandardCopyOption.REPLACE_EXISTING);
            if (disposition == Disposition.ERROR) {
                Files.writeString(folder.resolve(file.originalName() + ".error.txt"), reason == null ? "" : reason);
            }
            return to;
        }

        @Override
        public List<Settled> settle(List<Settlement> settlements) {
            List<Settled> out = new ArrayList<>();
            for (Settlement s : settlements) {
                try {
                    out.add(new Settled(s.file(), settle(s.file(), s.disposition(), s.reason()), null));
                } catch (IOException e) {
                    out.add(new Settled(s.file(), null, e));
                }
            }
            return out;
        }

        @Override
        public Path release(ClaimedFile file) throws IOException {
            Path back = settings.outbox().outbox().resolve(file.originalName());
            Files.move(file.path(), back);
            return back;
        }

        @Override
        public Path requeue(String errorFileName) {
            throw new UnsupportedOperationException("not used by the engine's runs");
        }

        @Override
        public List<String> errorFiles() {
            return List.of();
        }

        @Override
        public Path submit(String fileName, InputStream content) {
            throw new UnsupportedOperationException("not used by the engine's runs");
        }

        @Override
        public void onActivity(Runnable callback) {
        }

        @Override
        public void close() {
        }

        private static long size(Path p) {
            try {
                return Files.size(p);
            } catch (IOException e) {
                return 0;
            }
        }
    }

    /** An inbox over a real folder, written through a temporary name. */
    static final class FolderInbox implements Inbox {
        private final Path folder;

        FolderInbox(Path folder) throws IOException {
            this.folder = Files.createDirectories(folder);
        }

        @Override
        public Path store(String suggestedName, InputStream content) throws IOException {
            Path tmp = folder.resolve("." + suggestedName + ".tmp");
            Files.copy(content, tmp, StandardCopyOption.REPLACE_EXISTING);
            return Files.move(tmp, folder.resolve(suggestedName), StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public void close() {
        }
    }

    /** What a fake upload does: answer with a receipt, or fail, before or after the file "arrived". */
    @FunctionalInterface
    interface UploadScript {
        SendReceipt upload(FakeNetwork network, SendRequest request) throws TransportException;
    }

    /**
     * A network that remembers every upload. By default an upload arrives and is answered; a test queues other
     * behaviours ({@link #next}) for the next uploads, and chooses when arrived uploads become visible to a lookup.
     */
    static final class FakeNetwork implements Transport {
        final List<String> uploads = new CopyOnWriteArrayList<>();
        final Map<String, String> arrived = new ConcurrentHashMap<>();
        final Deque<UploadScript> next = new ConcurrentLinkedDeque<>();
        final List<String> acknowledged = new CopyOnWriteArrayList<>();
        final List<IncomingDocument> incoming = new CopyOnWriteArrayList<>();
        final Map<String, String> contents = new ConcurrentHashMap<>();
        final Map<String, ProcessingStatus.State> states = new ConcurrentHashMap<>();
        final List<RecipientResponse> responses = new CopyOnWriteArrayList<>();
        /** The network's reasons and reported progress per file id, for {@link #status}. */
        final Map<String, List<String>> reasons = new ConcurrentHashMap<>();
        final Map<String, List<Progress>> progress = new ConcurrentHashMap<>();
        /** The document types each listing asked for. */
        final List<List<String>> listedTypes = new CopyOnWriteArrayList<>();
        /** When set, the listing of received documents lists acknowledged ones too (filtered out of each page). */
        volatile boolean listsFetched;
        final AtomicInteger lookups = new AtomicInteger();
        /** Whether an upload that arrived can be found by its reference yet (a real network needs a moment). */
        volatile boolean visible = true;
        /** The document type of each upload, in order. */
        final List<String> documentTypes = new CopyOnWriteArrayList<>();
        /** When set, looking a reference up fails with this. */
        volatile TransportException lookupFails;
        /** When set, acknowledging fails with a failure worth retrying. */
        volatile boolean acknowledgeFails;
        /** When set, asking for a processing status breaks the contract with this exception. */
        volatile RuntimeException statusBreaks;
        private final AtomicInteger files = new AtomicInteger();

        /** The default: the upload arrives and its answer comes back. */
        static SendReceipt answered(FakeNetwork n, SendRequest r) {
            return new SendReceipt(r.reference(), n.arrive(r), Instant.EPOCH, false);
        }

        /** The upload arrives, but its answer is lost. */
        static SendReceipt answerLost(FakeNetwork n, SendRequest r) throws TransportException {
            n.arrive(r);
            throw new TransportException(TransportException.Outcome.UNKNOWN, 0, null, "connection reset after the upload", null);
        }

        /** Nothing arrives: the network could not be reached. */
        static SendReceipt unreachable(FakeNetwork n, SendRequest r) throws TransportException {
            throw new TransportException(TransportException.Outcome.RETRY, 0, null, "connection refused", null);
        }

        /** The network refuses the upload for good. */
        static SendReceipt refused(FakeNetwork n, SendRequest r) throws TransportException {
            throw new TransportException(TransportException.Outcome.FINAL, 400, null, "400: documentType is not known", null);
        }

        String arrive(SendRequest r) {
            uploads.add(r.reference());
            String id = "file-" + files.incrementAndGet();
            arrived.put(r.reference(), id);
            states.put(id, ProcessingStatus.State.PROCESSING);
            return id;
        }

        long uploadsOf(String reference) {
            return uploads.stream().filter(reference::equals).count();
        }

        void offer(String id, String number, String content) {
            incoming.add(new IncomingDocument(id, "company-1", "Invoice", number, "Acme", Instant.EPOCH));
            if (content != null) {
                contents.put(id, content);
            }
        }

        @Override
        public SendReceipt send(SendRequest request) throws TransportException {
            documentTypes.add(String.valueOf(request.documentType()));
            UploadScript script = next.poll();
            return script == null ? answered(this, request) : script.upload(this, request);
        }

        @Override
        public SendReceipt lookup(SendRequest request) throws TransportException {
            String reference = request.reference();
            lookups.incrementAndGet();
            TransportException fails = lookupFails;
            if (fails != null) {
                throw fails;
            }
            String id = visible ? arrived.get(reference) : null;
            return id == null ? null : new SendReceipt(reference, id, Instant.EPOCH, true);
        }

        /** As a network would name it: the reference in it, so that a person can find it there. */
        @Override
        public String uploadName(SendRequest request) {
            return request.reference() + ".xml";
        }

        @Override
        public ProcessingStatus status(SendReceipt receipt) {
            RuntimeException broken = statusBreaks;
            if (broken != null) {
                throw broken;
            }
            return new ProcessingStatus(receipt.fileId(), states.getOrDefault(receipt.fileId(),
                    ProcessingStatus.State.PROCESSING), List.of(), reasons.getOrDefault(receipt.fileId(), List.of()),
                    progress.getOrDefault(receipt.fileId(), List.of()));
        }

        @Override
        public void act(SendReceipt receipt, Action action) {
        }

        @Override
        public IncomingPage incoming(String companyId, List<String> documentTypes, int offset, int limit) {
            listedTypes.add(documentTypes);
            if (listsFetched) {
                // as a network that lists what was fetched too: the page covers more than its new documents
                List<IncomingDocument> page = incoming.stream().skip(offset).limit(limit).toList();
                return new IncomingPage(page.stream().filter(d -> !acknowledged.contains(d.id())).toList(), offset,
                        page.size(), incoming.size());
            }
            List<IncomingDocument> open = incoming.stream().filter(d -> !acknowledged.contains(d.id())).toList();
            List<IncomingDocument> page = open.stream().skip(offset).limit(limit).toList();
            return new IncomingPage(page, offset, open.size());
        }

        @Override
        public InputStream open(IncomingDocument document) {
            String content = contents.get(document.id());
            if (content == null) {
                throw new IllegalStateException("no content for " + document.id());     // a connection's bug
            }
            return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void acknowledge(Collection<String> documentIds) throws TransportException {
            if (acknowledgeFails) {
                throw new TransportException(TransportException.Outcome.RETRY, 503, null, "503 Service Unavailable", null);
            }
            acknowledged.addAll(documentIds);
        }

        @Override
        public List<RecipientResponse> responses(String companyId, String documentNumber) {
            return responses.stream().filter(r -> documentNumber.equals(r.documentNumber()))
                    .filter(r -> !acknowledged.contains(r.responseId())).toList();
        }

        @Override
        public ConnectionCheck check() {
            return new ConnectionCheck(true, List.of());
        }
    }

    /**
     * A format adapter for tiny invoices such as {@code <Invoice><ID>INV-1</ID><Buyer>Globex</Buyer></Invoice>}:
     * refuses, at the format level, one whose number is missing.
     */
    static final class TinyInvoices implements FormatAdapter {
        static final DocumentFormat FORMAT = new DocumentFormat("tiny", "tiny", null, null, null, DocumentKind.INVOICE,
                false);

        static String invoice(String number) {
            return "<Invoice><ID>" + number + "</ID><Buyer>Globex</Buyer></Invoice>";
        }

        @Override
        public Optional<DocumentFormat> detect(InputStream in) throws IOException {
            return text(in).startsWith("<Invoice>") ? Optional.of(FORMAT) : Optional.empty();
        }

        @Override
        public DocumentDescription describe(InputStream in) throws FormatException, IOException {
            String s = text(in);
            return new DocumentDescription(FORMAT, between(s, "<ID>", "</ID>"), "380", null, null, "EUR", null,
                    new Party("Acme", null, null, null, null, null),
                    new Party(between(s, "<Buyer>", "</Buyer>"), null, null, null, null, null), 1, "Invoice");
        }

        @Override
        public CheckResult check(InputStream in, CheckLevel level) throws IOException {
            String number = between(text(in), "<ID>", "</ID>");
            return number == null || number.isEmpty() ? new CheckResult(List.of(new CheckResult.Finding(
                    CheckResult.Finding.Severity.ERROR, "BR-02", "An Invoice shall have an Invoice number", "/Invoice")))
                    : CheckResult.passed();
        }

        private static String text(InputStream in) throws IOException {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        private static String between(String s, String open, String close) {
            int a = s.indexOf(open);
            int b = s.indexOf(close);
            return a < 0 || b < a ? null : s.substring(a + open.length(), b);
        }
    }

    /** A notifier that keeps what it was told. */
    static final class Told implements Notifier {
        final List<RunReport> reports = new CopyOnWriteArrayList<>();
        final List<Event> events = new CopyOnWriteArrayList<>();

        @Override
        public void report(RunReport report, Audience audience) {
            reports.add(report);
        }

        @Override
        public void event(Event event, Audience audience) {
            events.add(event);
        }

        List<Event.Kind> kinds() {
            return events.stream().map(Event::kind).toList();
        }
    }
}
