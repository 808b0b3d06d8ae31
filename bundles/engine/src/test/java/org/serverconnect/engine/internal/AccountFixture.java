package org.serverconnect.engine.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.serverconnect.api.format.Converter;
import org.serverconnect.api.format.DocumentValidator;
import org.serverconnect.api.format.FormatAdapter;
import org.serverconnect.api.notify.Notifier;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.transport.Transport;

/**
 * One account over real folders and a real journal (SQLite in a temporary folder), with fakes for the network, the
 * format adapter and the notifiers, and a clock the test moves. {@link #restart} gives a new {@link Account} over the
 * same folders and journal, as after a stop or a crash.
 */
final class AccountFixture implements AutoCloseable {
    final Path home;
    final Fakes.TestClock clock = new Fakes.TestClock();
    final Fakes.FakeNetwork network = new Fakes.FakeNetwork();
    final Fakes.Told told = new Fakes.Told();
    final AccountSettings settings;
    final Fakes.FolderOutbox outbox;
    final Fakes.FolderInbox inbox;
    final JournalDatabase journal;
    volatile List<FormatAdapter> adapters = List.of(new Fakes.TinyInvoices());
    volatile Transport transport = network;
    Account account;

    AccountFixture(Path home, String... keyValues) throws IOException {
        this.home = home;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", "acme");
        p.put("connection", "acme-conn");
        p.put("company", "company-1");
        p.put("check", "format");
        p.put("retry.initial", "10");
        p.put("retry.max", "60");
        p.put("reconcile.window", "600");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        this.settings = AccountSettings.from(AccountCheck.config(p), p, home);
        this.outbox = new Fakes.FolderOutbox(settings);
        this.inbox = new Fakes.FolderInbox(settings.inbox().inbox());
        this.journal = new JournalDatabase(home.resolve("data/journal.db"), clock);
        restart();
    }

    /** A new account over the same folders and journal, as after a restart. */
    Account restart() {
        if (account != null) {
            account.stop(false, java.time.Duration.ofSeconds(5));
        }
        account = new Account(settings, outbox, inbox, journal, parts(), clock);
        return account;
    }

    private Account.Parts parts() {
        return new Account.Parts() {
            @Override
            public Transport transport() {
                return transport;
            }

            @Override
            public List<FormatAdapter> adapters() {
                return adapters;
            }

            @Override
            public DocumentValidator validator() {
                return null;
            }

            @Override
            public List<Notifier> notifiers() {
                return List.of(told);
            }

            @Override
            public Converter csv() {
                return null;
            }

            @Override
            public void ran(RunKind kind, boolean ok, long nanos) {
            }
        };
    }

    /** The journal's record of a file by its name (the newest one). */
    DocumentJournal.Doc doc(String fileName) throws Exception {
        var entries = journal.history(org.serverconnect.api.journal.Journal.Lookup.FILE_NAME, fileName, 1000);
        return entries.isEmpty() ? null : journal.document(entries.get(entries.size() - 1).documentId());
    }

    Path sent(String name) {
        return settings.outbox().sent().resolve(name);
    }

    Path error(String name) {
        return settings.outbox().error().resolve(name);
    }

    Path work(String name) {
        return settings.outbox().work().resolve(name);
    }

    @Override
    public void close() {
        account.stop(false, java.time.Duration.ofSeconds(5));
        journal.close();
    }
}
