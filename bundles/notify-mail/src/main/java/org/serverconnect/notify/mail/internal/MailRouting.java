package org.serverconnect.notify.mail.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.mail.internet.InternetAddress;

import org.serverconnect.api.notify.Audience;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.notify.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both mail notifiers do with reports and events: a run the audience wants is mailed at once or kept for its
 * daily digest ({@link Digests}), events are coalesced into alerts ({@link Alerts}), recipients are checked. The
 * notifiers differ only in where a composed message goes — an {@code .eml} file in a folder, or the SMTP queue —
 * which is their {@link Outlet}.
 */
final class MailRouting implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailRouting.class);

    /** Takes one message (writes or queues it); never throws. */
    @FunctionalInterface
    interface Outlet {
        void put(String account, MessageFiles.Compose compose);
    }

    private final String name;
    private final Supplier<MessageComposer> composer;
    private final Supplier<InternetAddress> from;
    private final boolean withoutRecipients;
    private final Outlet outlet;
    private final Alerts alerts;
    private final Digests digests;

    /**
     * @param withoutRecipients whether a message is still made when an account names nobody (the mail drop: its
     *                          files are read by people or programs that are not addressees)
     */
    MailRouting(String name, Supplier<MessageComposer> composer, Supplier<InternetAddress> from, boolean withoutRecipients,
            Duration gather, Duration alertInterval, Path digestFolder, Outlet outlet) throws IOException {
        this.name = name;
        this.composer = composer;
        this.from = from;
        this.withoutRecipients = withoutRecipients;
        this.outlet = outlet;
        this.alerts = new Alerts(name, gather, alertInterval, this::alert);
        this.digests = new Digests(name, digestFolder, ZoneId.systemDefault(), Clock.systemUTC(), this::digest, true);
    }

    void report(RunReport report, Audience audience) {
        if (!audience.wants(report)) {
            return;
        }
        if (audience.policy() == Audience.Policy.DIGEST) {
            try {
                digests.add(report, audience);
            } catch (IOException e) {
                LOG.warn("Notifier {}: could not keep a run of account {} for its digest: {}", name, report.account(),
                        e.toString());
            }
            return;
        }
        List<InternetAddress> to = recipients(audience);
        if (!to.isEmpty() || withoutRecipients) {
            outlet.put(report.account(), session -> composer.get().report(session, report, from.get(), to));
        }
    }

    void event(Event event, Audience audience) {
        alerts.add(event, audience);
    }

    private void alert(String account, List<Event> events, Audience audience) {
        List<InternetAddress> to = recipients(audience);
        if (!to.isEmpty() || withoutRecipients) {
            outlet.put(account, session -> composer.get().alert(session, account, events, from.get(), to));
        }
    }

    private void digest(String account, Instant since, Instant until, List<RunReport.DocumentOutcome> documents,
            List<String> problems, Audience audience) {
        List<InternetAddress> to = recipients(audience);
        if (!to.isEmpty() || withoutRecipients) {
            outlet.put(account, session -> composer.get().digest(session, account, since, until, documents, problems,
                    from.get(), to));
        }
    }

    private List<InternetAddress> recipients(Audience audience) {
        List<String> rejected = new ArrayList<>();
        List<InternetAddress> to = MessageComposer.addresses(audience.recipients(), rejected);
        if (!rejected.isEmpty()) {
            LOG.warn("Notifier {}: invalid recipient addresses left out: {}", name, rejected);
        }
        return to;
    }

    /** Sends the alerts gathered so far and stops the digest timer (kept digests stay on disk). */
    @Override
    public void close() {
        digests.close();
        alerts.close();
    }
}
