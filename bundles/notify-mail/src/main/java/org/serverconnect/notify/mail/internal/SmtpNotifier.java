package org.serverconnect.notify.mail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.serverconnect.api.Check;
import org.serverconnect.api.Names;
import org.serverconnect.api.SecretResolver;
import org.serverconnect.api.notify.Audience;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.notify.Notifier;
import org.serverconnect.api.notify.NotifierType;
import org.serverconnect.api.notify.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails run reports and alerts over SMTP (Jakarta Mail): one instance per configuration
 * {@code etc/org.serverconnect.notify.mail-<name>.cfg}. Messages go through a durable queue in the home's
 * {@code data/mail-queue/<name>/}, so a run never waits for the mail server and nothing is lost while it is down;
 * alerts are coalesced per account ({@link Alerts}).
 */
@Component(service = Notifier.class, configurationPid = SmtpNotifier.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = SmtpNotifier.Config.class, factory = true)
@NotifierType("mail")
public final class SmtpNotifier implements Notifier {
    static final String PID = "org.serverconnect.notify.mail";
    private static final Logger LOG = LoggerFactory.getLogger(SmtpNotifier.class);

    @ObjectClassDefinition(name = "Server Connect mail notifier (SMTP)",
            description = "Sends run reports and alerts by e-mail to the people each account names.")
    public @interface Config {
        @AttributeDefinition(name = "Name", required = false, description = "Unique name; accounts list it in 'notify'. Default: the file name's suffix.")
        String name() default "";

        @AttributeDefinition(name = "SMTP host")
        String host();

        @AttributeDefinition(name = "Port", description = "0: the usual one for the security chosen (25, 587 or 465).")
        int port() default 0;

        @AttributeDefinition(name = "Security", options = { @Option(label = "STARTTLS, required", value = "starttls"),
                @Option(label = "SMTPS (TLS from the start)", value = "smtps"), @Option(label = "none (plain text)", value = "none") },
                description = "starttls refuses to send when the server does not offer it.")
        String security() default "starttls";

        @AttributeDefinition(name = "User", required = false, description = "For SMTP authentication; empty: none.")
        String username() default "";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
                description = "Key .password; or ${env:NAME} / ${file:PATH}. Never logged or mailed.")
        String _password() default "";

        @AttributeDefinition(name = "From", description = "Sender address.")
        String from();

        @AttributeDefinition(name = "Reply to", required = false, description = "Where replies go; empty: the sender.")
        String replyTo() default "";

        @AttributeDefinition(name = "Subject prefix", description = "Put before every subject, so that mails can be sorted.")
        String subjectPrefix() default "[serverconnect]";

        @AttributeDefinition(name = "Trust store", required = false,
                description = "PKCS#12 file with the certificate of a private SMTP server. Default: the JVM's trusted authorities.")
        String truststore() default "";

        @AttributeDefinition(name = "Trust store password", type = AttributeType.PASSWORD, required = false,
                description = "Key .truststorePassword; ${env:NAME} / ${file:PATH} allowed.")
        String _truststorePassword() default "";

        @AttributeDefinition(name = "Alert interval (s)", description = "At most one alert mail per account in this time; "
                + "what happens meanwhile is listed in the next one.")
        int alertInterval() default 300;

        @AttributeDefinition(name = "Give up after (h)", description = "A message the server has not taken by then is moved "
                + "to the queue's failed/ folder and logged.")
        int giveUpAfter() default 48;

        @AttributeDefinition(name = "Longest retry wait (s)", description = "While the server cannot be reached, the wait "
                + "between attempts doubles up to this.")
        int retryMax() default 120;

        @AttributeDefinition(name = "Timeout (s)", description = "Connect and read timeout towards the server.")
        int timeout() default 30;

