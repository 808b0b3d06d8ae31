package org.serverconnect.engine.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.journal.Journal;
import org.serverconnect.api.journal.JournalEntry;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The journal on disk: one SQLite database in WAL mode with {@code synchronous=FULL}, so every state change the
 * engine records has reached the disk before the engine acts on it (a crash, even a power loss, never forgets that an
 * upload may have started). The schema is versioned with SQLite's {@code user_version}; {@link #MIGRATIONS} lists
 * every step from an empty file, and a database written by a newer version is refused instead of damaged.
 *
 * <p>One connection, used under this object's lock: SQLite serialises writers anyway, and every call is one short
 * statement or transaction.
 */
final class JournalDatabase implements DocumentJournal, AutoCloseable {
    /** Each entry takes the schema from version {@code index} to {@code index + 1}. Never edit one; append. */
    static final List<List<String>> MIGRATIONS = List.of(List.of(
        """
        CREATE TABLE document (
          id INTEGER PRIMARY KEY,
          account TEXT NOT NULL,
          direction TEXT NOT NULL CHECK (direction IN ('OUT', 'IN')),
          file_name TEXT NOT NULL,
          work_name TEXT,
          state TEXT NOT NULL,
          sha256 TEXT,
          size INTEGER,
          invoice_number TEXT,
          sender TEXT,
          receiver TEXT,
          format TEXT,
          reference TEXT UNIQUE,
          network_id TEXT,
          location TEXT,
          reason TEXT,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt INTEGER,
          created INTEGER NOT NULL,
          updated INTEGER NOT NULL)""",
        "CREATE INDEX document_account_state ON document(account, state)",
        "CREATE INDEX document_file_name ON document(file_name)",
        "CREATE INDEX document_invoice_number ON document(invoice_number)",
        "CREATE INDEX document_network_id ON document(network_id)",
        "CREATE UNIQUE INDEX document_work ON document(account, work_name) WHERE work_name IS NOT NULL",
        "CREATE UNIQUE INDEX document_incoming ON document(account, network_id) WHERE direction = 'IN'",
        """
        CREATE TABLE history (
          id INTEGER PRIMARY KEY,
          document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
          time INTEGER NOT NULL,
          state TEXT NOT NULL,
          reason TEXT)""",
        "CREATE INDEX history_document ON history(document_id)",
        """
        CREATE TABLE receiving (
          account TEXT NOT NULL,
          network_id TEXT NOT NULL,
          name TEXT NOT NULL,
          started INTEGER NOT NULL,
          PRIMARY KEY (account, network_id))""",
        """
        CREATE TABLE response_seen (
          account TEXT NOT NULL,
          response_id TEXT NOT NULL,
          time INTEGER NOT NULL,
          PRIMARY KEY (account, response_id))"""),
        // 2: "sent today" counts history entries by time
        List.of("CREATE INDEX history_time ON history(time)"),
        // 3: an upload that may have arrived is in doubt from a known moment, across restarts
        List.of("ALTER TABLE document ADD COLUMN doubt_since INTEGER"),
        // 4: every upload is in doubt from its start (a journal of before was not told: its SENDING ones are), and a
        // document keeps its network document type for its retries
        List.of("UPDATE document SET doubt_since = COALESCE(doubt_since, updated) WHERE state = 'SENDING'",
                "ALTER TABLE document ADD COLUMN document_type TEXT"),
        // 5: "processed by the network" is PROCESSED (DELIVERED is what the network says of delivery); what the
        // follow-up told people once is marked, and the follow-up takes the documents it asked about longest ago first
        List.of("UPDATE document SET state = 'PROCESSED' WHERE state = 'DELIVERED'",
                "UPDATE history SET state = 'PROCESSED' WHERE state = 'DELIVERED'",
                "ALTER TABLE document ADD COLUMN followed INTEGER",
                """
                CREATE TABLE document_mark (
                  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                  mark TEXT NOT NULL,
                  time INTEGER NOT NULL,
                  PRIMARY KEY (document_id, mark))"""));

