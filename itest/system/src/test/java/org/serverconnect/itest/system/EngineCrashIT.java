package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise "nothing lost, nothing twice" against the assembled distribution: three accounts send real invoices
 * from the test data (testdata/) to each other through the emulator (a separate process) while the runtime is killed with
 * SIGKILL at random moments and restarted. Afterwards every invoice is in exactly one sent folder and one inbox, the
 * emulator saw exactly one upload of each, and the journal agrees.
 *
 * The emulator is also stopped (SIGTERM) and started again on its data, as the network going away and coming back.
 *
 * <p>Sizes: {@code -Dcrash.invoices=500 -Dcrash.kills=5 -Dcrash.emulatorRestarts=1} (the defaults; the
 * {@code reliability-full} profile runs 2,000 invoices, 30 kills and 3 emulator restarts).
 */
class EngineCrashIT {
    private static final String[] ACCOUNTS = { "alpha", "beta", "gamma" };
    private static final String[] PARTICIPANTS = { "1000000001", "1000000002", "1000000003" };
    private static final Pattern BUYER_ENDPOINT = Pattern.compile(
            "(<cac:AccountingCustomerParty>.*?)<cbc:EndpointID[^>]*>[^<]*</cbc:EndpointID>", Pattern.DOTALL);
    private static final Pattern INVOICE_ID = Pattern.compile("<cbc:ID>[^<]*</cbc:ID>");
    /** How long sending may take to reach the moment of a kill (a restart with its recovery included). */
    private static final Duration KILL_WAIT = Duration.ofSeconds(120);

    @TempDir
    Path folder;

