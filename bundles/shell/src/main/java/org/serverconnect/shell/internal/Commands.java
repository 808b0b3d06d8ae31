package org.serverconnect.shell.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.serverconnect.api.Check;
import org.serverconnect.api.TextTable;
import org.serverconnect.api.account.AccountService;
import org.serverconnect.api.account.AccountStatus;
import org.serverconnect.api.journal.Journal;
import org.serverconnect.api.journal.JournalEntry;
import org.serverconnect.api.notify.RunKind;

/**
 * The operators' commands in the runtime's Gogo shell ({@code bin/serverconnect run --shell}, or the web console's
 * shell): {@code sc:accounts}, {@code sc:status NAME}, {@code sc:history FILE|INVOICE}, {@code sc:run NAME KIND},
 * {@code sc:requeue NAME [FILE]} and {@code sc:doctor [NAME]}. Each returns its answer as text; a wrong argument is an
 * {@link IllegalArgumentException} whose message says what is expected (Gogo prints it).
 */
@Component(service = Commands.class, property = { "osgi.command.scope=sc", "osgi.command.function=accounts",
    "osgi.command.function=status", "osgi.command.function=history", "osgi.command.function=run",
    "osgi.command.function=requeue", "osgi.command.function=doctor" })
public final class Commands {
    private final List<AccountService> accounts = new CopyOnWriteArrayList<>();
    private volatile Journal journal;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindAccount(AccountService a) {
        accounts.add(a);
    }

    void unbindAccount(AccountService a) {
        accounts.remove(a);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindJournal(Journal j) {
        this.journal = j;
    }

    void unbindJournal(Journal j) {
        if (this.journal == j) {
            this.journal = null;
        }
    }

    @Descriptor("every account: status, reason and queues")
    public String accounts() {
        if (accounts.isEmpty()) {
            return "no accounts: add etc/org.serverconnect.account-<name>.cfg";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] { "ACCOUNT", "STATUS", "OUTBOX/CLAIMED/RETRY/ERROR", "WHY" });
        for (AccountService a : sorted()) {
            AccountStatus s = a.status();
            AccountStatus.Queues q = s.queues();
            rows.add(new String[] { a.name(), String.valueOf(s.status()),
                q.outbox() + "/" + q.claimed() + "/" + q.retry() + "/" + q.error(), String.valueOf(s.description()) });
        }
        return table(rows);
    }

    @Descriptor("one account in detail: status, queues, last success and error, next runs")
    public String status(@Descriptor("the account's name") String name) {
        AccountService a = account(name);
        AccountStatus s = a.status();
        StringBuilder b = new StringBuilder();
        b.append(a.name()).append(": ").append(s.status()).append(" (").append(s.detail()).append(") ")
                .append(s.description()).append('\n');
        AccountStatus.Queues q = s.queues();
        b.append("  outbox ").append(q.outbox()).append(", claimed ").append(q.claimed()).append(", waiting for retry ")
                .append(q.retry()).append(", error folder ").append(q.error()).append('\n');
        b.append("  last success ").append(or(s.lastSuccess())).append(", last error ").append(or(s.lastError())).append('\n');
        if (journal != null) {
            b.append("  documents by state: ").append(journal.counts(a.name())).append('\n');
        }
        for (RunKind k : RunKind.values()) {
            List<Instant> next = a.nextRuns(k, 3);
            if (!next.isEmpty()) {
                b.append("  next ").append(lower(k)).append(": ")
                        .append(String.join(", ", next.stream().map(Commands::or).toList())).append('\n');
            }
        }
        return b.toString();
    }

    @Descriptor("every state a document passed through, found by file name, invoice number, network id or reference")
    public String history(@Descriptor("a file name, invoice number, network id or reference") String key) {
        Journal j = journal;
        if (j == null) {
            throw new IllegalStateException("the journal is not available (is the engine bundle running?)");
        }
        List<JournalEntry> entries = j.find(key, 500);
        if (!entries.isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] { "TIME", "ACCOUNT", "DOCUMENT", "FILE", "STATE", "INVOICE", "REASON" });
            for (JournalEntry e : entries) {
                rows.add(new String[] { or(e.time()), e.account(), "#" + e.documentId(), e.fileName(),
                    String.valueOf(e.state()), e.invoiceNumber() == null ? "" : e.invoiceNumber(),
                    e.reason() == null ? "" : e.reason().replaceAll("[\\r\\n\\t]+", " ") });
            }
            return table(rows);
        }
        return "nothing found for " + key;
    }

    @Descriptor("a run of an account as soon as a thread is free")
    public String run(@Descriptor("the account's name") String name, @Descriptor("send, receive or followup") String kind) {
        AccountService a = account(name);
        RunKind k;
        try {
            k = RunKind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a run is send, receive or followup, not " + kind);
        }
        a.runNow(k);
        return "a " + lower(k) + " run of " + a.name() + " starts as soon as a thread is free";
    }

    @Descriptor("every file of an account's error folder back into its outbox")
    public String requeue(@Descriptor("the account's name") String name) throws IOException {
        AccountService a = account(name);
        List<String> moved = new ArrayList<>();
        for (String f : a.errorFiles()) {
            a.requeue(f);
            moved.add(f);
        }
        return moved.size() + " file(s) back in the outbox of " + a.name() + (moved.isEmpty() ? "" : ": " + moved);
    }

    @Descriptor("one file of an account's error folder back into its outbox")
    public String requeue(@Descriptor("the account's name") String name, @Descriptor("the file's name") String file)
            throws IOException {
        AccountService a = account(name);
        return file + " is back in the outbox of " + a.name() + " as " + a.requeue(file).getFileName();
    }

    @Descriptor("checks every account: folders, disk, connection, notifiers, clock")
    public String doctor() {
        List<Check> all = new ArrayList<>();
        sorted().forEach(a -> all.addAll(a.doctor()));
        return checks(all);
    }

    @Descriptor("checks one account: folders, disk, connection, notifiers, clock")
    public String doctor(@Descriptor("the account's name") String name) {
        return checks(account(name).doctor());
    }

    private static String checks(List<Check> checks) {
        StringBuilder b = new StringBuilder();
        for (Check c : checks) {
            b.append(c.ok() ? "ok       " : "PROBLEM  ").append(c.subject()).append(": ").append(c.detail()).append('\n');
        }
        long problems = checks.stream().filter(c -> !c.ok()).count();
        return b.append(problems == 0 ? "all well" : problems + " problem(s)").toString();
    }

    private List<AccountService> sorted() {
        return accounts.stream().sorted((x, y) -> x.name().compareTo(y.name())).toList();
    }

    private AccountService account(String name) {
        return accounts.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no account " + name + "; there are: " + sorted().stream().map(AccountService::name).toList()));
    }

    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);

    /** A time for people: to the second, in this machine's zone, with the zone. */
    private static String or(Instant i) {
        return i == null ? "never" : TIME.format(i.atZone(java.time.ZoneId.systemDefault()));
    }

    /** Rows as columns that line up, two spaces apart (as the command line prints its tables). */
    private static String table(List<String[]> rows) {
        return TextTable.of(rows.stream().map(java.util.Arrays::asList).toList());
    }

    private static String lower(RunKind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }
}
