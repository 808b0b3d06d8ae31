package org.serverconnect.engine.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.journal.Journal;
import org.serverconnect.api.journal.JournalEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal service: the read side ({@link Journal}) for the console, shell and CLI, and the database the accounts
 * of this bundle write to. One per runtime, in {@code <home>/data/journal.db}; optional configuration
 * {@code etc/org.serverconnect.journal.cfg}.
 */
@Component(service = { Journal.class, JournalService.class }, configurationPid = JournalService.PID, immediate = true)
@Designate(ocd = JournalService.Config.class)
public final class JournalService implements Journal {
    static final String PID = "org.serverconnect.journal";
    private static final Logger LOG = LoggerFactory.getLogger(JournalService.class);

    @ObjectClassDefinition(name = "Server Connect journal",
            description = "Where the record of every document and every state change is kept, and for how long.")
    public @interface Config {
        @AttributeDefinition(name = "File", required = false,
                description = "The SQLite database. Relative paths are under the home. Default: data/journal.db.")
        String file() default "";

        @AttributeDefinition(name = "Keep (days)", description = "Documents that reached a final state are forgotten "
                + "after this many days (their files stay where they are).")
        int retentionDays() default 400;
    }

    private final JournalDatabase db;
    private final ScheduledExecutorService housekeeping;

    @Activate
    public JournalService(Config config, BundleContext context) throws IOException {
        String home = context.getProperty("serverconnect.home");
        Path base = home == null ? Path.of("") : Path.of(home);
        Path file = config.file().isBlank() ? base.resolve("data/journal.db") : base.resolve(config.file());
        String tmp = context.getProperty("org.sqlite.tmpdir");
        if (tmp == null && home != null) {
            // sqlite-jdbc unpacks its native library here instead of a shared /tmp (private to the service)
            System.setProperty("org.sqlite.tmpdir", base.resolve("data").toString());
        }
        this.db = new JournalDatabase(file, Clock.systemUTC());
        Duration keep = Duration.ofDays(Math.max(1, config.retentionDays()));
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "journal-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(() -> purge(keep), 1, 24 * 60, TimeUnit.MINUTES);
        LOG.info("Journal {} open; final states kept {} days", file, keep.toDays());
    }

    private void purge(Duration keep) {
        try {
            int n = db.purge(java.time.Instant.now().minus(keep));
            if (n > 0) {
                LOG.info("Journal: forgot {} documents that ended more than {} days ago", n, keep.toDays());
            }
        } catch (SQLException e) {
            LOG.warn("Journal: housekeeping failed: {}", e.getMessage());
        }
    }

    JournalDatabase database() {
        return db;
    }

    @Deactivate
    void stop() {
        housekeeping.shutdownNow();
        db.close();
    }

    /** One read of the database. */
    @FunctionalInterface
    private interface Read<T> {
        T run(JournalDatabase db) throws SQLException;
    }

    private <T> T read(Read<T> r) {
        try {
            return r.run(db);
        } catch (SQLException e) {
            throw new IllegalStateException("journal: " + e.getMessage(), e);
        }
    }

    @Override
    public List<JournalEntry> history(Lookup by, String value, int limit) {
        return read(d -> d.history(by, value, limit));
    }

    @Override
    public Map<DocumentState, Long> counts(String account) {
        return read(d -> d.counts(account));
    }

    @Override
    public List<JournalEntry> inState(String account, DocumentState state, int limit) {
        return read(d -> d.latest(account, state, limit));
    }

    @Override
    public Map<DocumentState, Long> reached(String account, Instant since) {
        return read(d -> d.reached(account, since));
    }

    @Override
    public List<JournalEntry> inState(DocumentState state, int limit) {
        return read(d -> d.latest(state, limit));
    }
}
