package org.serverconnect.notify.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.Audience;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.notify.RunReport;
import org.subethamail.smtp.server.SMTPServer;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The SMTP notifier against real SMTP servers: GreenMail (plain SMTP, SMTPS, authentication) and SubEthaSMTP
 * (STARTTLS, required), with a self-signed certificate made for the test and trusted explicitly.
 */
class SmtpNotifierTest {
    private static final Audience OPS = new Audience(List.of("ops@example.com"), Audience.Policy.EVERY, null);
    /**
     * The longest wait between attempts while the server cannot be reached (2 s at the least in a configuration):
     * short here, so that the tests see many attempts in little time.
     */
    private static final Duration RETRY = Duration.ofMillis(100);
    private static Path keystore;
    private static Path truststore;

    @TempDir
    Path dir;
    private final List<AutoCloseable> running = new ArrayList<>();

    @BeforeAll
    static void certificate(@TempDir Path certs) throws Exception {
        keystore = certs.resolve("server.p12");
        truststore = certs.resolve("trust.p12");
        Path cer = certs.resolve("server.cer");
        keytool("-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-alias", "smtp", "-keystore", keystore.toString(), "-storepass", "changeit", "-file", cer.toString());
        keytool("-importcert", "-noprompt", "-alias", "smtp", "-file", cer.toString(), "-keystore", truststore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");
        // GreenMail's SMTPS uses this key instead of its built-in one (read once per JVM, before its first TLS use)
        System.setProperty("greenmail.tls.keystore.file", keystore.toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        System.setProperty("greenmail.tls.key.password", "changeit");
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "keytool: " + out);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    private GreenMail greenMail(ServerSetup setup) {
        GreenMail g = new GreenMail(setup);
        g.start();
        running.add(g::stop);
        return g;
    }

    private SmtpNotifier notifier(int port, SmtpNotifier.Security security, String user, String password, boolean trusted,
            Duration alertInterval, Path queue) throws IOException {
        SmtpNotifier.Settings s = new SmtpNotifier.Settings("ops", "127.0.0.1", port, security, user, password,
                SmtpNotifier.address("from", "serverconnect@example.com"), null, "[sc]",
                trusted ? SmtpNotifier.trust(truststore, "changeit") : null, alertInterval, Duration.ofHours(1),
                RETRY, Duration.ofSeconds(5));
        SmtpNotifier n = new SmtpNotifier(s, queue, Duration.ofMillis(300));
        running.add(n::close);
        return n;
    }

    private SmtpNotifier notifier(int port, SmtpNotifier.Security security, String user, String password, boolean trusted)
            throws IOException {
        return notifier(port, security, user, password, trusted, Duration.ofMinutes(5), dir.resolve("queue"));
    }

    private static RunReport report(String file) {
        Instant now = Instant.now();
        return new RunReport("acme", RunKind.SEND, now.minusSeconds(2), now, List.of(
                new RunReport.DocumentOutcome(file, "INV-1", "Globex AB", DocumentState.SENT, null)), null);
    }

    private static void await(String what, Check check, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(10);
        }
    }

    /**
     * Stops the notifier once its queue is empty: every message it took has then been handed to the server, whose
     * answer came after it stored the message, and nothing more can be sent. What the server has is then final.
     */
    private void drained(SmtpNotifier n) throws Exception {
        await("the queue is empty: " + n.queue().lastProblem(), () -> n.queue().size() == 0, Duration.ofSeconds(10));
        n.close();
    }

    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ------------------------------------------------------------------------------------------------ security

    @Test
    void aLoginOverPlainSmtpIsRefusedUnlessTheServerIsOnThisMachine() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SmtpNotifier.requireEncryptedLogin("ops", SmtpNotifier.Security.NONE, "mail.example.com", "sc"));
        assertTrue(e.getMessage().contains("unencrypted") && e.getMessage().contains("starttls or smtps"), e.getMessage());
        SmtpNotifier.requireEncryptedLogin("ops", SmtpNotifier.Security.NONE, "mail.example.com", "");
        SmtpNotifier.requireEncryptedLogin("ops", SmtpNotifier.Security.STARTTLS, "mail.example.com", "sc");
        SmtpNotifier.requireEncryptedLogin("ops", SmtpNotifier.Security.SMTPS, "mail.example.com", "sc");
        SmtpNotifier.requireEncryptedLogin("ops", SmtpNotifier.Security.NONE, "127.0.0.1", "sc");
        SmtpNotifier.requireEncryptedLogin("ops", SmtpNotifier.Security.NONE, "localhost", "sc");
    }

    @Test
    void plainSmtpWithAuthenticationDeliversTheReportAndAWrongPasswordDeliversNothing() throws Exception {
        GreenMail g = greenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        g.setUser("serverconnect@example.com", "sc", "secret");
        SmtpNotifier wrong = notifier(g.getSmtp().getPort(), SmtpNotifier.Security.NONE, "sc", "wrong", false,
                Duration.ofMinutes(5), dir.resolve("wrong-queue"));
        wrong.report(report("refused.xml"), OPS);
        await("the wrong password is refused", () -> wrong.queue().lastProblem() != null, Duration.ofSeconds(10));
        assertEquals(1, wrong.queue().size(), "the message waits; it is not lost");

        SmtpNotifier n = notifier(g.getSmtp().getPort(), SmtpNotifier.Security.NONE, "sc", "secret", false);
        n.report(report("a.xml"), OPS);
        assertTrue(g.waitForIncomingEmail(10_000, 1));
        MimeMessage m = g.getReceivedMessages()[0];
        assertEquals("[sc] acme: 1 sent", m.getSubject());
        assertEquals("ops@example.com", m.getRecipients(Message.RecipientType.TO)[0].toString());
        assertTrue(GreenMailUtil.getBody(m).contains("a.xml"));
        await("a delivered message leaves the queue", () -> n.queue().size() == 0, Duration.ofSeconds(5));
        assertTrue(!GreenMailUtil.getWholeMessage(m).contains("secret"), "the password is never in a mail");
    }

    @Test
    void smtpsWithAPrivateCertificateWorksOnlyWhenItIsTrustedExplicitly() throws Exception {
        GreenMail g = greenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        SmtpNotifier untrusting = notifier(g.getSmtps().getPort(), SmtpNotifier.Security.SMTPS, "", "", false,
                Duration.ofMinutes(5), dir.resolve("untrusting"));
        untrusting.report(report("u.xml"), OPS);
        await("an unknown certificate is refused", () -> untrusting.queue().lastProblem() != null, Duration.ofSeconds(10));
        assertEquals(0, g.getReceivedMessages().length);

        SmtpNotifier n = notifier(g.getSmtps().getPort(), SmtpNotifier.Security.SMTPS, "", "", true);
        n.report(report("b.xml"), OPS);
        assertTrue(g.waitForIncomingEmail(10_000, 1), "delivered over SMTPS: " + n.queue().lastProblem());
    }

    @Test
    void startTlsIsUsedWhenOfferedAndRequired() throws Exception {
        SSLContext server = SSLContext.getInstance("TLS");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        server.init(kmf.getKeyManagers(), null, null);
        List<String> received = new CopyOnWriteArrayList<>();
        SMTPServer smtp = SMTPServer.port(freePort()).bindAddress(InetAddress.getLoopbackAddress())
                // requireTLS: the server refuses MAIL FROM before STARTTLS, so a delivery proves the channel was TLS
                .startTlsSocketFactory(server).requireTLS()
                .messageHandler((context, from, to, data) -> received.add(new String(data, StandardCharsets.UTF_8)))
                .build();
        smtp.start();
        running.add(smtp::stop);
        SmtpNotifier n = notifier(smtp.getPortAllocated(), SmtpNotifier.Security.STARTTLS, "", "", true);
        n.report(report("c.xml"), OPS);
        await("delivered after STARTTLS: " + n.queue().lastProblem(), () -> received.size() == 1, Duration.ofSeconds(10));
        assertTrue(received.get(0).contains("c.xml"));
    }

    @Test
    void startTlsConfiguredButNotOfferedSendsNothingInPlainText() throws Exception {
        GreenMail plain = greenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        SmtpNotifier n = notifier(plain.getSmtp().getPort(), SmtpNotifier.Security.STARTTLS, "", "", true);
        n.report(report("d.xml"), OPS);
        await("refused", () -> n.queue().lastProblem() != null, Duration.ofSeconds(10));
        assertTrue(n.queue().lastProblem().toUpperCase().contains("STARTTLS"), n.queue().lastProblem());
        await("refused again on the retries", () -> n.queue().failedAttempts() >= 3, Duration.ofSeconds(10));
        assertEquals(0, plain.getReceivedMessages().length, "nothing went over plain text");
        assertEquals(1, n.queue().size(), "the message waits for a server that offers STARTTLS");
    }

    // ------------------------------------------------------------------------------------------------ durability

    @Test
    void theServerDownForAWhileThenBackGetsEveryQueuedMessageExactlyOnce() throws Exception {
        int port = freePort();
        SmtpNotifier n = notifier(port, SmtpNotifier.Security.NONE, "", "", false);
        for (int i = 0; i < 10; i++) {
            n.report(report("outage-" + i + ".xml"), OPS);
        }
        // the outage lasts until the queue has tried again and again, at its longest wait for most of the attempts
        int retries = Integer.getInteger("smtp.outage.retries", 10);
        await(retries + " failed attempts while the server is down", () -> n.queue().failedAttempts() >= retries,
                Duration.ofSeconds(10).plus(RETRY.multipliedBy(retries * 2L)));
        assertEquals(10, n.queue().size(), "all wait while the server is down");
        GreenMail g = greenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        assertTrue(g.waitForIncomingEmail(30_000, 10), "delivered after the outage");
        drained(n);
        Set<String> files = new HashSet<>();
        for (MimeMessage m : g.getReceivedMessages()) {
            String body = GreenMailUtil.getBody(m);
            for (int i = 0; i < 10; i++) {
                if (body.contains("outage-" + i + ".xml")) {
                    assertTrue(files.add("outage-" + i), "delivered twice: outage-" + i);
                }
            }
        }
        assertEquals(10, g.getReceivedMessages().length, "exactly once each");
        assertEquals(10, files.size());
    }

    @Test
    void queuedMessagesSurviveARestartOfTheNotifier() throws Exception {
        int port = freePort();
        Path queue = dir.resolve("durable");
        SmtpNotifier before = notifier(port, SmtpNotifier.Security.NONE, "", "", false, Duration.ofMinutes(5), queue);
        for (int i = 0; i < 3; i++) {
            before.report(report("kept-" + i + ".xml"), OPS);
        }
        before.close();
        running.remove(running.size() - 1);
        GreenMail g = greenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        SmtpNotifier after = notifier(port, SmtpNotifier.Security.NONE, "", "", false, Duration.ofMinutes(5), queue);
        assertTrue(g.waitForIncomingEmail(15_000, 3));
        drained(after);
        assertEquals(3, g.getReceivedMessages().length, "each once");
    }

    // ------------------------------------------------------------------------------------------------ alerts

    @Test
    void aStormOfFailuresGivesOneAlertListingThemAll() throws Exception {
        GreenMail g = greenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        SmtpNotifier n = notifier(g.getSmtp().getPort(), SmtpNotifier.Security.NONE, "", "", false);
        for (int i = 0; i < 500; i++) {
            n.event(new Event(Instant.now(), "acme", Event.Kind.FILE_REJECTED, "bad-" + i + ".xml",
                    "bad-" + i + ".xml was not sent: not an invoice"), OPS);
        }
        assertTrue(g.waitForIncomingEmail(10_000, 1));
        drained(n);                  // stopping sends what is still gathered: a second mail would be in the queue
        assertEquals(0, n.queue().size(), "nothing of the storm was left for another mail");
        assertEquals(1, g.getReceivedMessages().length, "one mail for the storm");
        String body = GreenMailUtil.getBody(g.getReceivedMessages()[0]);
        for (int i = 0; i < 500; i++) {
            assertTrue(body.contains("bad-" + i + ".xml"), "listed: bad-" + i + ".xml");
        }
    }

    @Test
    void nothingFromADocumentCanAddRecipientsOrHeaders() throws Exception {
        GreenMail g = greenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        SmtpNotifier n = notifier(g.getSmtp().getPort(), SmtpNotifier.Security.NONE, "", "", false);
        n.event(new Event(Instant.now(), "acme\r\nBcc: evil@example.org", Event.Kind.DELIVERY_FAILED,
                "x.xml\r\nBcc: evil@example.org", "refused\r\nBcc: evil@example.org"), OPS);
        assertTrue(g.waitForIncomingEmail(10_000, 1));
        drained(n);
        assertEquals(1, g.getReceivedMessages().length, "no copy to an injected address");
        MimeMessage m = g.getReceivedMessages()[0];
        for (Address a : m.getAllRecipients()) {
            assertEquals("ops@example.com", a.toString());
        }
        assertEquals(null, m.getHeader("Bcc"));
    }
}
