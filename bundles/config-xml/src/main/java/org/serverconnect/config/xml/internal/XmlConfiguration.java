package org.serverconnect.config.xml.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.serverconnect.api.Check;
import org.serverconnect.api.Diagnosis;
import org.serverconnect.api.config.SettingsCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the installation file ({@code serverconnect.xml} in the watched configuration folder) and keeps
 * Configuration Admin equal to it: on each saved change the file is checked as a whole and, only if it is right,
 * the difference is applied ({@link Applier}). A wrong file changes nothing: the error names the line and element,
 * and the previous configuration keeps running. A deleted file removes what it described. The file is never
 * written.
 */
@Component(service = Diagnosis.class, immediate = true, configurationPid = XmlConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = XmlConfiguration.Config.class)
public final class XmlConfiguration implements Diagnosis {
    static final String PID = "org.serverconnect.config.xml";
    private static final Logger LOG = LoggerFactory.getLogger(XmlConfiguration.class);
    /** How long a changed file must stay the same before it is applied. */
    private static final long SETTLE_MS = 500;

    @ObjectClassDefinition(name = "Server Connect installation file",
            description = "One XML file describing connections, notifiers and accounts, applied live.")
    public @interface Config {
        @AttributeDefinition(name = "File", required = false,
                description = "The installation file. Default: serverconnect.xml in the watched configuration folder (etc/).")
        String file() default "";

        @AttributeDefinition(name = "Poll (ms)", description = "How often the file is looked at when the operating "
                + "system signals no change (some network file systems signal none); a signalled change is applied at "
                + "once.")
        int poll() default 30_000;
    }

    private final ConfigurationAdmin cm;
    private final Path file;
    private final String shown;
    private final ScheduledExecutorService watcher;
    private final FileWatch watch;
    private final SettingsChecks settings;
    /** what the doctor says about the file: the last look's outcome */
    private volatile List<Check> findings = List.of();
    /** the content last seen, and whether it was dealt with (applied or refused) */
    private byte[] seen;
    /** When {@link #seen} was first seen ({@link System#nanoTime()}). */
    private long seenAt;
    private boolean settled;

    @Activate
    public XmlConfiguration(@Reference ConfigurationAdmin cm, BundleContext context, Config config,
            @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policyOption = ReferencePolicyOption.GREEDY)
            List<SettingsCheck> checks) {
        // the components' own checks: at least the account's, so that no file is applied unchecked at the start; one
        // that comes later (a bundle dropped into deploy/) re-activates this, and the file is checked again
        this.cm = cm;
        this.settings = new SettingsChecks(checks);
        this.file = file(context, config);
        this.shown = shown(context, file);
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "serverconnect-config-xml");
            t.setDaemon(true);
            return t;
        });
        // the first look applies at once: the runtime starts with what the file says
        watcher.execute(() -> look(true));
        this.watch = new FileWatch(file, java.time.Duration.ofMillis(Math.max(100, config.poll())), this::lookSoon,
                "serverconnect-config-xml-watch");
    }

    @Deactivate
    void deactivate() {
        watch.close();
        watcher.shutdownNow();
    }

    private void lookSoon() {
        try {
            watcher.execute(() -> look(false));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    /**
     * A change is applied once the file has stayed the same for {@value #SETTLE_MS} ms, so a save in progress is not
     * read half-written; the first look at start applies at once.
     */
    private void look(boolean now) {
        try {
            byte[] content = read();
            if (!Arrays.equals(content, seen)) {
                seen = content;
                seenAt = System.nanoTime();
                settled = false;
            }
            long unchangedFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - seenAt);
            if (!settled && !now && unchangedFor < SETTLE_MS) {
                watcher.schedule(() -> look(false), SETTLE_MS - unchangedFor, TimeUnit.MILLISECONDS);
                return;
            }
            if (!settled) {
                settled = true;
                apply(content);
            }
        } catch (RuntimeException | IOException e) {
            findings = List.of(Check.problem(shown, "cannot be applied: " + e.getMessage()));
            LOG.error("{}: {}", shown, e.getMessage(), e);
        }
    }

    private byte[] read() throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void apply(byte[] content) throws IOException {
        List<Item> items;
        if (content == null) {
            items = List.of();              // no file (any more): it describes nothing
        } else {
            InstallationReader.Reading reading = InstallationReader.read(content, shown);
            List<Problem> problems = new ArrayList<>(reading.problems());
            if (problems.isEmpty()) {
                problems.addAll(Checks.check(reading.items(), Applier.elsewhere(cm), settings));
            }
            if (!problems.isEmpty()) {
                List<Check> refused = new ArrayList<>();
                for (Problem p : problems) {
                    LOG.error("{}", p);
                    String where = (p.line() > 0 ? "line " + p.line() : "")
                            + (p.element() == null ? "" : (p.line() > 0 ? ", " : "") + p.element());
                    refused.add(Check.problem(shown, (where.isEmpty() ? "" : where + ": ") + p.message()
                            + " (the file was not applied: the previous configuration keeps running; fix it and save it again)"));
                }
                findings = List.copyOf(refused);
                LOG.error("{} was not applied ({} problem(s) above): nothing changed, the previous configuration keeps "
                        + "running. Fix the file and save it again (check it with: serverconnect config check).", shown,
                        problems.size());
                return;
            }
            items = reading.items();
        }
        Applier.Outcome outcome = Applier.apply(cm, items, shown);
        findings = content == null ? List.of() : List.of(Check.ok(shown, "applied: " + items.size() + " instance(s)"));
        if (!outcome.added().isEmpty() || !outcome.changed().isEmpty() || !outcome.removed().isEmpty()) {
            LOG.info("{} applied: {}", shown, outcome);
        } else if (content != null) {
            LOG.debug("{} read: nothing changed", shown);
        }
    }

    @Override
    public List<Check> doctor() {
        return findings;
    }

    private static Path file(BundleContext context, Config config) {
        if (!config.file().isBlank()) {
            return Path.of(config.file());
        }
        String etc = context.getProperty("felix.fileinstall.dir");
        if (etc == null) {
            String home = context.getProperty("serverconnect.home");
            etc = Path.of(home == null ? "." : home, "etc").toString();
        }
        return Path.of(etc, "serverconnect.xml");
    }

    /** @return the file as people know it: relative to the home when inside it */
    private static String shown(BundleContext context, Path file) {
        String home = context.getProperty("serverconnect.home");
        return home == null ? file.toAbsolutePath().normalize().toString() : new Home(Path.of(home)).shown(file);
    }
}
