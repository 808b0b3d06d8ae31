package org.serverconnect.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.serverconnect.api.Check;
import org.serverconnect.api.account.AccountService;
import org.serverconnect.api.account.AccountStatus;
import org.serverconnect.api.config.ConfigurationRefusals;
import org.serverconnect.api.config.Origin;
import org.serverconnect.api.document.DocumentSink;
import org.serverconnect.api.document.DocumentSource;
import org.serverconnect.api.document.Inbox;
import org.serverconnect.api.document.Outbox;
import org.serverconnect.api.format.Converter;
import org.serverconnect.api.format.DocumentValidator;
import org.serverconnect.api.format.FormatId;
import org.serverconnect.api.format.FormatAdapter;
import org.serverconnect.api.notify.Notifier;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.schedule.Job;
import org.serverconnect.api.schedule.Scheduler;
import org.serverconnect.api.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An account: one per configuration {@code etc/org.serverconnect.account-<name>.cfg}, added, changed and removed
 * live. Its connection and notifiers are found by name: the runtime turns {@code connection} and {@code notify} into
 * the target filters of the {@code transport} and {@code notifiers} references, so Declarative Services binds
 * exactly those, and re-binds them when they are replaced, while the account keeps running and shows what it waits
 * for. A wrong configuration does not stop the component: the account shows {@code OFFLINE} with the reason.
 */
