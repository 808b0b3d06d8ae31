package org.serverconnect.notify.log.internal;

import java.time.ZoneId;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.serverconnect.api.Names;
import org.serverconnect.api.notify.Audience;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.notify.Notifier;
import org.serverconnect.api.notify.NotifierType;
import org.serverconnect.api.notify.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A notifier that writes run reports and events to the runtime's log, under the logger
 * {@code serverconnect.notify.<name>} (so {@code etc/logback.xml} can send them to a file of their own). One instance
 * per configuration {@code etc/org.serverconnect.notify.log-<name>.cfg}; every setting applies in place.
 */
@Component(service = Notifier.class, configurationPid = LogNotifier.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = LogNotifier.Config.class, factory = true)
@NotifierType("log")
public final class LogNotifier implements Notifier {
    static final String PID = "org.serverconnect.notify.log";
    private static final Logger LIFECYCLE = LoggerFactory.getLogger(LogNotifier.class);

    /** How much goes to the log. */
    public enum Level {
        DEBUG, INFO, WARN
    }

    @ObjectClassDefinition(name = "Server Connect log notifier",
            description = "Writes each account's run reports and events to the runtime's log (log/serverconnect.log), "
                    + "for installations without mail or as a record next to it.")
    public @interface Config {
        @AttributeDefinition(name = "Name", required = false,
                description = "Unique name; accounts list it in 'notify'. Default: the part of the file name after '-'.")
        String name() default "";

        @AttributeDefinition(name = "Report level",
                description = "Log level of run summaries and document lines. Events that report a problem are always "
                        + "logged at WARN.")
        Level level() default Level.INFO;

        @AttributeDefinition(name = "Document lines",
                description = "Also write one line per document of a run: file, invoice number, counterparty, result, reason.")
        boolean documents() default true;

        @AttributeDefinition(name = "Name hint", description = "How the web console lists this notifier.")
        String webconsole_configurationFactory_nameHint() default "{name}: log at {level}";
    }

    private record Settings(String name, Level level, boolean documents, Logger log) {
        static Settings of(Config c) {
            String name = Names.requireValidName("notifier", c.name());
            return new Settings(name, c.level(), c.documents(), LoggerFactory.getLogger("serverconnect.notify." + name));
        }
    }

    private final ReportFormatter formatter = new ReportFormatter(ZoneId.systemDefault());
    private volatile Settings settings;

    @Activate
    public LogNotifier(Config config) {
        this.settings = Settings.of(config);
        LIFECYCLE.info("Notifier {} active: {}", settings.name(), this);
    }

    @Modified
    void modified(Config config) {
        this.settings = Settings.of(config);
        LIFECYCLE.info("Notifier {} updated: {}", settings.name(), this);
    }

    @Deactivate
    void deactivate() {
        LIFECYCLE.info("Notifier {} removed", settings.name());
    }

    @Override
    public void report(RunReport report, Audience audience) {
        Settings s = settings;
        if (!audience.wants(report)) {
            return;
        }
        Level level = report.hasProblems() ? Level.WARN : s.level();
        write(s.log(), level, formatter.summary(report));
        if (s.documents()) {
            report.documents().forEach(d -> write(s.log(), d.state().problem() ? Level.WARN : s.level(),
                    formatter.document(report, d)));
        }
    }

    @Override
    public void event(Event event, Audience audience) {
        Settings s = settings;
        write(s.log(), event.kind().problem() ? Level.WARN : s.level(), formatter.event(event));
    }

    private static void write(Logger log, Level level, String line) {
        switch (level) {
        case DEBUG -> log.debug("{}", line);
        case INFO -> log.info("{}", line);
        case WARN -> log.warn("{}", line);
        }
    }

    @Override
    public String toString() {
        Settings s = settings;
        return "LogNotifier[" + s.name() + ", level=" + s.level() + ", documents=" + s.documents() + "]";
    }
}
