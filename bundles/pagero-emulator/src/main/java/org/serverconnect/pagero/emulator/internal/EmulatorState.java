package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.serverconnect.pagero.emulator.internal.Events.Doc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's memory: tokens, uploaded files and their processing, documents per company. Every change is an
 * {@link Events event}, applied here and appended to the {@link StateJournal journal}, which is replayed at start. One
 * lock guards everything (each operation is short; payloads are streamed to disk outside it).
 */
final class EmulatorState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatorState.class);

    /** A file's processing state, as the File API reports it. */
    static final class FileEntry {
        final Events.Uploaded upload;
        String status = "Processing";
        List<String> reasons = List.of();
        List<String> documentIds = List.of();
        boolean forceConsumed;

        FileEntry(Events.Uploaded upload) {
            this.upload = upload;
        }

        String filepartId() {
            return "fp-" + upload.fileId();
        }
    }

    private record Token(String user, String client, long expiresAt, String refresh) {
    }

    private final EmulatorConfig config;
    private final Path data;
    private final ScheduledExecutorService processor;
    private final SecureRandom random = new SecureRandom();

    private final Map<String, Token> accessTokens = new HashMap<>();
    private final Map<String, Token> refreshTokens = new HashMap<>();   // unused refresh tokens
    private final Set<String> usedRefreshTokens = new HashSet<>();
    private final Set<String> revoked = new HashSet<>();
    private final Map<String, FileEntry> files = new LinkedHashMap<>();
    private final Map<String, Doc> documents = new LinkedHashMap<>();
    private final Set<String> fetched = new HashSet<>();
    private final Deque<String[]> forcedOutcomes = new ArrayDeque<>();
    private long clockOffsetMillis;
    private long refreshReuses;
    private final StateJournal journal;
    private final Processing processing;

    EmulatorState(EmulatorConfig config, Path data, ScheduledExecutorService processor) throws IOException {
        this.config = config;
        this.data = data;
        this.processor = processor;
        this.processing = new Processing(config);
        this.journal = new StateJournal(data, Json.MAPPER);
        Files.createDirectories(data.resolve("payloads"));
        int n = journal.replay(this::apply);
        LOG.info("Emulator state restored from {}: {} events, {} files, {} documents", journal.file(), n, files.size(),
                documents.size());
        // Files still processing when the emulator stopped finish now.
        files.values().stream().filter(f -> f.status.equals("Processing"))
                .forEach(f -> scheduleProcessing(f.upload.fileId(), 0));
    }

    EmulatorConfig config() {
        return config;
    }

    Path data() {
        return data;
    }

    long now() {
        return System.currentTimeMillis() + clockOffsetMillis;
    }

    // ------------------------------------------------------------------------------------------------ events

    /** Applies an event and appends it to the log. Callers hold the lock. */
    private void record(Events event) {
        apply(event);
        journal.append(event);
    }

    private void apply(Events event) {
        if (event instanceof Events.TokenIssued t) {
            Token token = new Token(t.user(), t.client(), t.expiresAt(), t.refresh());
            accessTokens.put(t.access(), token);
            refreshTokens.put(t.refresh(), token);
            if (t.rotatedFrom() != null) {
                refreshTokens.remove(t.rotatedFrom());
                usedRefreshTokens.add(t.rotatedFrom());
            }
        } else if (event instanceof Events.Revoked r) {
            revoked.add(r.token());
            Token rt = refreshTokens.remove(r.token());
            if (rt != null) {
                accessTokens.entrySet().stream().filter(e -> r.token().equals(e.getValue().refresh()))
                        .forEach(e -> revoked.add(e.getKey()));
            }
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
                f.status = a.action().equals("Restart") ? "Processing" : "Cancelled";
                f.reasons = List.of();
            }
        } else if (event instanceof Events.DocumentAdded d) {
            documents.put(d.document().id(), d.document());
        } else if (event instanceof Events.Fetched f) {
            fetched.addAll(f.ids());
        }
    }

    // ------------------------------------------------------------------------------------------------ tokens

    /** The client if id and secret match, else null. */
    synchronized EmulatorConfig.Client client(String id, String secret) {
        return config.clients().stream().filter(c -> c.id().equals(id) && c.secret().equals(secret)).findFirst()
                .orElse(null);
    }

    synchronized Events.TokenIssued passwordGrant(String client, String username, String password) {
        EmulatorConfig.User user = config.users().stream()
                .filter(u -> u.username().equals(username) && u.password().equals(password)).findFirst().orElse(null);
        if (user == null) {
            return null;
        }
        Events.TokenIssued t = new Events.TokenIssued(newToken("at-"), newToken("rt-"), user.username(), client,
                now() + config.tokenLifetimeSeconds() * 1000L, null);
        record(t);
        return t;
    }

    /** A new pair for a valid, unused refresh token of this client; null (and counted) for a used or unknown one. */
    synchronized Events.TokenIssued refreshGrant(String client, String refreshToken) {
        Token old = refreshTokens.get(refreshToken);
        if (old == null || !old.client().equals(client) || revoked.contains(refreshToken)) {
            if (usedRefreshTokens.contains(refreshToken)) {
                refreshReuses++;
                LOG.warn("Refresh token presented a second time (client {}); refused with invalid_grant", client);
            }
            return null;
        }
        Events.TokenIssued t = new Events.TokenIssued(newToken("at-"), newToken("rt-"), old.user(), client,
                now() + config.tokenLifetimeSeconds() * 1000L, refreshToken);
        record(t);
        return t;
    }

    synchronized void revoke(String token) {
        if (accessTokens.containsKey(token) || refreshTokens.containsKey(token)) {
            record(new Events.Revoked(token));
        }
    }

    /** The user of a valid bearer token, or null when it is unknown, expired or revoked. */
    synchronized EmulatorConfig.User bearer(String accessToken) {
        Token t = accessTokens.get(accessToken);
        if (t == null || revoked.contains(accessToken) || t.expiresAt() <= now()) {
            return null;
        }
        return config.users().stream().filter(u -> u.username().equals(t.user())).findFirst().orElse(null);
    }

    private String newToken(String prefix) {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    // ------------------------------------------------------------------------------------------------ files

    Path payloadPath(String fileId) {
        return data.resolve("payloads").resolve(fileId + ".bin");
    }

    synchronized Events.Uploaded upload(String fileId, String companyId, String user, String senderReference,
            String documentType, String sendMode, String fileName, String sha256, long size) {
        String[] forced = forcedOutcomes.poll();
        Events.Uploaded u = new Events.Uploaded(fileId, companyId, user, senderReference, documentType, sendMode,
                fileName, sha256, size, now(), forced == null ? null : forced[0], forced == null ? null : forced[1]);
        record(u);
        scheduleProcessing(fileId, config.processingDelayMillis());
        return u;
    }

    private void scheduleProcessing(String fileId, long delay) {
        try {
            processor.schedule(() -> process(fileId), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: the file is still Processing in the log and is picked up at the next start
        }
    }

    /** Ends processing of a file, as Pagero would: routed to the buyer's company, or an error with reasons. */
    void process(String fileId) {
        Events.Uploaded u;
        synchronized (this) {
            FileEntry f = files.get(fileId);
            if (f == null || !f.status.equals("Processing")) {
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
            if (f == null || !f.status.equals("Processing")) {
                return;
            }
            record(processing.outcome(u, doc, data.relativize(payloadPath(fileId)).toString(), now()));
        }
    }

    synchronized FileEntry file(String fileId) {
        return files.get(fileId);
    }

    synchronized FileEntry fileOfPart(String filepartId) {
        String fileId = filepartId.startsWith("fp-") ? filepartId.substring(3) : null;
        return fileId == null ? null : files.get(fileId);
    }

    /** Restart or Cancel; returns null when done, else why not. */
    synchronized String partAction(FileEntry f, String action) {
        boolean stopped = f.status.equals("Error") || f.status.equals("AwaitingInteraction");
        if (action.equals("Restart")) {
            if (!stopped) {
                return "only a file part in Error or AwaitingInteraction can be restarted; it is " + f.status;
            }
            record(new Events.PartAction(f.upload.fileId(), "Restart"));
            scheduleProcessing(f.upload.fileId(), config.processingDelayMillis());
            return null;
        }
        if (!stopped && !f.status.equals("Processing")) {
            return "a file part that is " + f.status + " cannot be cancelled";
        }
        record(new Events.PartAction(f.upload.fileId(), "Cancel"));
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

    synchronized Doc document(String id) {
        return documents.get(id);
    }

    synchronized boolean isFetched(String id) {
        return fetched.contains(id);
    }

    /** Documents matching the filter, newest first. */
    synchronized List<Doc> documents(Predicate<Doc> filter) {
        return documents.values().stream().filter(filter)
                .sorted(Comparator.comparingLong(Doc::createTime).reversed().thenComparing(Doc::id)).toList();
    }

    synchronized void fetch(List<String> ids) {
        record(new Events.Fetched(List.copyOf(ids)));
    }

    synchronized void addDocument(Doc doc) {
        record(new Events.DocumentAdded(doc));
    }

    // ------------------------------------------------------------------------------------------------ control

    synchronized void advanceClock(long seconds) {
        clockOffsetMillis += seconds * 1000L;
    }

    synchronized Map<String, Object> stats() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("uploads", files.size());
        s.put("documents", documents.size());
        s.put("refreshTokenReuses", refreshReuses);
        s.put("accessTokensIssued", accessTokens.size());
        s.put("clockOffsetSeconds", clockOffsetMillis / 1000);
        return s;
    }

    /** Forgets everything but the configuration: tokens, files, documents, payloads. */
    synchronized void reset() throws IOException {
        accessTokens.clear();
        refreshTokens.clear();
        usedRefreshTokens.clear();
        revoked.clear();
        files.clear();
        documents.clear();
        fetched.clear();
        forcedOutcomes.clear();
        clockOffsetMillis = 0;
        refreshReuses = 0;
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
