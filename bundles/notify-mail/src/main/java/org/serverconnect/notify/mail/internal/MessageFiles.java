package org.serverconnect.notify.mail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * Messages as {@code .eml} files: written atomically (a hidden temporary name, flushed, then renamed) under names that
 * sort by time, and read back. The mail drop writes its output this way, and the SMTP notifier its durable queue.
 */
final class MessageFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private MessageFiles() {
    }

    /** Something that builds a message; called with the mail provider's class loader as context class loader. */
    @FunctionalInterface
    interface Compose {
        MimeMessage build(Session session) throws MessagingException;
    }

    /** Something done with the mail provider's class loader as context class loader. */
    @FunctionalInterface
    interface MailWork<T> {
        T run() throws MessagingException, IOException;
    }

    /**
     * Runs {@code work} with the context class loader set to the mail provider's: Jakarta Activation finds the mail
     * content handlers (angus-mail's mailcap) through it, and inside OSGi that must be the provider's,
     * or Jakarta Activation finds no content handlers.
     */
    static <T> T withMailLoader(Session session, MailWork<T> work) throws MessagingException, IOException {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        try {
            t.setContextClassLoader(providerLoader(session));
            return work.run();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    private static ClassLoader providerLoader(Session session) {
        try {
            return session.getTransport("smtp").getClass().getClassLoader();
        } catch (NoSuchProviderException e) {
            return MessageFiles.class.getClassLoader();
        }
    }

    /** @return a new file name {@code yyyyMMdd-HHmmss-SSS-<account>-<n>.eml} that sorts by creation */
    static String newName(String account) {
        return STAMP.format(ZonedDateTime.now()) + "-" + MessageComposer.clean(account).replaceAll("[^A-Za-z0-9_.]", "_")
                + "-" + String.format("%09d", SEQUENCE.incrementAndGet()) + ".eml";
    }

    /** Composes a message and writes it as {@code folder/name} atomically. @return the file */
    static Path write(Session session, Path folder, String name, Compose compose) throws MessagingException, IOException {
        Path tmp = folder.resolve("." + name + ".tmp");
        try {
            return withMailLoader(session, () -> {
                MimeMessage m = compose.build(session);
                m.saveChanges();
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    m.writeTo(out);
                }
                try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                Path target = folder.resolve(name);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target);
                }
                return target;
            });
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads a message written by {@link #write}. */
    static MimeMessage read(Session session, Path file) throws MessagingException, IOException {
        return withMailLoader(session, () -> {
            try (InputStream in = Files.newInputStream(file)) {
                return new MimeMessage(session, in);
            }
        });
    }
}
