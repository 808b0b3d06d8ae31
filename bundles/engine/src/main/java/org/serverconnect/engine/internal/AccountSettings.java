package org.serverconnect.engine.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.serverconnect.api.Names;
import org.serverconnect.api.document.InboxSettings;
import org.serverconnect.api.document.OutboxSettings;
import org.serverconnect.api.format.CheckLevel;
import org.serverconnect.api.notify.Audience;

/**
 * One account's settings, read and checked from its configuration. Every problem is an
 * {@link IllegalArgumentException} whose message names the key and says what is expected.
 */
record AccountSettings(String name, boolean enabled, boolean send, boolean receive, OutboxSettings outbox,
        InboxSettings inbox, String sendSchedule, String sendWindow, String receiveSchedule, String followupSchedule,
        ZoneId zone, String connection, String company, String sendMode, String documentType, CheckLevel check,
        List<String> notifierNames, Audience audience, Duration retryInitial, Duration retryMax, int retryAttempts,
        int circuitFailures, Duration circuitPause, Duration reconcileWindow, boolean holdUnresolved,
        List<String> receiveDocumentTypes, Duration followupFor, int batch, int sendParallel, boolean csv,
        Map<String, String> csvOptions) {

    /**
     * Everything the account checks before it starts, in one place: its settings, then its timetables and window with
     * the scheduler's own grammar. {@link AccountCheck} runs the same before a configuration is written.
     *
     * @throws IllegalArgumentException naming the setting and what is expected
     */
    static AccountSettings checked(AccountComponent.Config c, Map<String, Object> properties, Path home,
            org.serverconnect.api.schedule.TimetableParser timetables) {
        AccountSettings s = from(c, properties, home);
        if (!s.sendWindow().isBlank()) {
            check("send.window", () -> timetables.timetable("immediate", s.sendWindow(), s.zone()));
        }
        check("send.schedule", () -> timetables.timetable(s.sendSchedule(), s.sendWindow(), s.zone()));
        check("followup.schedule", () -> timetables.timetable(s.followupSchedule(), null, s.zone()));
        check("receive.schedule", () -> timetables.timetable(s.receiveSchedule(), null, s.zone()));
        return s;
    }

    private static void check(String key, Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    static AccountSettings from(AccountComponent.Config c, Map<String, Object> properties, Path home) {
        String name = Names.requireValidName("account", c.name());
        Path folder = c.folder().isBlank() ? home.resolve("accounts").resolve(name) : home.resolve(c.folder().trim());
        Path outbox = folder(folder, c.outbox(), "outbox", home);
        Path inbox = folder(folder, c.inbox(), "inbox", home);
        Path work = folder(folder, c.work(), "work", home);
        Path sent = folder(folder, c.sent(), "sent", home);
        Path error = folder(folder, c.error(), "error", home);
        Path archive = c.archive().isBlank() ? null : home.resolve(folder.resolve(c.archive().trim()));
        OutboxSettings.Pickup pickup = new OutboxSettings.Pickup(pickupKind(c.pickup()),
                seconds("pickup.stableFor", c.pickup_stableFor()), seconds("pickup.minAge", c.pickup_minAge()));
        OutboxSettings out = new OutboxSettings(name, outbox, work, sent, error, archive, pickup, list(c.include()),
                list(c.exclude()), options(properties, "outbox.", Map.of("doneFile", c.outbox_doneFile(),
                        "temporary", String.join(",", list(c.outbox_temporary())), "recursive",
                        String.valueOf(c.outbox_recursive()), "sentAction", c.outbox_sentAction().trim())));
        InboxSettings in = new InboxSettings(name, inbox, options(properties, "inbox.", Map.of("fileMode",
                c.inbox_fileMode().trim(), "doneFile", String.valueOf(c.inbox_doneFile()))));
        ZoneId zone;
        try {
            zone = c.timezone().isBlank() ? ZoneId.systemDefault() : ZoneId.of(c.timezone().trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("timezone '" + c.timezone() + "' is not a time zone (example: Europe/Stockholm)");
        }
        boolean needsNetwork = c.enabled() && (c.send() || c.receive());
        if (needsNetwork && c.connection().isBlank()) {
            throw new IllegalArgumentException("connection is missing: name the Pagero connection this account uses "
                    + "(the part after '-' in etc/org.serverconnect.transport.pagero-<name>.cfg)");
        }
        if (needsNetwork && c.company().isBlank()) {
            throw new IllegalArgumentException("company is missing: the Pagero Online company id this account sends and receives for");
        }
        CheckLevel check;
        try {
            check = CheckLevel.valueOf(c.check().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("check '" + c.check() + "' is not one of none, wellformed, format, rules");
        }
        choice("outbox.sentAction", c.outbox_sentAction(), "move", "delete");
        choice("reconcile.unresolved", c.reconcile_unresolved(), "resend", "hold");
        List<String> receiveTypes = documentTypes(c.receive_documentTypes());
        if (c.followup_days() < 1) {
            throw new IllegalArgumentException("followup.days must be at least 1, was " + c.followup_days());
        }
        choice("csv.separator", c.csv_separator(), "auto", ";", ",", "tab");
        choice("csv.decimal", c.csv_decimal(), ".", ",");
        try {
            java.nio.file.attribute.PosixFilePermissions.fromString(c.inbox_fileMode().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("inbox.fileMode '" + c.inbox_fileMode() + "' is not a file mode such as "
                    + "rw-r-----");
        }
        Audience audience = audience(c.notify_policy(), list(c.notify_to()));
        if (c.retry_attempts() < 1 || c.circuit_failures() < 1 || c.batch() < 1 || c.send_parallel() < 1) {
            throw new IllegalArgumentException("retry.attempts, circuit.failures, batch and send.parallel must be at least 1");
        }
        Duration retryInitial = seconds("retry.initial", c.retry_initial());
        Duration retryMax = seconds("retry.max", c.retry_max());
        if (retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("retry.max (" + c.retry_max() + ") must not be less than retry.initial ("
                    + c.retry_initial() + ")");
        }
        return new AccountSettings(name, c.enabled(), c.send(), c.receive(), out, in, c.send_schedule().trim(),
                c.send_window().trim(), c.receive_schedule().trim(), c.followup_schedule().trim(), zone, c.connection().trim(),
                c.company().trim(), blankToNull(c.sendMode()), blankToNull(c.documentType()), check, list(c.notify$()),
                audience, retryInitial, retryMax, c.retry_attempts(), c.circuit_failures(),
                seconds("circuit.pause", c.circuit_pause()), seconds("reconcile.window", c.reconcile_window()),
                c.reconcile_unresolved().trim().equals("hold"), receiveTypes, Duration.ofDays(c.followup_days()), c.batch(),
                c.send_parallel(), c.csv(), options(properties, "csv.", Map.of("separator", c.csv_separator().trim(),
                        "decimal", c.csv_decimal().trim())));
    }

    /** The network's document types to receive: names such as {@code Invoice}; responses are not among them. */
    private static List<String> documentTypes(String[] values) {
        List<String> types = list(values);
        if (types.isEmpty()) {
            throw new IllegalArgumentException("receive.documentTypes is empty: name at least one, such as Invoice");
        }
        for (String t : types) {
            if (!t.matches("[A-Za-z]+")) {
                throw new IllegalArgumentException("receive.documentTypes '" + t + "' is not a document type such as "
                        + "Invoice or PaymentReminder");
            }
            if (t.equals("ApplicationResponse")) {
                throw new IllegalArgumentException("receive.documentTypes: ApplicationResponse is not received into the "
                        + "inbox; recipients' responses are followed up with the invoices they answer");
            }
        }
        return List.copyOf(types);
    }

    private static Path folder(Path folder, String configured, String sub, Path home) {
        return configured.isBlank() ? folder.resolve(sub) : home.resolve(folder.resolve(configured.trim()));
    }

    private static OutboxSettings.Pickup.Kind pickupKind(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "stable" -> OutboxSettings.Pickup.Kind.STABLE;
        case "done-file", "donefile", "done_file" -> OutboxSettings.Pickup.Kind.DONE_FILE;
        case "rename" -> OutboxSettings.Pickup.Kind.RENAME;
        default -> throw new IllegalArgumentException("pickup '" + value + "' is not one of stable, done-file, rename");
        };
    }

    static Audience audience(String policy, List<String> to) {
        String p = policy.trim().toLowerCase(Locale.ROOT);
        if (p.startsWith("digest")) {
            String at = p.substring("digest".length()).trim();
            if (!at.matches("([01]\\d|2[0-3]):[0-5]\\d")) {
                throw new IllegalArgumentException("notify.policy '" + policy + "': a digest needs its time, as in 'digest 07:30'");
            }
            return new Audience(to, Audience.Policy.DIGEST, at);
        }
        return switch (p) {
        case "every" -> new Audience(to, Audience.Policy.EVERY, null);
        case "activity" -> new Audience(to, Audience.Policy.ACTIVITY, null);
        case "problems" -> new Audience(to, Audience.Policy.PROBLEMS, null);
        default -> throw new IllegalArgumentException("notify.policy '" + policy
                + "' is not one of every, activity, problems, digest HH:MM");
        };
    }

    private static void choice(String key, String value, String... allowed) {
        if (!List.of(allowed).contains(value.trim())) {
            throw new IllegalArgumentException(key + " '" + value + "' is not one of " + String.join(", ", allowed));
        }
    }

    private static Duration seconds(String key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(key + " must not be negative (seconds), was " + value);
        }
        return Duration.ofSeconds(value);
    }

    /** Values of a multi-valued key; a single value may also be comma-separated. */
    static List<String> list(String[] values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /**
     * The options passed on to the outbox, inbox or converter: the typed settings under {@code prefix}, and any
     * other key under it (prefix removed) for a folder or converter bundle that knows more options than these.
     */
    private static Map<String, String> options(Map<String, Object> properties, String prefix, Map<String, String> typed) {
        Map<String, String> out = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith(prefix) && v != null && !typed.containsKey(k.substring(prefix.length()))) {
                out.put(k.substring(prefix.length()), String.valueOf(v));
            }
        });
        out.putAll(new java.util.TreeMap<>(typed));
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
