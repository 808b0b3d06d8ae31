package org.serverconnect.api.notify;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Tells people what happened. One instance per notifier configuration, with the service properties
 * {@link org.serverconnect.api.Names#NAME} and {@link NotifierType#KEY}; accounts select notifiers by name.
 *
 * <p><b>Threads:</b> the engine calls notifiers from its own notification thread, never from a run, so a slow mail
 * server never delays sending. Calls for one account arrive in order. An implementation returns within a few
 * seconds: if delivery takes longer it queues the message and delivers it itself.
 *
 * <p><b>Failures:</b> a notifier never throws for a delivery problem: it logs it, keeps the message for a later
 * attempt where that makes sense, and reports its own state. An exception thrown anyway is logged by the engine and
 * otherwise ignored: notification never stops sending or receiving.
 */
@ConsumerType
public interface Notifier {

    /**
     * Receives the report of one finished run.
     *
     * @param report   what the run did
     * @param audience who is to be told, and when, as the account configures it
     */
    void report(RunReport report, Audience audience);

    /**
     * Receives one event that people may need to act on at once.
     *
     * @param event    what happened
     * @param audience who is to be told, as the account configures it
     */
    void event(Event event, Audience audience);

    /**
     * Checks that this notifier can deliver (for {@code serverconnect doctor}), for example that its mail server
     * answers and accepts its login. Called from a console or shell thread; may take a few seconds.
     *
     * @return one finding per thing checked; none when there is nothing to check
     */
    default java.util.List<org.serverconnect.api.Check> check() {
        return java.util.List.of();
    }
}