@Component(service = AccountService.class, configurationPid = AccountComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = AccountComponent.Config.class, factory = true)
public final class AccountComponent implements AccountService {
    static final String PID = "org.serverconnect.account";
    private static final Logger LOG = LoggerFactory.getLogger(AccountComponent.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    @ObjectClassDefinition(name = "Server Connect account",
            description = "A company's outbox and inbox, sent and received through a Pagero Online connection on a timetable.")
    public @interface Config {
        @AttributeDefinition(name = "Name", required = false,
                description = "Unique name. Default: the part of the file name after '-'.")
        String name() default "";

        @AttributeDefinition(name = "Enabled", description = "Off: the account does nothing and shows DISABLED.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Send", description = "Send the files of the outbox.")
        boolean send() default true;

        @AttributeDefinition(name = "Receive", description = "Collect incoming documents into the inbox.")
        boolean receive() default true;

        @AttributeDefinition(name = "Folder", required = false,
                description = "The account's folder; outbox, inbox, work, sent and error are sub-folders of it unless set. "
                        + "Relative paths are under the home. Default: accounts/<name>.")
        String folder() default "";

        @AttributeDefinition(name = "Outbox", required = false, description = "Where the accounting system drops files. Default: <folder>/outbox.")
        String outbox() default "";

        @AttributeDefinition(name = "Inbox", required = false, description = "Where received documents are written. Default: <folder>/inbox.")
        String inbox() default "";

        @AttributeDefinition(name = "Work", required = false,
                description = "Where files wait while they are sent; on the outbox's file system. Default: <folder>/work.")
        String work() default "";

        @AttributeDefinition(name = "Sent", required = false, description = "Where sent files go. Default: <folder>/sent.")
        String sent() default "";

        @AttributeDefinition(name = "Error", required = false,
                description = "Where refused files go, each with a .error.txt saying why. Default: <folder>/error.")
        String error() default "";

        @AttributeDefinition(name = "Archive", required = false,
                description = "If set, sent files go here instead of the sent folder.")
        String archive() default "";

        @AttributeDefinition(name = "Pick-up rule", options = { @Option(label = "stable (size and time unchanged)", value = "stable"),
                @Option(label = "done-file (a marker file appears)", value = "done-file"),
                @Option(label = "rename (writers rename when done)", value = "rename") },
                description = "When a file in the outbox is complete.")
        String pickup() default "stable";

        @AttributeDefinition(name = "Stable for (s)", description = "stable: size and modification time unchanged this long.")
        int pickup_stableFor() default 2;

        @AttributeDefinition(name = "Minimum age (s)", description = "stable: at least this long since the file was first seen.")
        int pickup_minAge() default 2;

        @AttributeDefinition(name = "Include", required = false, description = "File name patterns to take (glob); empty: all.")
        String[] include() default {};

        @AttributeDefinition(name = "Exclude", required = false, description = "File name patterns never to take (glob).")
        String[] exclude() default {};

        @AttributeDefinition(name = "Done-file name", description = "done-file: the marker that says a file is complete; "
                + "{name} is the file's name, {base} the name without its extension.")
        String outbox_doneFile() default "{name}.done";

        @AttributeDefinition(name = "Temporary names", description = "File name patterns (glob) never taken: files "
                + "still being written.")
        String[] outbox_temporary() default { "*.tmp", "*.part" };

        @AttributeDefinition(name = "Sub-folders", description = "Also take files from the outbox's sub-folders.")
        boolean outbox_recursive() default false;

        @AttributeDefinition(name = "Sent files", options = { @Option(label = "move to the sent folder", value = "move"),
                @Option(label = "delete", value = "delete") }, description = "What becomes of a file once it is sent.")
        String outbox_sentAction() default "move";

        @AttributeDefinition(name = "Inbox file mode", description = "Permissions of received files (POSIX), e.g. "
                + "rw-r----- or rw-rw----.")
        String inbox_fileMode() default "rw-r-----";

        @AttributeDefinition(name = "Inbox done-files", description = "Write an empty <name>.done beside every received "
                + "file once it is complete, for accounting systems that wait for one.")
        boolean inbox_doneFile() default false;

        @AttributeDefinition(name = "Send timetable", description = "immediate, every 30s / 5m / 1h, or a cron expression.")
        String send_schedule() default "every 30s";

        @AttributeDefinition(name = "Send window", required = false, description = "When sending may happen, e.g. Mon-Fri 06:00-20:00.")
        String send_window() default "";

        @AttributeDefinition(name = "Receive timetable", description = "every 5m, or a cron expression.")
        String receive_schedule() default "every 5m";

        @AttributeDefinition(name = "Follow-up timetable", description = "How often sent documents are followed up.")
        String followup_schedule() default "every 1m";

        @AttributeDefinition(name = "Time zone", required = false, description = "For cron expressions and the window. Default: the machine's.")
        String timezone() default "";

        @AttributeDefinition(name = "Connection", required = false, description = "The name of the Pagero connection to use.")
        String connection() default "";

        @AttributeDefinition(name = "Company", required = false, description = "The Pagero Online company id this account acts for.")
        String company() default "";

        @AttributeDefinition(name = "Send mode", required = false, description = "Production, Test or Certification; default: the connection's.")
        String sendMode() default "";

        @AttributeDefinition(name = "Document type", required = false, description = "Default: what the format adapter says.")
        String documentType() default "";

        @AttributeDefinition(name = "Check", options = { @Option(label = "none", value = "none"),
                @Option(label = "well-formed XML", value = "wellformed"), @Option(label = "format (fields present)", value = "format"),
                @Option(label = "rules (EN 16931 / Peppol Schematron)", value = "rules") },
                description = "How thoroughly a file is checked before it is sent; a failed check sends it to the error folder.")
        String check() default "format";

        @AttributeDefinition(name = "CSV invoices", description = "Files named *.csv in the outbox are CSV invoices (the "
                + "layout of bundles/format-csv) and are converted into Peppol BIS 3 UBL before they are checked and sent; "
                + "csv.separator (; , tab or auto) and csv.decimal (. or ,) say how the accounting system writes them.")
        boolean csv() default false;

        @AttributeDefinition(name = "CSV separator", options = { @Option(label = "what the header row uses", value = "auto"),
                @Option(label = ";", value = ";"), @Option(label = ",", value = ","), @Option(label = "tab", value = "tab") },
                description = "How the accounting system separates the columns of its CSV invoices.")
        String csv_separator() default "auto";

        @AttributeDefinition(name = "CSV decimal mark", options = { @Option(label = ".", value = "."), @Option(label = ",", value = ",") },
                description = "The decimal mark of the amounts in CSV invoices.")
        String csv_decimal() default ".";

        @AttributeDefinition(name = "Notifiers", required = false, description = "Names of the notifiers that hear about this account.")
        String[] notify$() default {};

        @AttributeDefinition(name = "Recipients", required = false, description = "E-mail addresses of the responsible people.")
        String[] notify_to() default {};

        @AttributeDefinition(name = "Notify when", description = "every, activity, problems, or digest HH:MM.")
        String notify_policy() default "problems";

        @AttributeDefinition(name = "First retry after (s)", description = "Back-off starts here and doubles, with jitter.")
        int retry_initial() default 30;

        @AttributeDefinition(name = "Longest wait between retries (s)")
        int retry_max() default 3600;

        @AttributeDefinition(name = "Attempts", description = "After this many failed attempts a file goes to the error folder.")
        int retry_attempts() default 50;

        @AttributeDefinition(name = "Failures before pausing", description = "Failures in a row that pause sending (circuit breaker).")
        int circuit_failures() default 5;

        @AttributeDefinition(name = "Pause (s)", description = "How long sending pauses; doubles while the failures go on.")
        int circuit_pause() default 60;

        @AttributeDefinition(name = "Reconcile window (s)", description = "After an upload whose outcome is unknown (a crash, a "
                + "lost answer), how long to look for it on the network before sending it again.")
        int reconcile_window() default 600;

        @AttributeDefinition(name = "Unresolved upload", options = { @Option(label = "upload it again", value = "resend"),
                @Option(label = "hold it with an alert", value = "hold") }, description = "When reconcile.window has passed "
                + "without a trace on the network of an upload whose outcome is unknown: resend uploads it again (if the "
                + "first upload did arrive after all, the recipient may get it twice); hold keeps it waiting, still "
                + "looked for, with an alert naming the file to look for in Pagero Online.")
        String reconcile_unresolved() default "resend";

        @AttributeDefinition(name = "Received document types", description = "The network's document types received "
                + "into the inbox, for example Invoice and PaymentReminder. Recipients' responses to sent invoices are "
                + "followed up with those invoices, not received into the inbox.")
        String[] receive_documentTypes() default { "Invoice" };

        @AttributeDefinition(name = "Follow-up (days)", description = "For how many days after sending a document is "
                + "followed on the network (its delivery and the recipient's response); after that it keeps the last "
                + "state it reached.")
        int followup_days() default 60;

        @AttributeDefinition(name = "Batch", description = "Most documents per run slice; other accounts get a turn in between.")
        int batch() default 100;

        @AttributeDefinition(name = "Parallel uploads", description = "How many uploads of this account are under way at "
                + "once; the connection's maxConnections bounds them too.")
        int send_parallel() default 4;

        @AttributeDefinition(name = "Name hint", description = "How the web console lists this account.")
        String webconsole_configurationFactory_nameHint() default "{name}: company {company} via {connection}";
    }

    private final String name;
    private final JournalService journalService;
    private final Scheduler scheduler;
    private final Later later;
    private final List<FormatAdapter> adapters = new CopyOnWriteArrayList<>();
    private final List<Notifier> notifiers = new CopyOnWriteArrayList<>();
    private final EngineMetrics metrics;
    private volatile Transport transport;
    /** The transport with its calls counted and timed; what the account uses. */
    private volatile Transport metered;
    private volatile DocumentValidator validator;
    private volatile Converter csv;

    private final Account account;                    // null when the configuration is wrong
    private final String configurationError;
    /** where the configuration was written, as people know it: the .cfg file, or the account in serverconnect.xml */
    private final String configuredIn;
    private volatile ConfigurationRefusals refusals;
    private final Outbox outbox;
    private final Inbox inbox;
    private final Map<RunKind, Job> jobs = new EnumMap<>(RunKind.class);
    private volatile Instant offlineSince;

    @Activate
    public AccountComponent(Config config, Map<String, Object> properties, BundleContext context,
            @Reference JournalService journalService, @Reference Scheduler scheduler, @Reference Later later,
            @Reference EngineMetrics metrics,
            @Reference(target = "(" + DocumentSource.TYPE + "=directory)") DocumentSource source,
            @Reference(target = "(" + DocumentSink.TYPE + "=directory)") DocumentSink sink) {
        this.journalService = journalService;
        this.scheduler = scheduler;
        this.later = later;
        this.metrics = metrics;
        this.name = config.name().isBlank() ? String.valueOf(properties.get("service.pid")) : config.name();
        String home = context.getProperty("serverconnect.home");
        Path homePath = home == null ? Path.of("").toAbsolutePath() : Path.of(home);
        AccountSettings settings = null;
        String error = null;
        Outbox out = null;
        Inbox in = null;
        try {
            settings = AccountSettings.checked(config, properties, homePath, scheduler);
            if (settings.enabled() && settings.send()) {
                out = source.open(settings.outbox());
            }
            if (settings.enabled() && settings.receive()) {
                in = sink.open(settings.inbox());
            }
        } catch (IllegalArgumentException | IOException e) {
            error = e.getMessage();
            if (out != null) {
                out.close();
                out = null;
            }
        }
        this.configurationError = error;
        this.configuredIn = where(name, properties, homePath);
        this.outbox = out;
        this.inbox = in;
        if (error != null) {
            this.account = null;
            LOG.error("Account {} is OFFLINE: {} (fix {}; it is applied when saved)", name, error, configuredIn);
            return;
        }
        this.account = new Account(settings, out, in, journalService.database(), parts(), Clock.systemUTC());
        if (!settings.enabled()) {
            LOG.info("Account {} is disabled", name);
            return;
        }
        schedule(settings);
        LOG.info("Account {} started: {}{} for company {} via connection {}", name,
                settings.send() ? "send " + settings.sendSchedule() : "", settings.receive() ? (settings.send() ? ", " : "")
                        + "receive " + settings.receiveSchedule() : "", settings.company(), settings.connection());
    }

    /** @return the .cfg file, or the account's element in the installation file, the configuration came from */
    static String where(String name, Map<String, Object> properties, Path home) {
        String origin = Origin.of(properties, home);
        return Origin.fromInstallationFile(properties) ? "<account name=\"" + name + "\"> in " + origin : origin;
    }

    private void schedule(AccountSettings s) {
        if (s.send()) {
            Job send = scheduler.schedule(s.name(), RunKind.SEND,
                    scheduler.timetable(s.sendSchedule(), s.sendWindow(), s.zone()), account::sendRun);
            jobs.put(RunKind.SEND, send);
            jobs.put(RunKind.FOLLOWUP, scheduler.schedule(s.name(), RunKind.FOLLOWUP,
                    scheduler.timetable(s.followupSchedule(), null, s.zone()), account::followUpRun));
            // A file that just arrived is not ready yet (pick-up rule): look again once it can be.
            Duration settle = s.outbox().pickup().stableFor().plus(s.outbox().pickup().minAge()).plusMillis(300);
            outbox.onActivity(() -> {
                account.outboxChanged();
                send.trigger();
                later.after(settle, send::trigger);
            });
            send.trigger();
        }
        if (s.receive()) {
            Job receive = scheduler.schedule(s.name(), RunKind.RECEIVE,
                    scheduler.timetable(s.receiveSchedule(), null, s.zone()), account::receiveRun);
            jobs.put(RunKind.RECEIVE, receive);
            receive.runNow();               // what waits on the network is collected at start, not one interval later
        }
    }

    private Account.Parts parts() {
        return new Account.Parts() {
            @Override
            public Transport transport() {
                return metered;
            }

            @Override
            public Converter csv() {
                return csv;
            }

            @Override
            public void ran(RunKind kind, boolean ok, long nanos) {
                metrics.run(name, kind, ok, nanos);
            }

            @Override
            public List<FormatAdapter> adapters() {
                return adapters;
            }

            @Override
            public DocumentValidator validator() {
                return validator;
            }

            @Override
            public List<Notifier> notifiers() {
                return notifiers;
            }
        };
    }

    /** After the constructor (DS activate): from now on the account is in the metrics. */
    @Activate
    void measured() {
        metrics.add(this, () -> journalService.counts(name));
    }

    @Deactivate
    void stop(int reason) {
        metrics.remove(this);
        stopJobs();
        if (account != null) {
            boolean removed = reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED;
            account.stop(removed, STOP_WAIT);
        }
        if (outbox != null) {
            outbox.close();
        }
        if (inbox != null) {
            inbox.close();
        }
        LOG.info("Account {} stopped", name);
    }

    private void stopJobs() {
        jobs.values().forEach(Job::close);
        jobs.clear();
    }

    // ------------------------------------------------------------------------------------------------ references

    @Reference(name = "transport", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(name=-)")
    void bindTransport(Transport t) {
        this.transport = t;
        this.metered = metrics.meter(t, name);
        if (account != null) {
            LOG.info("Account {}: connection {} available", name, account.settings().connection());
            account.transportArrived();
            Job send = jobs.get(RunKind.SEND);
            if (send != null) {
                send.trigger();
            }
        }
    }

    void unbindTransport(Transport t) {
        if (this.transport == t) {
            this.transport = null;
            this.metered = null;
        }
    }

    @Reference(name = "refusals", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRefusals(ConfigurationRefusals r) {
        this.refusals = r;
    }

    void unbindRefusals(ConfigurationRefusals r) {
        if (this.refusals == r) {
            this.refusals = null;
        }
    }

    @Reference(name = "adapters", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindAdapter(FormatAdapter a) {
        adapters.add(a);
    }

    void unbindAdapter(FormatAdapter a) {
        adapters.remove(a);
    }

    @Reference(name = "validator", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindValidator(DocumentValidator v) {
        this.validator = v;
    }

    void unbindValidator(DocumentValidator v) {
        if (this.validator == v) {
            this.validator = null;
        }
    }

    @Reference(name = "csv", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + FormatId.KEY + "=csv)")
    void bindCsv(Converter c) {
        this.csv = c;
    }

    void unbindCsv(Converter c) {
        if (this.csv == c) {
            this.csv = null;
        }
    }

    @Reference(name = "notifiers", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(name=-)")
    void bindNotifier(Notifier n) {
        notifiers.add(n);
    }

    void unbindNotifier(Notifier n) {
        notifiers.remove(n);
    }

    // ------------------------------------------------------------------------------------------------ AccountService

    @Override
    public String name() {
        return name;
    }

    @Override
    public AccountStatus status() {
        AccountStatus s = account == null
                ? new AccountStatus(name, AccountStatus.Status.OFFLINE, AccountStatus.Detail.CONFIGURATION_ERROR,
                        configurationError, null, null, new AccountStatus.Queues(0, 0, 0, 0))
                : refused(account.status());
        if (s.status() != AccountStatus.Status.OFFLINE) {
            offlineSince = null;
        } else if (offlineSince == null) {
            offlineSince = Instant.now();
        }
        return s;
    }

    /**
     * A connection or notifier whose configuration was refused never comes: the account says why instead of that it
     * waits for it.
     */
    private AccountStatus refused(AccountStatus s) {
        ConfigurationRefusals r = refusals;
        if (r == null || account == null) {
            return s;
        }
        String why = null;
        if (s.detail() == AccountStatus.Detail.MISSING_TRANSPORT) {
            String connection = account.settings().connection();
            why = r.refused(Transport.class.getName(), connection).map(m -> "connection " + connection
                    + " does not run, its configuration was refused: " + m).orElse(null);
        } else if (s.detail() == AccountStatus.Detail.MISSING_NOTIFIER) {
            for (String n : account.settings().notifierNames()) {       // a refused one is never bound
                String w = r.refused(Notifier.class.getName(), n).orElse(null);
                if (w != null) {
                    why = "notifier " + n + " does not run, its configuration was refused: " + w;
                    break;
                }
            }
        }
        return why == null ? s : new AccountStatus(s.account(), s.status(), s.detail(), why, s.lastSuccess(), s.lastError(),
                s.queues());
    }

    @Override
    public Instant offlineSince() {
        status();
        return offlineSince;
    }

    @Override
    public List<Check> doctor() {
        if (account == null) {
            return List.of(Check.problem("account " + name, "its configuration is wrong: " + configurationError
                    + " (fix " + configuredIn + ")"));
        }
        if (!account.settings().enabled()) {
            return List.of(Check.ok("account " + name, "switched off (enabled = false): nothing to check"));
        }
        return new Doctor(account.settings()).run(transport, List.copyOf(notifiers));
    }

    @Override
    public List<String> errorFiles() throws IOException {
        return outbox == null ? List.of() : outbox.errorFiles();
    }

    @Override
    public Path submit(String fileName, InputStream content) throws IOException {
        return sendingOutbox().submit(fileName, content);
    }

    @Override
    public void runNow(RunKind kind) {
        Job job = jobs.get(kind);
        if (job == null) {
            throw new IllegalStateException("account " + name + " does no " + kind.name().toLowerCase() + " runs");
        }
        job.runNow();
    }

    @Override
    public List<Instant> nextRuns(RunKind kind, int n) {
        Job job = jobs.get(kind);
        return job == null ? List.of() : new ArrayList<>(job.nextRuns(n));
    }

    @Override
    public Path requeue(String errorFileName) throws IOException {
        return sendingOutbox().requeue(errorFileName);
    }

    private Outbox sendingOutbox() {
        if (outbox == null) {
            throw new IllegalStateException("account " + name + " does not send (send = false, disabled or misconfigured)");
        }
        return outbox;
    }
}
