package org.serverconnect.config.xml.internal;

import java.util.Locale;

/**
 * The kinds of configuration the installation file describes: where each lives in the file, its factory PID, and
 * what people call it on the command line.
 */
enum Kind {
    PAGERO("connections", "pagero", "org.serverconnect.transport.pagero", "connection"),
    MAIL("notifiers", "mail", "org.serverconnect.notify.mail", "notifier"),
    MAILDROP("notifiers", "maildrop", "org.serverconnect.notify.maildrop", "notifier"),
    LOG("notifiers", "log", "org.serverconnect.notify.log", "notifier"),
    ACCOUNT("accounts", "account", "org.serverconnect.account", "account"),
    /** A bundle added to the runtime: any factory PID, keys unchecked. */
    OTHER("configurations", "configuration", null, "configuration");

    final String section;
    final String element;
    final String factoryPid;
    /** account, connection, notifier: the noun of messages and of the command line */
    final String noun;

    Kind(String section, String element, String factoryPid, String noun) {
        this.section = section;
        this.element = element;
        this.factoryPid = factoryPid;
        this.noun = noun;
    }

    /** @return the kind of an element in a section, or {@code null} */
    static Kind of(String section, String element) {
        for (Kind k : values()) {
            if (k.section.equals(section) && k.element.equals(element)) {
                return k;
            }
        }
        return null;
    }

    /** @return the kind configured by a factory PID, {@link #OTHER} for any PID not ours */
    static Kind ofPid(String factoryPid) {
        for (Kind k : values()) {
            if (factoryPid.equals(k.factoryPid)) {
                return k;
            }
        }
        return OTHER;
    }

    /** @return kinds the command line's noun stands for ({@code notifier}: mail, maildrop and log) */
    static java.util.List<Kind> ofNoun(String noun) {
        return java.util.Arrays.stream(values()).filter(k -> k.noun.equals(noun) && k != OTHER).toList();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
