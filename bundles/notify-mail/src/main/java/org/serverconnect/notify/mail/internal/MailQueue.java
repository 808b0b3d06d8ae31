package org.serverconnect.notify.mail.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable queue of outgoing mail: each message is an {@code .eml} file in a folder (it survives a restart), sent in
 * order by one thread, deleted once the server took it. While the server cannot be reached the thread waits with
 * exponential back-off (capped); a message still unsent after {@code giveUpAfter} is moved to {@code failed/} and
 * logged. Adding a message never blocks on the network, so a run is never held up by mail.
 */
final class MailQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailQueue.class);
    private static final Duration FIRST_WAIT = Duration.ofSeconds(2);

    /** Hands one message to the server. */
    @FunctionalInterface
    interface Sender {
        void send(MimeMessage message) throws MessagingException;
    }

    private final String name;
    private final Path folder;
    private final Session session;
    private final Sender sender;
    private final Duration giveUpAfter;
    private final Duration firstWait;
    private final Duration longestWait;
    private final Clock clock;
    private final Thread worker;
    private volatile boolean open = true;
    private boolean wake;                    // guarded by this
    private volatile String lastProblem;
    private final AtomicInteger failedAttempts = new AtomicInteger();

    /**
     * @param longestWait the longest wait between attempts while the server cannot be reached; the first wait is
     *                    2 s, or this when it is shorter (the settings allow no less than 2 s; tests wait less)
     */
    MailQueue(String name, Path folder, Session session, Sender sender, Duration giveUpAfter, Duration longestWait,
            Clock clock) throws IOException {
        if (longestWait.isNegative() || longestWait.isZero()) {
            throw new IllegalArgumentException("the longest retry wait must be longer than zero: " + longestWait);
        }
        this.longestWait = longestWait;
        this.firstWait = longestWait.compareTo(FIRST_WAIT) < 0 ? longestWait : FIRST_WAIT;
        this.name = name;
        this.folder = folder;
        this.session = session;
        this.sender = sender;
        this.giveUpAfter = giveUpAfter;
        this.clock = clock;
        Files.createDirectories(folder.resolve("failed"));
        this.worker = new Thread(this::work, "mail-queue-" + name);
        worker.setDaemon(true);
        worker.start();
    }

    /** Composes a message into the queue. */
    void add(String account, MessageFiles.Compose compose) throws MessagingException, IOException {
        MessageFiles.write(session, folder, MessageFiles.newName(account), compose);
        synchronized (this) {
            wake = true;
            notifyAll();
        }
    }

    /** @return how many messages wait */
    int size() throws IOException {
        return queued().size();
    }

    /** @return how many attempts to hand a message to the server have failed since the queue started */
    int failedAttempts() {
        return failedAttempts.get();
    }

    /** @return why the last attempt failed, or {@code null} when it worked */
    String lastProblem() {
        return lastProblem;
    }

    private List<Path> queued() throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".eml") && !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    private void work() {
        Duration wait = firstWait;
        while (open) {
            boolean failed = false;
            try {
                for (Path file : queued()) {
                    if (!open) {
                        return;
                    }
                    if (!deliver(file)) {
                        failed = true;
                        break;
                    }
                }
            } catch (IOException e) {
                LOG.warn("Notifier {}: cannot read its mail queue {}: {}", name, folder, e.toString());
                failed = true;
            }
            wait = failed ? (wait.multipliedBy(2).compareTo(longestWait) >= 0 ? longestWait : wait.multipliedBy(2)) : firstWait;
            pause(failed ? wait : Duration.ofMinutes(10));
        }
    }

    /** @return false when the server could not be reached (try again later), true otherwise */
    private boolean deliver(Path file) throws IOException {
        MimeMessage m;
        try {
            m = MessageFiles.read(session, file);
        } catch (MessagingException e) {
            LOG.error("Notifier {}: queued message {} cannot be read ({}); moved to failed/", name, file.getFileName(), e.toString());
            Files.move(file, folder.resolve("failed").resolve(file.getFileName()));
            return true;
        }
        try {
            MessageFiles.withMailLoader(session, () -> {
                sender.send(m);
                return null;
            });
            Files.delete(file);
            if (lastProblem != null) {
                LOG.info("Notifier {}: the mail server takes messages again", name);
            }
            lastProblem = null;
            return true;
        } catch (MessagingException e) {
            String problem = describe(e);
            if (!problem.equals(lastProblem)) {
                LOG.warn("Notifier {}: cannot send mail ({}); {} messages wait and are retried", name, problem, size());
            }
            lastProblem = problem;
            failedAttempts.incrementAndGet();
            FileTime created = Files.getLastModifiedTime(file);
            if (Duration.between(created.toInstant(), clock.instant()).compareTo(giveUpAfter) > 0) {
                LOG.error("Notifier {}: gave up on {} after {} h: {}; it is in {}", name, file.getFileName(),
                        giveUpAfter.toHours(), problem, folder.resolve("failed"));
                Files.move(file, folder.resolve("failed").resolve(file.getFileName()));
                return true;
            }
            return false;
        }
    }

    static String describe(Exception e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && b.length() < 300; c = c.getCause()) {
            b.append(": ").append(c.getMessage());
        }
        return b.toString();
    }

    private synchronized void pause(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (open && !wake) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        wake = false;
    }

    /** Stops the sending thread; queued messages stay for the next start. */
    @Override
    public void close() {
        open = false;
        synchronized (this) {
            notifyAll();
        }
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Instant now() {
        return clock.instant();
    }
}