    private final Path file;
    private final Connection db;
    private final Clock clock;
    /** Statements prepared once and kept: the engine asks the same few questions all day. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    JournalDatabase(Path file, Clock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        Files.createDirectories(file.toAbsolutePath().getParent());
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(10_000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            this.db = ds.getConnection();
            migrate();
        } catch (SQLException e) {
            throw new IOException("cannot open the journal " + file + ": " + e.getMessage(), e);
        }
    }

    private void migrate() throws SQLException {
        int version;
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
            version = r.next() ? r.getInt(1) : 0;
        }
        if (version > MIGRATIONS.size()) {
            throw new SQLException("the journal " + file + " has schema version " + version + ", newer than this "
                    + "version of Server Connect knows (" + MIGRATIONS.size() + "); run the newer version or restore a backup");
        }
        for (int v = version; v < MIGRATIONS.size(); v++) {
            db.setAutoCommit(false);
            try (Statement s = db.createStatement()) {
                for (String sql : MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                db.commit();
            } catch (SQLException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        }
    }

    @Override
    public Path file() {
        return file;
    }

    int schemaVersion() throws SQLException {
        synchronized (this) {
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
                return r.next() ? r.getInt(1) : 0;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ writes

    /** Records a file just claimed from an outbox; gives it its unique send reference. */
    @Override
    public synchronized Doc claimed(String account, String fileName, String workName, String sha256, long size) throws SQLException {
        long now = clock.millis();
        String reference = "sc-" + UUID.randomUUID().toString().replace("-", "");
        return inTransaction(() -> {
            long id = insert("INSERT INTO document (account, direction, file_name, work_name, state, sha256, size, "
                    + "reference, created, updated) VALUES (?, 'OUT', ?, ?, ?, ?, ?, ?, ?, ?)", account, fileName, workName,
                    DocumentState.CLAIMED.name(), sha256, size, reference, now, now);
            history(id, DocumentState.CLAIMED, null, now);
            return document(id);
        });
    }

    @Override
    public synchronized void described(long id, Description d) throws SQLException {
        PreparedStatement p = statement(
            "UPDATE document SET invoice_number = ?, sender = ?, receiver = ?, format = ?, document_type = ?, updated = ? "
            + "WHERE id = ?");
        p.setString(1, d.invoiceNumber());
        p.setString(2, d.seller());
        p.setString(3, d.receiver());
        p.setString(4, d.format());
        p.setString(5, d.documentType());
        p.setLong(6, clock.millis());
        p.setLong(7, id);
        p.executeUpdate();
    }

    @Override
    public synchronized void rejected(long id, String why) throws SQLException {
        transition(id, DocumentState.REJECTED, why, null, null, false);
    }

    @Override
    public synchronized Doc sending(long id) throws SQLException {
        transition(id, DocumentState.SENDING, null, null, null, false);
        return document(id);
    }

    @Override
    public synchronized void sent(long id, String fileId, boolean foundByReference) throws SQLException {
        transition(id, DocumentState.SENT, foundByReference ? "found on the network by its reference" : null, fileId, null,
                false);
    }

    @Override
    public synchronized void failed(long id, String why) throws SQLException {
        transition(id, DocumentState.FAILED, why, null, null, false);
    }

    @Override
    public synchronized void released(long id, String why, String location) throws SQLException {
        transition(id, DocumentState.RELEASED, why, null, location, true);
    }

    @Override
    public synchronized void processed(long id) throws SQLException {
        transition(id, DocumentState.PROCESSED, null, null, null, false);
    }

    @Override
    public synchronized void delivered(long id, String how) throws SQLException {
        transition(id, DocumentState.DELIVERED, how, null, null, false);
    }

    @Override
    public synchronized boolean mark(long id, String mark, String note) throws SQLException {
        long now = clock.millis();
        return inTransaction(() -> {
            PreparedStatement p = statement("INSERT OR IGNORE INTO document_mark (document_id, mark, time) VALUES (?, ?, ?)");
            p.setLong(1, id);
            p.setString(2, mark);
            p.setLong(3, now);
            if (p.executeUpdate() != 1) {
                return false;
            }
            if (note != null) {
                history(id, document(id).state(), note, now);
            }
            return true;
        });
    }

    @Override
    public synchronized void followed(long id) throws SQLException {
        PreparedStatement p = statement("UPDATE document SET followed = ? WHERE id = ?");
        p.setLong(1, clock.millis());
        p.setLong(2, id);
        p.executeUpdate();
    }

