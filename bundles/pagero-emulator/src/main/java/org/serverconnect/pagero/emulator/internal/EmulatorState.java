package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.serverconnect.pagero.emulator.internal.Events.Doc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's memory of files and documents: uploaded files and their processing, documents per company, which
 * were downloaded and fetched, their delivery and business statuses; tokens are in its {@link TokenStore}. Every
 * change is an {@link Events event}, applied here and appended to the {@link StateJournal journal}, which is replayed
 * at start. One lock guards everything (each operation is short; payloads are streamed to disk outside it).
 */
final class EmulatorState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatorState.class);

    private final EmulatorConfig config;
    private final Path data;
    private final ScheduledExecutorService processor;
    private final EmulatorClock clock = new EmulatorClock();
    private final StateJournal journal;
    private final TokenStore tokens;
    private final Processing processing;

    private final Map<String, FileEntry> files = new LinkedHashMap<>();
    private final Map<String, Doc> documents = new LinkedHashMap<>();
    private final Set<String> downloaded = new HashSet<>();
    private final Set<String> fetched = new HashSet<>();
    private final Map<String, List<Events.Status>> statuses = new HashMap<>();
    private final Deque<String[]> forcedOutcomes = new ArrayDeque<>();

    EmulatorState(EmulatorConfig config, Path data, ScheduledExecutorService processor) throws IOException {
        this.config = config;
        this.data = data;
        this.processor = processor;
        this.processing = new Processing(config);
        this.journal = new StateJournal(data, Json.MAPPER);
        this.tokens = new TokenStore(config, clock, journal::append);
        Files.createDirectories(data.resolve("payloads"));
        int n = journal.replay(this::apply);
        LOG.info("Emulator state restored from {}: {} events, {} files, {} documents", journal.file(), n, files.size(),
                documents.size());
        // Files still processing when the emulator stopped finish now.
        files.values().stream().filter(f -> f.status.equals(FileEntry.PROCESSING))
                .forEach(f -> scheduleProcessing(f.fileId(), 0));
    }

    EmulatorConfig config() {
        return config;
    }

    Path data() {
        return data;
    }

    TokenStore tokens() {
        return tokens;
    }

    long now() {
        return clock.now();
    }

    // ------------------------------------------------------------------------------------------------ events

    /** Applies an event and appends it to the journal. Callers hold the lock. */
    private void record(Events event) {
        apply(event);
        journal.append(event);
    }

    private void apply(Events event) {
        if (event instanceof Events.TokenIssued || event instanceof Events.Revoked) {
            tokens.apply(event);
        } else if (event instanceof Events.Uploaded u) {
            files.put(u.fileId(), new FileEntry(u));
        } else if (event instanceof Events.Processed p) {
            FileEntry f = files.get(p.fileId());
            if (f != null) {
                f.status = p.status();
                f.reasons = List.copyOf(p.reasons());
                f.documentIds = p.documents().stream().map(Doc::id).toList();
                f.forceConsumed = true;
                p.documents().forEach(d -> documents.put(d.id(), d));
            }
        } else if (event instanceof Events.PartAction a) {
            FileEntry f = files.get(a.fileId());
            if (f != null) {
                f.status = a.action().equals("Restart") ? FileEntry.PROCESSING : FileEntry.CANCELLED;
                f.restarted |= a.action().equals("Restart");
                f.reasons = List.of();
            }
        } else if (event instanceof Events.DocumentAdded d) {
            documents.put(d.document().id(), d.document());
        } else if (event instanceof Events.Downloaded d) {
            downloaded.add(d.id());
        } else if (event instanceof Events.Fetched f) {
            fetched.addAll(f.ids());
        } else if (event instanceof Events.StatusAdded s) {
            statuses.computeIfAbsent(s.documentId(), k -> new ArrayList<>()).add(s.status());
        }
    }

    // ------------------------------------------------------------------------------------------------ files

    Path payloadPath(String fileId) {
        return data.resolve("payloads").resolve(fileId + ".bin");
    }

    /**
     * Records an upload whose payload is at {@link #payloadPath}, unless the company used its file name before.
     *
     * @return null when recorded, else the id of the earlier file with that name (nothing is recorded)
     */
    synchronized String upload(String fileId, String companyId, String user, String senderReference,
            String documentType, String sendMode, String fileName, String sha256, long size) {
        String earlier = files.values().stream().map(f -> f.upload)
                .filter(u -> u.companyId().equals(companyId) && u.fileName().equals(fileName))
                .map(Events.Uploaded::fileId).findFirst().orElse(null);
        if (earlier != null) {
            return earlier;
        }
        String[] forced = forcedOutcomes.poll();
        Events.Uploaded u = new Events.Uploaded(fileId, companyId, user, senderReference, documentType, sendMode,
                fileName, sha256, size, now(), forced == null ? null : forced[0], forced == null ? null : forced[1],
                config.partsPerFile());
        record(u);
        scheduleProcessing(fileId, config.processingDelayMillis());
        return null;
    }

    private void scheduleProcessing(String fileId, long delay) {
        try {
            processor.schedule(() -> process(fileId), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping: the file is still Processing in the log and is picked up at the next start
        }
    }

    /** Ends processing of a file, as Pagero would: routed to the buyer's company, or an error with reasons. */
    void process(String fileId) {
        Events.Uploaded u;
        synchronized (this) {
            FileEntry f = files.get(fileId);
            if (f == null || !f.status.equals(FileEntry.PROCESSING)) {
                return;
            }
            u = f.upload;
            if (u.forced() != null && !f.forceConsumed) {
                record(Processing.forced(u));
                return;
            }
        }
        InvoiceInspector.Inspection doc = InvoiceInspector.inspect(payloadPath(fileId));
        synchronized (this) {
            FileEntry f = files.get(fileId);
            if (f == null || !f.status.equals(FileEntry.PROCESSING)) {
                return;
            }
            List<Doc> sent = documents.values().stream().filter(d -> d.companyId().equals(u.companyId())).toList();
            processing.outcome(u, doc, data.relativize(payloadPath(fileId)).toString(), now(), sent)
                    .forEach(this::record);
        }
    }

    synchronized FileEntry file(String fileId) {
        return files.get(fileId);
    }

    /** The file a part id belongs to, or null. */
    synchronized FileEntry fileOfPart(String partId) {
        String fileId = FileEntry.fileIdOfPart(partId);
        FileEntry f = fileId == null ? null : files.get(fileId);
        int n = FileEntry.numberOfPart(partId);
        return f == null || n < 1 || n > f.parts() ? null : f;
    }

    /** Restart or Cancel of one part; returns null when done, else why not. */
    synchronized String partAction(FileEntry f, String partId, String action) {
        if (action.equals("Restart")) {
            if (!f.stopped() || !partId.equals(f.lastPart())) {
                return "only a file part in Error or AwaitingInteraction can be restarted; " + partId + " is "
                        + (f.listedParts().contains(partId) ? f.status : "finished");
            }
            record(new Events.PartAction(f.fileId(), "Restart"));
            scheduleProcessing(f.fileId(), config.processingDelayMillis());
            return null;
        }
        if (!f.listedParts().contains(partId)) {
            return "file part " + partId + " is finished (" + f.status + ") and cannot be cancelled";
        }
        record(new Events.PartAction(f.fileId(), "Cancel"));
        return null;
    }

    synchronized void forceOutcomes(String outcome, String reason, int next) {
        for (int i = 0; i < next; i++) {
            forcedOutcomes.add(new String[] { outcome, reason });
        }
    }

    synchronized List<Events.Uploaded> uploads() {
        return files.values().stream().map(f -> f.upload).toList();
    }

    // ------------------------------------------------------------------------------------------------ documents

    /** A document that has appeared (its processing lag is over), or null. */
    synchronized Doc document(String id) {
        Doc d = documents.get(id);
        return d == null || d.createTime() > now() ? null : d;
    }

    synchronized boolean isFetched(String id) {
        return fetched.contains(id);
    }

    synchronized boolean isDownloaded(String id) {
        return downloaded.contains(id);
    }

    synchronized List<Events.Status> statuses(String id) {
        return List.copyOf(statuses.getOrDefault(id, List.of()));
    }

    /** Documents that have appeared and match the filter, newest first. */
    synchronized List<Doc> documents(Predicate<Doc> filter) {
        long now = now();
        return documents.values().stream().filter(d -> d.createTime() <= now).filter(filter)
                .sorted(Comparator.comparingLong(Doc::createTime).reversed().thenComparing(Doc::id)).toList();
    }

    /** Remembers that a document's target document was answered with 200 (the first time only). */
    synchronized void downloaded(String id) {
        if (!downloaded.contains(id)) {
            record(new Events.Downloaded(id));
        }
    }

    /** Marks documents fetched; a received document fetched for the first time gives its sender a Done (Fetched). */
    synchronized void fetch(List<String> ids) {
        List<String> first = ids.stream().distinct().filter(id -> !fetched.contains(id)).toList();
        record(new Events.Fetched(List.copyOf(ids)));
        for (String id : first) {
            Doc d = documents.get(id);
            if (d != null && "Received".equals(d.direction()) && d.peerId() != null) {
                record(new Events.StatusAdded(d.peerId(), new Events.Status(DocumentStatuses.DELIVERY,
                        DocumentStatuses.DONE_FETCHED, now(), "Fetched by the receiver.")));
            }
        }
    }

    synchronized void addDocument(Doc doc) {
        record(new Events.DocumentAdded(doc));
    }

    synchronized void addStatus(String documentId, Events.Status status) {
        record(new Events.StatusAdded(documentId, status));
    }

    // ------------------------------------------------------------------------------------------------ control

    void advanceClock(long seconds) {
        clock.advance(seconds);
    }

    synchronized Map<String, Object> stats() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("uploads", files.size());
        s.put("documents", documents.size());
        s.put("refreshTokenReuses", tokens.refreshReuses());
        s.put("accessTokensIssued", tokens.accessTokensIssued());
        s.put("clockOffsetSeconds", clock.offsetSeconds());
        return s;
    }

    /** Forgets everything but the configuration: tokens, files, documents, payloads. */
    synchronized void reset() throws IOException {
        tokens.clear();
        files.clear();
        documents.clear();
        downloaded.clear();
        fetched.clear();
        statuses.clear();
        forcedOutcomes.clear();
        clock.reset();
        journal.truncate();
        try (Stream<Path> payloads = Files.list(data.resolve("payloads"))) {
            for (Path p : (Iterable<Path>) payloads::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public synchronized void close() {
        journal.close();
    }
}