    @Test
    void nothingIsLostOrSentOrStoredTwiceWhenTheRuntimeIsKilledAgainAndAgain() throws Exception {
        int invoices = Integer.getInteger("crash.invoices", 500);
        int kills = Integer.getInteger("crash.kills", 5);
        int emulatorRestarts = Integer.getInteger("crash.emulatorRestarts", 1);
        Random random = new Random(Long.getLong("crash.seed", System.nanoTime()));

        Path emulatorData = folder.resolve("emulator");
        Path emulatorConfig = folder.resolve("emulator.json");
        Files.writeString(emulatorConfig, emulatorConfigJson());
        String[] emulatorArgs = { "--data", emulatorData.toString(), "--port", Integer.toString(freePort()), "--config",
            emulatorConfig.toString() };
        Process emulator = EmulatorProcess.start(emulatorArgs);
        int emulatorRestarted = 0;
        try (Installation sc = Installation.in(folder)) {
            URI base = URI.create(EmulatorProcess.awaitUrl(emulator));
            configure(sc, base, emulatorData);
            List<byte[]> templates = corpusTemplates(sc);
            assertTrue(templates.size() >= 10, "usable corpus invoices: " + templates.size());

            Map<String, Integer> dropped = new TreeMap<>();
            long started = System.nanoTime();
            sc.run();
            int perKill = invoices / (kills + 1);
            int next = 0;
            int killsMidRun = 0;
            for (int k = 0; k <= kills; k++) {
                int until = k == kills ? invoices : next + perKill;
                for (; next < until; next++) {
                    int from = next % 3;
                    drop(sc, ACCOUNTS[from], "crash-" + next + ".xml", invoice(templates.get(next % templates.size()),
                            "CRASH-" + next, PARTICIPANTS[(from + 1) % 3]));
                    dropped.merge(ACCOUNTS[from], 1, Integer::sum);
                }
                if (k < kills) {
                    // killed mid-run: once a random share of what waits now has been sent, never all of it
                    long done = settledOut(sc);
                    long waiting = next - done;
                    long killAt = done + (waiting > 1 ? 1 + random.nextLong(waiting - 1) : Math.max(0, waiting));
                    long reached = Poll.until("kill " + (k + 1) + ": " + killAt + " invoices sent", KILL_WAIT,
                            Duration.ofMillis(20), () -> settledOut(sc), n -> n >= killAt, n -> census(sc) + "\n" + tail(sc));
                    sc.kill();
                    killsMidRun += reached < next ? 1 : 0;
                    if (emulatorRestarted < emulatorRestarts && k % Math.max(1, kills / emulatorRestarts) == 0) {
                        // the network goes away while the runtime is down, and comes back while it starts again
                        emulator.destroy();
                        emulator.waitFor();
                        emulator = EmulatorProcess.start(emulatorArgs);
                        sc.run();
                        EmulatorProcess.awaitUrl(emulator);
                        emulatorRestarted++;
                        continue;
                    }
                    sc.run();
                }
            }

            Duration settle = Duration.ofSeconds(Math.max(240, invoices / 4));
            long deadline = System.nanoTime() + settle.toNanos();
            while (!settled(sc, invoices)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not settled within " + settle.toSeconds() + " s: " + census(sc) + "\n" + tail(sc));
                }
                Thread.sleep(500);
            }

            String log = Files.exists(sc.logFile()) ? Files.readString(sc.logFile()) : "";
            System.out.printf("crash test: %d invoices, %d SIGKILLs (%d with invoices still to send), %d emulator restarts, settled "
                    + "after %d s; after restarts: %d resumptions of claimed files, %d uploads found on the network instead of "
                    + "sent again, %d inbox writes recognised%n", invoices, kills, killsMidRun, emulatorRestarted, Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                    occurrences(log, "resuming"), occurrences(log, "had reached the network before"),
                    occurrences(log, "was stored before an interruption"));
            for (String a : ACCOUNTS) {
                assertEquals(dropped.get(a).longValue(), files(sc, a, "sent"), "sent by " + a + ": " + census(sc));
                assertEquals(0, files(sc, a, "error"), "refused by " + a + ": " + census(sc));
            }
            Set<String> stored = new HashSet<>();
            for (String a : ACCOUNTS) {
                for (Path f : list(sc.home().resolve("accounts").resolve(a).resolve("inbox"))) {
                    String number = f.getFileName().toString().replaceAll("_.*", "");
                    assertTrue(stored.add(number), "stored twice: " + number);
                }
            }
            assertEquals(invoices, stored.size(), "every invoice stored exactly once");

            String uploads = EmulatorProcess.trusting(emulatorData.resolve("emulator-truststore.p12"))
                    .send(HttpRequest.newBuilder(base.resolve("/emulator/uploads")).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = Pattern.compile("\"senderReference\":\"([^\"]+)\"").matcher(uploads);
            Set<String> references = new HashSet<>();
            int count = 0;
            while (m.find()) {
                count++;
                references.add(m.group(1));
            }
            assertEquals(invoices, count, "uploads seen by the network");
            assertEquals(invoices, references.size(), "one upload per reference");

            sc.terminate();
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + sc.home().resolve("data/journal.db"));
                    Statement s = db.createStatement()) {
                assertEquals(invoices, one(s, "SELECT COUNT(*) FROM document WHERE direction = 'OUT' AND state IN "
                        + "('SENT', 'PROCESSED', 'DELIVERED') AND work_name IS NULL"), "journal: sent and settled");
                assertEquals(invoices, one(s, "SELECT COUNT(DISTINCT reference) FROM document WHERE direction = 'OUT'"),
                        "journal: one document per invoice");
                assertEquals(invoices, one(s, "SELECT COUNT(*) FROM document WHERE direction = 'IN' AND state = 'ACKNOWLEDGED'"),
                        "journal: received and acknowledged");
            }
        } finally {
            emulator.destroy();
        }
    }

    private static int occurrences(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static long one(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String emulatorConfigJson() {
        StringBuilder companies = new StringBuilder();
        StringBuilder users = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            String sep = i == 0 ? "" : ",";
            companies.append(sep).append("{\"id\":\"company-").append(ACCOUNTS[i]).append("\",\"name\":\"").append(ACCOUNTS[i])
                    .append("\",\"participants\":[\"0007:").append(PARTICIPANTS[i]).append("\"]}");
            users.append(sep).append("{\"username\":\"").append(ACCOUNTS[i]).append("-api\",\"password\":\"")
                    .append(ACCOUNTS[i]).append("-pass\",\"companies\":[\"company-").append(ACCOUNTS[i]).append("\"]}");
        }
        return "{\"clients\":[{\"id\":\"c\",\"secret\":\"s\"}],\"companies\":[" + companies + "],\"users\":[" + users
                + "],\"processingDelayMillis\":50}";
    }

    private static void configure(Installation sc, URI base, Path emulatorData) throws IOException {
        Files.createDirectories(sc.etc());
        for (String a : ACCOUNTS) {
            sc.connection(a + "_c", base, emulatorData, "c", "s", a + "-api", a + "-pass");
            Files.writeString(sc.etc().resolve("org.serverconnect.account-" + a + ".cfg"), String.join("\n",
                    "connection = " + a + "_c", "company = company-" + a, "send.schedule = every 1s",
                    "receive.schedule = every 1s", "followup.schedule = every 2s", "pickup.stableFor = 0",
                    "pickup.minAge = 0", "retry.initial = 1", "retry.max = 3", "circuit.pause = 2",
                    "reconcile.window = 5", "batch = 50", ""));
        }
    }

    /** UBL invoices of the corpus that name their buyer's endpoint and pass the connector's own check. */
    private static List<byte[]> corpusTemplates(Installation sc) throws IOException {
        Path corpus = Path.of(System.getProperty("testdata", "../../testdata")).resolve("invoices");
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> s = Files.walk(corpus)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".xml")).sorted()::iterator) {
                String text;
                try {
                    text = Files.readString(p, StandardCharsets.UTF_8);
                } catch (java.nio.charset.CharacterCodingException e) {
                    continue;               // not UTF-8: the rewriting below would damage it
                }
                if (text.contains("ubl:schema:xsd:Invoice-2") && BUYER_ENDPOINT.matcher(text).find()
                        && INVOICE_ID.matcher(text).find()) {
                    candidates.add(p);
                }
            }
        }
        List<String> args = new ArrayList<>(List.of("check"));
        candidates.forEach(p -> args.add(p.toString()));
        String out = sc.cli(args.toArray(String[]::new)).out();
        List<byte[]> usable = new ArrayList<>();
        for (Path p : candidates) {
            if (out.contains(p + ": ok")) {
                usable.add(Files.readAllBytes(p));
            }
        }
        return usable;
    }

    private static byte[] invoice(byte[] template, String number, String buyer) {
        String text = new String(template, StandardCharsets.UTF_8);
        text = BUYER_ENDPOINT.matcher(text).replaceFirst("$1" + Matcher.quoteReplacement(
                "<cbc:EndpointID schemeID=\"0007\">" + buyer + "</cbc:EndpointID>"));
        text = INVOICE_ID.matcher(text).replaceFirst("<cbc:ID>" + number + "</cbc:ID>");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void drop(Installation sc, String account, String name, byte[] content) throws IOException {
        Path outbox = sc.home().resolve("accounts").resolve(account).resolve("outbox");
        Files.createDirectories(outbox);
        Path tmp = outbox.resolve(name + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, outbox.resolve(name));
    }

    /** Invoices that left an outbox for good: in a sent folder, or (refused) in an error folder. */
    private static long settledOut(Installation sc) throws IOException {
        long n = 0;
        for (String a : ACCOUNTS) {
            n += files(sc, a, "sent") + files(sc, a, "error");
        }
        return n;
    }

    private static boolean settled(Installation sc, int invoices) throws IOException {
        long sent = 0;
        long received = 0;
        for (String a : ACCOUNTS) {
            if (files(sc, a, "outbox") + files(sc, a, "work") > 0) {
                return false;
            }
            sent += files(sc, a, "sent") + files(sc, a, "error");
            received += files(sc, a, "inbox");
        }
        return sent == invoices && received >= invoices;
    }

    private static String census(Installation sc) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String a : ACCOUNTS) {
            b.append(a).append(": outbox ").append(files(sc, a, "outbox")).append(", work ").append(files(sc, a, "work"))
                    .append(", sent ").append(files(sc, a, "sent")).append(", error ").append(files(sc, a, "error"))
                    .append(", inbox ").append(files(sc, a, "inbox")).append("; ");
        }
        return b.toString();
    }

    private static String tail(Installation sc) throws IOException {
        List<String> lines = Files.exists(sc.logFile()) ? Files.readAllLines(sc.logFile()) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static long files(Installation sc, String account, String sub) throws IOException {
        return list(sc.home().resolve("accounts").resolve(account).resolve(sub)).stream()
                .filter(p -> !p.getFileName().toString().endsWith(".error.txt")).count();
    }

    /** Regular files under {@code dir}; a file that vanishes while it is listed (the runtime is busy) is a retry. */
    private static List<Path> list(Path dir) throws IOException {
        for (int attempt = 1;; attempt++) {
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> s = Files.walk(dir)) {
                return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(p -> !p.getFileName().toString().endsWith(".tmp")).toList();
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
                if (attempt >= 20) {
                    throw e;
                }
            }
        }
    }
}