    @Override
    public synchronized List<Doc> toFollow(String account, List<DocumentState> states, Instant since, int limit)
            throws SQLException {
        List<Object> args = new ArrayList<>();
        args.add(account);
        args.add(since.toEpochMilli());
        StringBuilder in = new StringBuilder();
        for (DocumentState st : states) {
            in.append(in.length() == 0 ? "?" : ", ?");
            args.add(st.name());
        }
        args.add(limit);
        return docs("SELECT * FROM document WHERE account = ? AND direction = 'OUT' AND created >= ? AND state IN (" + in
                + ") ORDER BY COALESCE(followed, 0), id LIMIT ?", args.toArray());
    }

    @Override
    public synchronized void answered(long id, boolean accepted, String reason) throws SQLException {
        transition(id, accepted ? DocumentState.ACCEPTED : DocumentState.REJECTED_BY_RECIPIENT, reason, null, null, false);
    }

    @Override
    public synchronized void acknowledged(long id) throws SQLException {
        transition(id, DocumentState.ACKNOWLEDGED, null, null, null, false);
    }

    @Override
    public synchronized void doubt(long id, Instant since) throws SQLException {
        PreparedStatement p = statement("UPDATE document SET doubt_since = ? WHERE id = ?");
        setInstant(p, 1, since);
        p.setLong(2, id);
        p.executeUpdate();
    }

    private static void setInstant(PreparedStatement p, int index, Instant t) throws SQLException {
        if (t == null) {
            p.setNull(index, java.sql.Types.INTEGER);
        } else {
            p.setLong(index, t.toEpochMilli());
        }
    }

    /**
     * Moves a document to a new state; {@code networkId} and {@code location} are kept when {@code null}. Leaving
     * the work folder ({@code leftWork}) frees its work name. A new state settles any doubt about an upload.
     */
    private void transition(long id, DocumentState state, String reason, String networkId, String location,
            boolean leftWork) throws SQLException {
        long now = clock.millis();
        inTransaction(() -> {
            PreparedStatement p = statement("UPDATE document SET state = ?, reason = ?, "
                + "network_id = COALESCE(?, network_id), location = COALESCE(?, location), "
                + "work_name = CASE WHEN ? THEN NULL ELSE work_name END, next_attempt = NULL, doubt_since = NULL, "
                + "updated = ? WHERE id = ?");
            p.setString(1, state.name());
            p.setString(2, reason);
            p.setString(3, networkId);
            p.setString(4, location);
            p.setBoolean(5, leftWork);
            p.setLong(6, now);
            p.setLong(7, id);
            if (p.executeUpdate() != 1) {
                throw new SQLException("no document " + id + " in the journal");
            }
            history(id, state, reason, now);
            return null;
        });
    }

    @Override
    public synchronized void settled(long id, String location) throws SQLException {
        PreparedStatement p = statement(
            "UPDATE document SET location = ?, work_name = NULL, next_attempt = NULL, updated = ? WHERE id = ?");
        p.setString(1, location);
        p.setLong(2, clock.millis());
        p.setLong(3, id);
        p.executeUpdate();
    }

