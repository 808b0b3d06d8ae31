package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * {@code serverconnect doctor} against a running installation finds, one at a time, what operators get wrong most:
 * a missing outbox, a read-only inbox, wrong credentials, an untrusted certificate and an unreachable mail server;
 * each time it says what to do and exits 1, and once the fault is mended it says all is well again.
 */
class DoctorIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    @Test
    void findsEachCommonFaultAndSaysWhatToDo() throws Exception {
        int smtpPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            smtpPort = s.getLocalPort();
        }
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Path emulatorData = folder.resolve("emulator");
        Process emulator = EmulatorProcess.start("--data", emulatorData.toString(), "--port", "0");
        try (Installation sc = Installation.in(folder)) {
            URI base = URI.create(EmulatorProcess.awaitUrl(emulator));
            Files.createDirectories(sc.etc());
            sc.acmeSendsToGlobex(base, emulatorData, "receive = true", "notify = ops");
            Files.writeString(sc.etc().resolve("org.serverconnect.notify.mail-ops.cfg"), String.join("\n",
                    "host = 127.0.0.1", "port = " + smtpPort, "security = none", "from = serverconnect@acme.example", ""));
            sc.run();
            Installation.Result well = sc.awaitDoctor(r -> r.exit() == 0 && r.out().contains("mail notifier ops"), WAIT);
            assertTrue(well.out().contains("ok       account acme: connection acme_c: credentials")
                    && well.out().contains("clock: agrees") && well.out().endsWith("serverconnect doctor: all well\n"), well.out());

            Path outbox = sc.home().resolve("accounts/acme/outbox");
            try (var inside = Files.list(outbox)) {             // only the outbox's lock file is in it
                for (Path p : inside.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(outbox);
            expectOne(sc, "account acme: outbox " + outbox, "is missing: create it (mkdir -p " + outbox + ")");
            Files.createDirectory(outbox);
            sc.awaitDoctor(r -> r.exit() == 0, WAIT);

            Path inbox = sc.home().resolve("accounts/acme/inbox");
            Installation.readOnly(inbox, true);
            try {
                expectOne(sc, "account acme: inbox " + inbox, "cannot be written by");
            } finally {
                Installation.readOnly(inbox, false);
            }
            sc.awaitDoctor(r -> r.exit() == 0, WAIT);

            Path connection = sc.etc().resolve("org.serverconnect.transport.pagero-acme_c.cfg");
            String right = Files.readString(connection);
            Files.writeString(connection, right.replace(".password = acme-pass", ".password = wrong"));
            expectOne(sc, "account acme: connection acme_c: credentials", "invalid_grant");
            Files.writeString(connection, right);
            sc.awaitDoctor(r -> r.exit() == 0, WAIT);

            Files.writeString(connection, right.lines().filter(l -> !l.startsWith("truststore") && !l.startsWith(".truststore"))
                    .reduce("", (a, b) -> a + b + "\n"));
            expectOne(sc, "account acme: connection acme_c: TLS", "certificate");
            Files.writeString(connection, right);
            sc.awaitDoctor(r -> r.exit() == 0, WAIT);

            smtp.stop();
            expectOne(sc, "mail notifier ops (127.0.0.1:" + smtpPort + ")", "cannot deliver");
        } finally {
            emulator.destroy();
            smtp.stop();
        }
    }

    /** Waits until the doctor reports exactly one problem, about {@code subject}, whose advice contains {@code advice}. */
    private static void expectOne(Installation sc, String subject, String advice) {
        Installation.Result r = sc.awaitDoctor(x -> x.out().contains("PROBLEM  " + subject), WAIT);
        assertEquals(1, r.exit(), r.toString());
        List<String> problems = r.out().lines().filter(l -> l.startsWith("PROBLEM")).toList();
        assertEquals(1, problems.size(), "one problem at a time:\n" + r.out());
        assertTrue(problems.get(0).contains(advice), "'" + advice + "' in: " + problems.get(0));
        assertTrue(r.out().endsWith("serverconnect doctor: 1 problem(s)\n"), r.out());
    }

}