        @AttributeDefinition(name = "Name hint", description = "How the web console lists this notifier.")
        String webconsole_configurationFactory_nameHint() default "{name}: {security} to {host}";
    }

    enum Security {
        NONE, STARTTLS, SMTPS
    }

    /** Everything needed to talk to the server, checked. */
    record Settings(String name, String host, int port, Security security, String username, String password,
            InternetAddress from, InternetAddress replyTo, String subjectPrefix, SSLContext trust, Duration alertInterval,
            Duration giveUpAfter, Duration retryMax, Duration timeout) {
        @Override
        public String toString() {
            return name + ": " + security.name().toLowerCase(Locale.ROOT) + " to " + host + ":" + port
                    + (username.isEmpty() ? "" : " as " + username) + ", from " + from;
        }
    }

    private final Settings settings;
    private final Session session;
    private final MessageComposer composer;
    private final MailQueue queue;
    private final MailRouting routing;

    @Activate
    public SmtpNotifier(Config config, Map<String, Object> properties, BundleContext context,
            @Reference SecretResolver secrets) throws IOException {
        this(settings(config, properties, secrets), queueFolder(context, config.name()), Duration.ofSeconds(2));
    }

    SmtpNotifier(Settings settings, Path queueFolder, Duration gather) throws IOException {
        this.settings = settings;
        this.session = session(settings);
        this.composer = new MessageComposer(settings.subjectPrefix(), ZoneId.systemDefault());
        this.queue = new MailQueue(settings.name(), queueFolder, session, this::send, settings.giveUpAfter(),
                settings.retryMax(), Clock.systemUTC());
        this.routing = new MailRouting(settings.name(), () -> composer, settings::from, false, gather,
                settings.alertInterval(), queueFolder.resolve("digest"), this::enqueue);
        LOG.info("Notifier {} active: {} (queue {})", settings.name(), settings, queueFolder);
    }

    private static Path queueFolder(BundleContext context, String name) {
        String home = context.getProperty("serverconnect.home");
        return (home == null ? Path.of("data") : Path.of(home, "data")).resolve("mail-queue").resolve(name);
    }

    static Settings settings(Config c, Map<String, Object> properties, SecretResolver secrets) {
        Names.requirePrivate(properties, "password", "truststorePassword");
        String name = Names.requireValidName("notifier", c.name());
        if (c.host() == null || c.host().isBlank()) {
            throw new IllegalArgumentException("host is missing: the SMTP server notifier " + name + " sends through");
        }
        Security security;
        try {
            security = Security.valueOf(c.security().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("security '" + c.security() + "' is not one of none, starttls, smtps");
        }
        int port = c.port() > 0 ? c.port() : switch (security) {
        case NONE -> 25;
        case STARTTLS -> 587;
        case SMTPS -> 465;
        };
        requireEncryptedLogin(name, security, c.host().trim(), c.username().trim());
        String password = secrets.resolve(".password", c._password());
        SSLContext trust = c.truststore().isBlank() ? null
                : trust(Path.of(c.truststore().trim()), secrets.resolve(".truststorePassword", c._truststorePassword()));
        return new Settings(name, c.host().trim(), port, security, c.username().trim(), password == null ? "" : password,
                address("from", c.from()), c.replyTo().isBlank() ? null : address("replyTo", c.replyTo()),
                c.subjectPrefix(), trust, Duration.ofSeconds(Math.max(0, c.alertInterval())),
                Duration.ofHours(Math.max(1, c.giveUpAfter())), Duration.ofSeconds(Math.max(2, c.retryMax())),
                Duration.ofSeconds(Math.max(1, c.timeout())));
    }

    /**
     * A login over plain SMTP sends the password readable by the network: refused, unless the server is on this
     * machine (the loopback address), where no network carries it.
     */
    static void requireEncryptedLogin(String name, Security security, String host, String username) {
        if (security != Security.NONE || username.isEmpty()) {
            return;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.startsWith("127.")) {
            return;
        }
        throw new IllegalArgumentException("notifier " + name + " would send its SMTP password to " + host
                + " unencrypted (security none): use security starttls or smtps");
    }

    static InternetAddress address(String key, String value) {
        try {
            InternetAddress a = new InternetAddress(value == null ? "" : value.trim(), true);
            if (a.isGroup()) {
                throw new AddressException("a group is not a sender");
            }
            return a;
        } catch (AddressException e) {
            throw new IllegalArgumentException(key + " '" + value + "' is not a valid address: " + e.getMessage());
        }
    }

    static SSLContext trust(Path truststore, String password) {
        try (InputStream in = Files.newInputStream(truststore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password == null || password.isEmpty() ? null : password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("truststore " + truststore + " cannot be read: " + e.getMessage());
        }
    }

    /** The Jakarta Mail session for these settings: TLS as configured, identity checked, timeouts set. */
    static Session session(Settings s) {
        String proto = s.security() == Security.SMTPS ? "smtps" : "smtp";
        Properties p = new Properties();
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", s.host());
        p.put("mail." + proto + ".port", Integer.toString(s.port()));
        String ms = Long.toString(s.timeout().toMillis());
        p.put("mail." + proto + ".connectiontimeout", ms);
        p.put("mail." + proto + ".timeout", ms);
        p.put("mail." + proto + ".writetimeout", ms);
        p.put("mail." + proto + ".auth", Boolean.toString(!s.username().isEmpty()));
        if (s.security() == Security.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");      // never fall back to plain text
        } else if (s.security() == Security.NONE) {
            p.put("mail.smtp.starttls.enable", "false");
        }
        if (s.security() != Security.NONE) {
            p.put("mail." + proto + ".ssl.checkserveridentity", "true");
            p.put("mail." + proto + ".ssl.protocols", "TLSv1.3 TLSv1.2");
            if (s.trust() != null) {
                p.put("mail." + proto + ".ssl.socketFactory", s.trust().getSocketFactory());
            }
        }
        return Session.getInstance(p);
    }

    private void send(MimeMessage m) throws MessagingException {
        try (Transport t = connect()) {
            t.sendMessage(m, m.getAllRecipients());
        }
    }

    private Transport connect() throws MessagingException {
        Transport t = session.getTransport();
        try {
            if (settings.username().isEmpty()) {
                t.connect();
            } else {
                t.connect(settings.host(), settings.port(), settings.username(), settings.password());
            }
            return t;
        } catch (MessagingException | RuntimeException e) {
            t.close();
            throw e;
        }
    }

    /** Connects and logs in (TLS as configured) without sending anything. */
    @Override
    public List<Check> check() {
        String subject = "mail notifier " + settings.name() + " (" + settings.host() + ":" + settings.port() + ")";
        try {
            MessageFiles.withMailLoader(session, () -> {
                connect().close();
                return null;
            });
            return List.of(Check.ok(subject, "the server answers and accepts the login"));
        } catch (MessagingException | IOException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return List.of(Check.problem(subject, "cannot deliver: " + e.getMessage()
                    + (root != e ? " (" + root.getMessage() + ")" : "")
                    + "; check host, port, security, user and password, and that this machine may reach the server. "
                    + "Mails wait in data/mail-queue/" + settings.name() + " meanwhile"));
        }
    }

    @Deactivate
    void stop() {
        routing.close();
        queue.close();
        LOG.info("Notifier {} stopped", settings.name());
    }

    void close() {
        stop();
    }

    MailQueue queue() {
        return queue;
    }

    @Override
    public void report(RunReport report, Audience audience) {
        routing.report(report, audience);
    }

    @Override
    public void event(Event event, Audience audience) {
        routing.event(event, audience);
    }

    /** Queues a message, with the reply address when one is set; never throws. */
    private void enqueue(String account, MessageFiles.Compose compose) {
        try {
            queue.add(account, session -> {
                MimeMessage m = compose.build(session);
                if (settings.replyTo() != null) {
                    m.setReplyTo(new InternetAddress[] { settings.replyTo() });
                }
                return m;
            });
        } catch (IOException | MessagingException | RuntimeException e) {
            LOG.warn("Notifier {}: could not queue a message for account {}: {}", settings.name(), account, e.toString());
        }
    }

    @Override
    public String toString() {
        return "SmtpNotifier[" + settings + "]";
    }
}