    @Override
    public synchronized void retryLater(long id, String reason, Instant next, Instant doubtSince) throws SQLException {
        long now = clock.millis();
        inTransaction(() -> {
            PreparedStatement p = statement("UPDATE document SET attempts = attempts + 1, next_attempt = ?, "
                + "reason = ?, doubt_since = ?, updated = ? WHERE id = ?");
            p.setLong(1, next.toEpochMilli());
            p.setString(2, reason);
            setInstant(p, 3, doubtSince);
            p.setLong(4, now);
            p.setLong(5, id);
            p.executeUpdate();
            String state;
            PreparedStatement q = statement("SELECT state FROM document WHERE id = ?");
            q.setLong(1, id);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                state = r.getString(1);
            }
            history(id, DocumentState.valueOf(state), "retry after " + next + ": " + reason, now);
            return null;
        });
    }

    /** Before an incoming document is written: the name it will get, so a crash in between is recognised. */
    @Override
    public synchronized void receiving(String account, String networkId, String name) throws SQLException {
        PreparedStatement p = statement(
            "INSERT OR REPLACE INTO receiving (account, network_id, name, started) VALUES (?, ?, ?, ?)");
        p.setString(1, account);
        p.setString(2, networkId);
        p.setString(3, name);
        p.setLong(4, clock.millis());
        p.executeUpdate();
    }

    /** @return the name an interrupted write of this document was going to have, or {@code null} */
    @Override
    public synchronized String receivingName(String account, String networkId) throws SQLException {
        PreparedStatement p = statement("SELECT name FROM receiving WHERE account = ? AND network_id = ?");
        p.setString(1, account);
        p.setString(2, networkId);
        try (ResultSet r = p.executeQuery()) {
            return r.next() ? r.getString(1) : null;
        }
    }

    /** Records a document stored in the inbox (state {@code RECEIVED}), in one transaction with clearing its intent. */
    @Override
    public synchronized Doc received(String account, String fileName, String networkId, String invoiceNumber, String sender,
            String sha256, long size, String location) throws SQLException {
        long now = clock.millis();
        return inTransaction(() -> {
            long id = insert("INSERT INTO document (account, direction, file_name, state, sha256, size, invoice_number, "
                    + "sender, network_id, location, created, updated) VALUES (?, 'IN', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    account, fileName, DocumentState.RECEIVED.name(), sha256, size, invoiceNumber, sender, networkId,
                    location, now, now);
            history(id, DocumentState.RECEIVED, null, now);
            PreparedStatement q = statement("DELETE FROM receiving WHERE account = ? AND network_id = ?");
            q.setString(1, account);
            q.setString(2, networkId);
            q.executeUpdate();
            return document(id);
        });
    }

    /** @return whether the response was new (and is now marked seen) */
    @Override
    public synchronized boolean firstSight(String account, String responseId) throws SQLException {
        PreparedStatement p = statement(
            "INSERT OR IGNORE INTO response_seen (account, response_id, time) VALUES (?, ?, ?)");
        p.setString(1, account);
        p.setString(2, responseId);
        p.setLong(3, clock.millis());
        return p.executeUpdate() == 1;
    }

    /** Forgets documents that reached a final state before {@code before}, with their history. */
    synchronized int purge(Instant before) throws SQLException {
        List<String> terminal = new ArrayList<>();
        for (DocumentState s : DocumentState.values()) {
            if (s.terminal()) {
                terminal.add("'" + s.name() + "'");
            }
        }
        PreparedStatement p = statement("DELETE FROM document WHERE updated < ? AND state IN ("
            + String.join(",", terminal) + ")");
        p.setLong(1, before.toEpochMilli());
        int n = p.executeUpdate();
        PreparedStatement q = statement("DELETE FROM response_seen WHERE time < ?");
        q.setLong(1, before.toEpochMilli());
        q.executeUpdate();
        return n;
    }

    // ------------------------------------------------------------------------------------------------ reads

    @Override
    public synchronized Doc document(long id) throws SQLException {
        List<Doc> docs = docs("SELECT * FROM document WHERE id = ?", id);
        return docs.isEmpty() ? null : docs.get(0);
    }

    /** The outgoing document that owns a file in the work folder, or {@code null}. */
    @Override
    public synchronized Doc byWorkName(String account, String workName) throws SQLException {
        List<Doc> docs = docs("SELECT * FROM document WHERE account = ? AND work_name = ?", account, workName);
        return docs.isEmpty() ? null : docs.get(0);
    }

    /** Documents of an account the journal places in the work folder. */
    @Override
    public synchronized List<Doc> inWork(String account) throws SQLException {
        return docs("SELECT * FROM document WHERE account = ? AND work_name IS NOT NULL ORDER BY id", account);
    }

    @Override
    public synchronized Doc incoming(String account, String networkId) throws SQLException {
        List<Doc> docs = docs("SELECT * FROM document WHERE account = ? AND direction = 'IN' AND network_id = ?", account, networkId);
        return docs.isEmpty() ? null : docs.get(0);
    }

    /** Documents of an account in one of {@code states}, oldest first. */
    @Override
    public synchronized List<Doc> inStates(String account, List<DocumentState> states, int limit) throws SQLException {
        List<Object> args = new ArrayList<>();
        args.add(account);
        StringBuilder in = new StringBuilder();
        for (DocumentState s : states) {
            in.append(in.length() == 0 ? "?" : ", ?");
            args.add(s.name());
        }
        args.add(limit);
        return docs("SELECT * FROM document WHERE account = ? AND state IN (" + in + ") ORDER BY id LIMIT ?", args.toArray());
    }

    /** The newest outgoing document of an account with this invoice number in one of {@code states}, or {@code null}. */
    @Override
    public synchronized Doc outgoingByNumber(String account, String invoiceNumber, List<DocumentState> states) throws SQLException {
        List<Object> args = new ArrayList<>(List.of(account, invoiceNumber));
        StringBuilder in = new StringBuilder();
        for (DocumentState s : states) {
            in.append(in.length() == 0 ? "?" : ", ?");
            args.add(s.name());
        }
        List<Doc> docs = docs("SELECT * FROM document WHERE account = ? AND direction = 'OUT' AND invoice_number = ? "
                + "AND state IN (" + in + ") ORDER BY id DESC LIMIT 1", args.toArray());
        return docs.isEmpty() ? null : docs.get(0);
    }

    @Override
    public synchronized Map<DocumentState, Long> counts(String account) throws SQLException {
        Map<DocumentState, Long> out = new EnumMap<>(DocumentState.class);
        PreparedStatement p = statement("SELECT state, COUNT(*) FROM document WHERE account = ? GROUP BY state");
        p.setString(1, account);
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.put(DocumentState.valueOf(r.getString(1)), r.getLong(2));
            }
        }
        return out;
    }

    /** Per state, how many documents of an account entered it at or after {@code since}. */
    synchronized Map<DocumentState, Long> reached(String account, Instant since) throws SQLException {
        Map<DocumentState, Long> out = new EnumMap<>(DocumentState.class);
        PreparedStatement p = statement("SELECT h.state, COUNT(DISTINCT h.document_id) FROM history h "
            + "JOIN document d ON d.id = h.document_id WHERE h.time >= ? AND d.account = ? GROUP BY h.state");
        p.setLong(1, since.toEpochMilli());
        p.setString(2, account);
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.put(DocumentState.valueOf(r.getString(1)), r.getLong(2));
            }
        }
        return out;
    }

    /** How many claimed documents of an account wait for a retry. */
    @Override
    public synchronized int waitingForRetry(String account) throws SQLException {
        PreparedStatement p = statement(
            "SELECT COUNT(*) FROM document WHERE account = ? AND next_attempt IS NOT NULL AND work_name IS NOT NULL");
        p.setString(1, account);
        try (ResultSet r = p.executeQuery()) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    /** Why the document that last went to wait for a retry was not sent, or {@code null}. */
    @Override
    public synchronized String lastRetryReason(String account) throws SQLException {
        PreparedStatement p = statement("SELECT reason FROM document WHERE account = ? AND next_attempt IS NOT NULL "
            + "AND work_name IS NOT NULL ORDER BY updated DESC LIMIT 1");
        p.setString(1, account);
        try (ResultSet r = p.executeQuery()) {
            return r.next() ? r.getString(1) : null;
        }
    }

    synchronized List<JournalEntry> history(Journal.Lookup by, String value, int limit) throws SQLException {
        String column = switch (by) {
        case FILE_NAME -> "d.file_name";
        case INVOICE_NUMBER -> "d.invoice_number";
        case NETWORK_ID -> "d.network_id";
        case REFERENCE -> "d.reference";
        };
        List<JournalEntry> out = new ArrayList<>();
        PreparedStatement p = statement("SELECT h.time, d.account, d.id, d.file_name, h.state, "
            + "d.invoice_number, d.network_id, d.reference, d.sha256, h.reason FROM history h JOIN document d "
            + "ON d.id = h.document_id WHERE " + column + " = ? ORDER BY h.id LIMIT ?");
        p.setString(1, value);
        p.setInt(2, limit);
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(new JournalEntry(Instant.ofEpochMilli(r.getLong(1)), r.getString(2), r.getLong(3), r.getString(4),
                        DocumentState.valueOf(r.getString(5)), r.getString(6), r.getString(7), r.getString(8),
                        r.getString(9), r.getString(10)));
            }
        }
        return out;
    }

    synchronized List<JournalEntry> latest(String account, DocumentState state, int limit) throws SQLException {
        List<JournalEntry> out = new ArrayList<>();
        for (Doc d : docs("SELECT * FROM document WHERE account = ? AND state = ? ORDER BY updated DESC, id DESC LIMIT ?",
                account, state.name(), limit)) {
            out.add(entry(d));
        }
        return out;
    }

    synchronized List<JournalEntry> latest(DocumentState state, int limit) throws SQLException {
        List<JournalEntry> out = new ArrayList<>();
        for (Doc d : docs("SELECT * FROM document WHERE state = ? ORDER BY updated DESC, id DESC LIMIT ?", state.name(), limit)) {
            out.add(entry(d));
        }
        return out;
    }

    static JournalEntry entry(Doc d) {
        return new JournalEntry(d.created(), d.account(), d.id(), d.fileName(), d.state(), d.invoiceNumber(),
                d.networkId(), d.reference(), d.sha256(), d.reason());
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private void history(long id, DocumentState state, String reason, long now) throws SQLException {
        PreparedStatement p = statement("INSERT INTO history (document_id, time, state, reason) VALUES (?, ?, ?, ?)");
        p.setLong(1, id);
        p.setLong(2, now);
        p.setString(3, state.name());
        p.setString(4, reason);
        p.executeUpdate();
    }

    private List<Doc> docs(String sql, Object... args) throws SQLException {
        List<Doc> out = new ArrayList<>();
        PreparedStatement p = statement(sql);
        for (int i = 0; i < args.length; i++) {
            p.setObject(i + 1, args[i]);
        }
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                long next = r.getLong("next_attempt");
                Instant nextAttempt = r.wasNull() ? null : Instant.ofEpochMilli(next);
                long doubt = r.getLong("doubt_since");
                Instant doubtSince = r.wasNull() ? null : Instant.ofEpochMilli(doubt);
                out.add(new Doc(r.getLong("id"), r.getString("account"), "OUT".equals(r.getString("direction")),
                        r.getString("file_name"), r.getString("work_name"), DocumentState.valueOf(r.getString("state")),
                        r.getString("sha256"), r.getLong("size"), r.getString("invoice_number"), r.getString("sender"),
                        r.getString("receiver"), r.getString("reference"), r.getString("network_id"),
                        r.getString("location"), r.getString("reason"), r.getInt("attempts"), nextAttempt,
                        Instant.ofEpochMilli(r.getLong("created")), Instant.ofEpochMilli(r.getLong("updated")), doubtSince,
                        r.getString("document_type")));
            }
        }
        return out;
    }

    /**
     * Runs several writes as one transaction, so they reach the disk with one sync (group commit): the engine records
     * the same step for a group of files at once. Writes inside join it; a failure rolls all of them back.
     */
    @Override
    public synchronized <T> T batch(Work<T> work) throws SQLException {
        return inTransaction(work);
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        if (!db.getAutoCommit()) {
            return work.run();                  // inside a batch: its commit is the one that counts
        }
        db.setAutoCommit(false);
        try {
            T result = work.run();
            db.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** A statement prepared once for this connection; the caller sets every parameter and never closes it. */
    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement p = statements.get(sql);
        if (p == null) {
            p = db.prepareStatement(sql);
            statements.put(sql, p);
        }
        return p;
    }

    /** Inserts one row. @return its generated id */
    private long insert(String sql, Object... args) throws SQLException {
        PreparedStatement p = statement(sql, Statement.RETURN_GENERATED_KEYS);
        for (int i = 0; i < args.length; i++) {
            p.setObject(i + 1, args[i]);
        }
        p.executeUpdate();
        try (ResultSet k = p.getGeneratedKeys()) {
            k.next();
            return k.getLong(1);
        }
    }

    /** As {@link #statement(String)}, for an insert whose generated key is read. */
    private PreparedStatement statement(String sql, int keys) throws SQLException {
        String key = keys + ":" + sql;
        PreparedStatement p = statements.get(key);
        if (p == null) {
            p = db.prepareStatement(sql, keys);
            statements.put(key, p);
        }
        return p;
    }

    @Override
    public synchronized void close() {
        try {
            for (PreparedStatement p : statements.values()) {
                p.close();
            }
            statements.clear();
            db.close();
        } catch (SQLException e) {
            // closing is best effort: SQLite's WAL is consistent whatever happens here
        }
    }
}
