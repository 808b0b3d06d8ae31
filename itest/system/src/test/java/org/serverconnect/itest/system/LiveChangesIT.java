package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While invoices flow from Acme to Globex, the configuration changes under them through the
 * command line, as an operator would change it: Acme's timetable and batch change, Globex's account is removed and
 * added again, Acme's connection gets a wrong password and then the right one (from a file), the notifier is
 * replaced by another, and Acme's account itself is removed and added again. Afterwards every invoice was uploaded
 * exactly once, is in Globex's inbox exactly once and in Acme's sent folder, and none is in an error folder.
 *
 * <p>Size: {@code -Dlive.invoices=150} (the default; the {@code reliability-full} profile runs 1,000).
 */
class LiveChangesIT {
    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    Path folder;

    @Test
    void nothingLostOrDoubledWhileTheConfigurationChangesUnderLoad() throws Exception {
        int invoices = Integer.getInteger("live.invoices", 150);
        Path emulatorData = folder.resolve("emulator");
        Process emulator = EmulatorProcess.start("--data", emulatorData.toString(), "--port", "0");
        try (Installation sc = Installation.in(folder)) {
            URI base = URI.create(EmulatorProcess.awaitUrl(emulator));
            sc.acmeSendsToGlobex(base, emulatorData, "notify = drop", "notify.policy = every", "retry.initial = 1",
                    "retry.max = 2", "circuit.pause = 2", "reconcile.window = 5");
            Files.writeString(sc.etc().resolve("org.serverconnect.notify.maildrop-drop.cfg"),
                    "folder = " + folder.resolve("mail1") + "\nfrom = sc@acme.example\n");
            sc.run();
            sc.awaitHttp("/api/v1/accounts/globex", "\"status\" : \"ONLINE\"", WAIT);
            long started = System.nanoTime();

            // the accounting system writes invoices all along (hidden, then renamed), about 25 a second
            Path outbox = sc.home().resolve("accounts/acme/outbox");
            AtomicInteger written = new AtomicInteger();
            AtomicReference<Throwable> writerFailed = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 1; i <= invoices; i++) {
                        Path tmp = outbox.resolve(".LIVE-" + i + ".part");
                        Files.writeString(tmp, sc.sampleInvoice("LIVE-" + i));
                        Files.move(tmp, outbox.resolve("LIVE-" + i + ".xml"));
                        written.incrementAndGet();
                        Thread.sleep(40);
                    }
                } catch (Throwable t) {
                    writerFailed.set(t);
                }
            });
            writer.start();

            List<String> changes = new ArrayList<>();
            change(sc, changes, "Account acme started: send every 2s", "acme", "account", "set", "acme",
                    "send.schedule=every 2s", "batch=7");
            change(sc, changes, "Account globex stopped", "acme", "account", "remove", "globex");
            change(sc, changes, "Account globex started", "globex", "account", "add", "globex", "--connection", "globex_c",
                    "--company", Installation.GLOBEX, "--send", "false", "--receive.schedule", "every 1s");
            change(sc, changes, "Account acme: connection acme_c available", "acme", "connection", "set", "acme_c",
                    "password=not-the-password");
            Path secret = folder.resolve("acme-password");
            Files.writeString(secret, "acme-pass\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            change(sc, changes, "Account acme: connection acme_c available", "acme", "connection", "set", "acme_c",
                    "password=${file:" + secret + "}");
            change(sc, changes, "Notifier drop2 active", "acme", "notifier", "add", "maildrop", "drop2", "--folder",
                    folder.resolve("mail2").toString(), "--from", "sc@acme.example");
            change(sc, changes, "Account acme started", "acme", "account", "set", "acme", "notify=drop2");
            change(sc, changes, "Notifier drop stopped", "acme", "notifier", "remove", "drop");
            change(sc, changes, "Account acme stopped", "globex", "account", "remove", "acme");
            change(sc, changes, "Account acme started", "acme", "account", "add", "acme", "--connection", "acme_c",
                    "--company", Installation.ACME, "--send.schedule", "every 1s", "--followup.schedule", "every 1s",
                    "--receive", "false", "--pickup.stableFor", "0", "--pickup.minAge", "0", "--notify", "drop2",
                    "--notify.policy", "every", "--retry.initial", "1", "--retry.max", "2", "--reconcile.window", "5");
            writer.join();
            assertEquals(null, writerFailed.get());

            Path inbox = sc.home().resolve("accounts/globex/inbox");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((count(inbox) < invoices || count(sc.home().resolve("accounts/acme/sent")) < invoices)
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            String password = sc.setting("felix.webconsole.password");
            HttpClient control = EmulatorProcess.trusting(emulatorData.resolve("emulator-truststore.p12"));
            String uploads = control.send(HttpRequest.newBuilder(base.resolve("/emulator/uploads")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Integer> perInvoice = new HashMap<>();
            Matcher m = Pattern.compile("\"fileName\":\"sc_[0-9a-f]+_(LIVE_\\d+)\\.xml\"").matcher(uploads);
            while (m.find()) {
                perInvoice.merge(m.group(1), 1, Integer::sum);
            }
            System.out.printf("live changes: %d invoices, %d configuration changes under load (%s), settled after %d s; "
                    + "uploads %d, inbox %d, sent %d, error %d%n", invoices, changes.size(), String.join("; ", changes),
                    Duration.ofNanos(System.nanoTime() - started).toSeconds(), perInvoice.values().stream().mapToInt(i -> i).sum(),
                    count(inbox), count(sc.home().resolve("accounts/acme/sent")), count(sc.home().resolve("accounts/acme/error")));
            assertEquals(invoices, perInvoice.size(), "every invoice reached the network: "
                    + sc.httpGet("/api/v1/accounts/acme", "admin", password).body() + "\n" + sc.log());
            assertTrue(perInvoice.values().stream().allMatch(n -> n == 1), "none twice: " + perInvoice);
            assertEquals(invoices, count(inbox), "every invoice in Globex's inbox once");
            assertEquals(invoices, count(sc.home().resolve("accounts/acme/sent")), "every invoice in Acme's sent folder");
            assertEquals(0, count(sc.home().resolve("accounts/acme/error")), "none refused");
            assertTrue(count(folder.resolve("mail2")) > 0, "the new notifier reports");
        } finally {
            emulator.destroy();
        }
    }

    /**
     * One change through the command line; then waits until the runtime has applied it, which the log says with one
     * more line containing {@code applied}, and {@code account} (acme sends, globex receives) has finished a run
     * under it.
     */
    private static void change(Installation sc, List<String> changes, String applied, String account, String... args) {
        long before = sc.countLog(applied);
        Installation.Result r = sc.cli(args);
        String change = String.join(" ", args).replaceAll("password=\\S+", "password=...");
        assertEquals(0, r.exit(), change + ": " + r);
        changes.add(change);
        Poll.until("the runtime applied '" + change + "': '" + applied + "' once more in the log", WAIT,
                Duration.ofMillis(250), () -> sc.countLog(applied), n -> n > before, n -> "the log:\n" + sc.log());
        sc.awaitRuns(account, account.equals("globex") ? "receive" : "send", 1, WAIT);
    }

    private static long count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")).count();
        }
    }
}
