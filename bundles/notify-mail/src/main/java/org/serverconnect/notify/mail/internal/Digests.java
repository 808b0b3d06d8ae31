package org.serverconnect.notify.mail.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.Audience;
import org.serverconnect.api.notify.RunReport;
import org.serverconnect.api.notify.RunReport.DocumentOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily digests for accounts whose policy is {@code digest HH:MM}: every run with activity is appended to a file per
 * account ({@code <account>.tsv}, one line per document, flushed to disk, so a restart loses nothing), and once a
 * day, at the first {@code HH:MM} (in the runtime's zone) after the oldest line, everything gathered is sent as one
 * message. The recipients and the time are kept beside it ({@code <account>.audience}).
 *
 * <p>A digest being sent is first renamed to {@code <account>.sending}; one left over after a crash is sent at the
 * next start.
 */
final class Digests implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Digests.class);

    /** Sends one digest. */
    @FunctionalInterface
    interface Delivery {
        void deliver(String account, Instant since, Instant until, List<DocumentOutcome> documents, List<String> problems,
                Audience audience);
    }

    private final String name;
    private final Path folder;
    private final ZoneId zone;
    private final Clock clock;
    private final Delivery delivery;
    private final ScheduledExecutorService timer;

    Digests(String name, Path folder, ZoneId zone, Clock clock, Delivery delivery, boolean timed) throws IOException {
        this.name = name;
        this.folder = folder;
        this.zone = zone;
        this.clock = clock;
        this.delivery = delivery;
        Files.createDirectories(folder);
        if (timed) {
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "digests-" + name);
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::sendDue, 5, 30, TimeUnit.SECONDS);
        } else {
            this.timer = null;
        }
    }

    /** Adds a run to its account's next digest (runs without activity are left out). */
    synchronized void add(RunReport r, Audience audience) throws IOException {
        if (!r.hasActivity()) {
            return;
        }
        String account = file(r.account());
        Files.writeString(folder.resolve(account + ".audience"), audience.digestAt() + "\n"
                + String.join(",", audience.recipients()) + "\n", StandardCharsets.UTF_8);
        StringBuilder lines = new StringBuilder();
        long time = r.finished().toEpochMilli();
        if (r.problem() != null) {
            lines.append(line(time, r.kind().name(), "", "", "", "", r.problem()));
        }
        for (DocumentOutcome d : r.documents()) {
            lines.append(line(time, r.kind().name(), d.fileName(), d.invoiceNumber(), d.counterparty(), d.state().name(),
                    d.reason()));
        }
        try (FileChannel ch = FileChannel.open(folder.resolve(account + ".tsv"), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE); OutputStream out = Channels.newOutputStream(ch)) {
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            ch.force(false);
        }
    }

    private static String line(long time, String kind, String file, String number, String counterparty, String state,
            String reason) {
        return time + "\t" + kind + "\t" + field(file) + "\t" + field(number) + "\t" + field(counterparty) + "\t" + state
                + "\t" + field(reason) + "\n";
    }

    private static String field(String s) {
        return s == null ? "" : s.replaceAll("[\\t\\r\\n\\p{Cntrl}]", " ");
    }

    private static String file(String account) {
        return account.replaceAll("[^A-Za-z0-9_.]", "_");
    }

    /** Sends every digest whose time has come; called by the timer, and directly by tests. */
    synchronized void sendDue() {
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                String f = p.getFileName().toString();
                if (f.endsWith(".sending")) {
                    send(f.substring(0, f.length() - ".sending".length()), p);
                } else if (f.endsWith(".tsv")) {
                    String account = f.substring(0, f.length() - ".tsv".length());
                    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                    if (lines.isEmpty()) {
                        continue;
                    }
                    Instant oldest = Instant.ofEpochMilli(Long.parseLong(lines.get(0).split("\t", 2)[0]));
                    if (!clock.instant().isBefore(due(oldest, audience(account)))) {
                        Path sending = folder.resolve(account + ".sending");
                        Files.move(p, sending, StandardCopyOption.ATOMIC_MOVE);
                        send(account, sending);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Notifier {}: digests could not be sent: {}", name, e.toString());
        }
    }

    /** The first digest time after {@code oldest}. */
    Instant due(Instant oldest, Audience audience) {
        LocalTime at = LocalTime.parse(audience.digestAt());
        ZonedDateTime t = oldest.atZone(zone).with(at);
        if (!t.toInstant().isAfter(oldest)) {
            t = t.plusDays(1).with(at);
        }
        return t.toInstant();
    }

    private Audience audience(String account) throws IOException {
        Path a = folder.resolve(account + ".audience");
        List<String> lines = Files.exists(a) ? Files.readAllLines(a, StandardCharsets.UTF_8) : List.of();
        String at = lines.isEmpty() || lines.get(0).isBlank() ? "07:00" : lines.get(0).trim();
        List<String> to = lines.size() < 2 || lines.get(1).isBlank() ? List.of() : List.of(lines.get(1).trim().split(","));
        return new Audience(to, Audience.Policy.DIGEST, at);
    }

    private void send(String account, Path sending) throws IOException {
        List<DocumentOutcome> documents = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Instant since = null;
        for (String l : Files.readAllLines(sending, StandardCharsets.UTF_8)) {
            String[] f = l.split("\t", -1);
            if (f.length < 7) {
                continue;
            }
            Instant t = Instant.ofEpochMilli(Long.parseLong(f[0]));
            since = since == null ? t : since;
            if (f[5].isEmpty()) {
                problems.add(f[1].toLowerCase() + " run: " + f[6]);
            } else {
                documents.add(new DocumentOutcome(f[2], f[3].isEmpty() ? null : f[3], f[4].isEmpty() ? null : f[4],
                        DocumentState.valueOf(f[5]), f[6].isEmpty() ? null : f[6]));
            }
        }
        if (since != null) {
            delivery.deliver(account, since, clock.instant(), documents, problems, audience(account));
        }
        Files.delete(sending);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
