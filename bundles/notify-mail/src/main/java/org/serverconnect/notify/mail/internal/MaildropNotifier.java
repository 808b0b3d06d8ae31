package org.serverconnect.notify.mail.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

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
 * A notifier that writes the mails it would send as {@code .eml} files into a folder — for the demo and for hosts
 * without SMTP access (a mail client opens them; another system can pick them up). One instance per configuration
 * {@code etc/org.serverconnect.notify.maildrop-<name>.cfg}; every setting applies in place.
 */
@Component(service = Notifier.class, configurationPid = MaildropNotifier.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = MaildropNotifier.Config.class, factory = true)
@NotifierType("maildrop")
public final class MaildropNotifier implements Notifier {
    static final String PID = "org.serverconnect.notify.maildrop";
    private static final Logger LOG = LoggerFactory.getLogger(MaildropNotifier.class);

    @ObjectClassDefinition(name = "Server Connect mail drop notifier",
            description = "Writes run reports and alerts as .eml files into a folder instead of sending them.")
    public @interface Config {
        @AttributeDefinition(name = "Name", required = false, description = "Unique name; accounts list it in 'notify'. Default: the file name's suffix.")
        String name() default "";

        @AttributeDefinition(name = "Folder", description = "Where the .eml files are written (created when missing).")
        String folder();

        @AttributeDefinition(name = "From", description = "Sender address of the messages.")
        String from() default "serverconnect@localhost";

        @AttributeDefinition(name = "Subject prefix", description = "Put before every subject, so that mails can be sorted.")
        String subjectPrefix() default "[serverconnect]";

        @AttributeDefinition(name = "Alert interval (s)", description = "At most one alert per account in this time; what "
                + "happens meanwhile is listed in the next one.")
        int alertInterval() default 300;

        @AttributeDefinition(name = "Name hint", description = "How the web console lists this notifier.")
        String webconsole_configurationFactory_nameHint() default "{name}: .eml files in {folder}";
    }

    private record Settings(String name, Path folder, InternetAddress from, MessageComposer composer) {
    }

    private final Session session = Session.getInstance(new Properties());
    private volatile Settings settings;
    private final MailRouting routing;

    @Activate
    public MaildropNotifier(Config config) throws IOException {
        this(config, Duration.ofSeconds(2));
    }

    /** @param gather how long the alerts of an account are gathered before they are written (shorter in tests) */
    MaildropNotifier(Config config, Duration gather) throws IOException {
        this.settings = settings(config);
        this.routing = new MailRouting(settings.name(), () -> settings.composer(), () -> settings.from(), true,
                gather, Duration.ofSeconds(Math.max(0, config.alertInterval())),
                settings.folder().resolve(".digest"), this::write);
        LOG.info("Notifier {} active: {}", settings.name(), this);
    }

    @Modified
    void modified(Config config) throws IOException {
        this.settings = settings(config);
        LOG.info("Notifier {} updated: {}", settings.name(), this);
    }

    private static Settings settings(Config c) throws IOException {
        String name = Names.requireValidName("notifier", c.name());
        if (c.folder() == null || c.folder().isBlank()) {
            throw new IllegalArgumentException("folder is missing: where should notifier " + name + " write its mails?");
        }
        InternetAddress from;
        try {
            from = new InternetAddress(c.from(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("from '" + c.from() + "' is not a valid address: " + e.getMessage());
        }
        Path folder = Path.of(c.folder());
        Files.createDirectories(folder);
        return new Settings(name, folder, from, new MessageComposer(c.subjectPrefix(), ZoneId.systemDefault()));
    }

    @Override
    public void report(RunReport report, Audience audience) {
        routing.report(report, audience);
    }

    @Override
    public void event(Event event, Audience audience) {
        routing.event(event, audience);
    }

    @Deactivate
    void stop() {
        routing.close();
        LOG.info("Notifier {} stopped", settings.name());
    }

    /** Composes and writes one message atomically; never throws. */
    private void write(String account, MessageFiles.Compose compose) {
        Settings s = settings;
        String file = MessageFiles.newName(account);
        try {
            MessageFiles.write(session, s.folder(), file, compose);
            LOG.debug("Notifier {}: wrote {}", s.name(), file);
        } catch (IOException | MessagingException | RuntimeException e) {
            LOG.warn("Notifier {}: could not write a message for account {} into {}: {}", s.name(), account, s.folder(), e.toString());
        }
    }

    @Override
    public String toString() {
        Settings s = settings;
        return "MaildropNotifier[" + s.name() + ", folder " + s.folder() + ", from " + s.from() + "]";
    }
}
