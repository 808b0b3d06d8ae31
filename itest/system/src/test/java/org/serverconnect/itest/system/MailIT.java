package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Mail from the assembled runtime over SMTP: an account whose file is refused tells its people by mail, through
 * the SMTP notifier running inside OSGi (Jakarta Mail with its provider found through SPI Fly), to a real SMTP server
 * that wants a login; the SMTP password appears in no log, mail, page or command output.
 */
class MailIT {
    @TempDir
    Path folder;

    private static final String SMTP_PASSWORD = "smtp-pass-5678";

    @Test
    void aRefusedFileIsReportedByMailThroughTheSmtpNotifier() throws Exception {
        int smtpPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            smtpPort = s.getLocalPort();
        }
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        // the server wants a login: the password must reach it and nothing else
        smtp.setUser("ops@acme.example", "ops", SMTP_PASSWORD);
        smtp.start();
        Path emulatorData = folder.resolve("emulator");
        Process emulator = EmulatorProcess.start("--data", emulatorData.toString(), "--port", "0");
        try (Installation sc = Installation.in(folder)) {
            URI base = URI.create(EmulatorProcess.awaitUrl(emulator));
            Files.createDirectories(sc.etc());
            sc.connection("acme_c", base, emulatorData, "demo-client", "demo-secret", "acme-api", "acme-pass");
            Files.writeString(sc.etc().resolve("org.serverconnect.notify.mail-ops.cfg"), String.join("\n",
                    "host = 127.0.0.1", "port = " + smtpPort, "security = none", "from = serverconnect@acme.example",
                    "username = ops", ".password = " + SMTP_PASSWORD, "alertInterval = 0", ""));
            Files.writeString(sc.etc().resolve("org.serverconnect.account-acme.cfg"), String.join("\n",
                    "connection = acme_c", "company = 3a6f0c5e-1111-4c2b-9d7e-5b0c2d9e0a41", "send.schedule = every 1s",
                    "receive = false", "pickup.stableFor = 0", "pickup.minAge = 0", "notify = ops",
                    "notify.to = accounts@acme.example", ""));
            sc.run();
            Path outbox = sc.home().resolve("accounts/acme/outbox");
            Files.createDirectories(outbox);
            Files.writeString(outbox.resolve("junk.xml.tmp"), "this is not an invoice", StandardCharsets.UTF_8);
            Files.move(outbox.resolve("junk.xml.tmp"), outbox.resolve("junk.xml"));

            assertTrue(smtp.waitForIncomingEmail(30_000, 1), "a mail arrives\n" + sc.runOutput());
            MimeMessage[] mails = smtp.getReceivedMessages();
            assertTrue(Arrays.stream(mails).anyMatch(m -> GreenMailUtil.getBody(m).contains("junk.xml")),
                    "the refused file is named in a mail");
            // the operator's view: one line per account in `serverconnect status`
            long deadline = System.currentTimeMillis() + 20_000;
            String status = sc.cli("status").out();
            while (!status.contains("account acme: ONLINE") || !status.contains("error 1")) {
                assertTrue(System.currentTimeMillis() < deadline, "status shows the account:\n" + status);
                Thread.sleep(500);
                status = sc.cli("status").out();
            }
            for (MimeMessage m : mails) {
                assertTrue(Arrays.toString(m.getAllRecipients()).equals("[accounts@acme.example]"), Arrays.toString(m.getAllRecipients()));
            }
            // the SMTP password shows nowhere: log, console output, mails, pages, command output
            StringBuilder seen = new StringBuilder(sc.log()).append(sc.runOutput()).append(status);
            for (MimeMessage m : mails) {
                seen.append(GreenMailUtil.getWholeMessage(m));
            }
            String admin = sc.setting("felix.webconsole.password");
            for (String path : new String[] { "/system/console/configMgr", "/api/v1/doctor", "/api/v1/accounts", "/status" }) {
                seen.append(sc.httpGet(path, "admin", admin).body());
            }
            Installation.Result doctor = sc.cli("doctor");
            seen.append(doctor.out()).append(doctor.err());
            assertTrue(doctor.out().contains("ops"), "doctor checked the mail server: " + doctor);
            assertTrue(!seen.toString().contains(SMTP_PASSWORD), "the SMTP password shows somewhere");
        } finally {
            emulator.destroy();
            smtp.stop();
        }
    }
}
