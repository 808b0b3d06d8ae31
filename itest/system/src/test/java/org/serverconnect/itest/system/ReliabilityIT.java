package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short versions of the reliability scenarios, on the assembled runtime and the emulator as separate
 * processes: a network failing a fifth of all calls in every way it can (slowness included) still gets every
 * invoice delivered exactly once; a network failing every upload opens the circuit breaker, which the status says,
 * and closes it when the network is back, the document's history showing each wait; an inbox that cannot be
 * written gets no document acknowledged, and everything arrives once it can; a network answering with HTML, huge
 * or endless bodies leaves nothing half-written and nothing acknowledged unread; invoice numbers that are paths or
 * device names land safely inside the inbox; and no password, client secret or token appears in any log, mail,
 * journal, page or command output.
 */
class ReliabilityIT {
    private static final Duration WAIT = Duration.ofSeconds(Math.max(90, Integer.getInteger("reliability.invoices", 40)));
    /** {@code -Dreliability.invoices}: 40, 200 in the {@code reliability-full} profile */
    private static final int INVOICES = Integer.getInteger("reliability.invoices", 40);
    private static final List<String> SECRETS = List.of("acme-pass", "globex-pass", "demo-secret");

    @TempDir
    Path folder;

    @Test
    void faultsFullInboxesAndSecrets() throws Exception {
        try (Emulator emulator = Emulator.start(folder.resolve("emulator")); Installation sc = Installation.in(folder)) {
            Files.createDirectories(sc.etc());
            sc.acmeSendsToGlobex(emulator.base, emulator.data, "retry.initial = 1", "retry.max = 2", "circuit.failures = 3",
                    "circuit.pause = 2", "notify = drop", "notify.policy = problems",
                    // a 5xx or a reset after the upload was sent leaves its outcome unknown (docs/pagero.md): it is
                    // looked for on the network and sent again only after this window (600 s by default)
                    "reconcile.window = 5");
            // both connections give up on an answer after 2 s, so that the emulator's slow answers (3 s) time out
            Files.writeString(sc.etc().resolve("org.serverconnect.transport.pagero-acme_c.cfg"),
                    "readTimeout = 2\n", java.nio.file.StandardOpenOption.APPEND);
            // globex takes documents up to 2 MB: an endless download stops there
            Files.writeString(sc.etc().resolve("org.serverconnect.transport.pagero-globex_c.cfg"),
                    "maxDocumentSize = 2\nreadTimeout = 2\n", java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(sc.etc().resolve("org.serverconnect.notify.maildrop-drop.cfg"),
                    "folder = " + folder.resolve("mail") + "\nfrom = sc@acme.example\n");
            Files.writeString(sc.etc().resolve("org.serverconnect.account-globex.cfg"), String.join("\n",
                    "connection = globex_c", "company = " + Installation.GLOBEX, "send = false",
                    "receive.schedule = every 1s", "circuit.pause = 2", "notify = drop", "notify.to = ops@globex.example", ""));
            sc.run();
            String password = sc.setting("felix.webconsole.password");

            // 1. a fifth of all calls fail (500, 503, 429 with Retry-After, reset after the request, an answer slower
            // than the client waits, revoked token)
            emulator.control("PUT", "/emulator/faults", "{\"rate\":0.2,\"kinds\":[\"500\",\"503\",\"429\",\"reset\",\"slow\","
                    + "\"401\"],\"slowMillis\":3000,\"endpoints\":[\"files\",\"documents\",\"token\"],\"seed\":42}");
            Path outbox = sc.home().resolve("accounts/acme/outbox");
            for (int i = 1; i <= INVOICES; i++) {
                String number = "REL-" + i;
                Path tmp = outbox.resolve("." + number + ".part");
                Files.writeString(tmp, sc.sampleInvoice(number));
                Files.move(tmp, outbox.resolve(number + ".xml"));
            }
            Path inbox = sc.home().resolve("accounts/globex/inbox");
            long started = System.nanoTime();
            long deadline = started + WAIT.toNanos();
            while (count(inbox) < INVOICES && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            String uploads = emulator.control("GET", "/emulator/uploads", null);
            Map<String, Integer> perReference = new HashMap<>();
            Matcher m = Pattern.compile("\"senderReference\":\"([^\"]+)\"").matcher(uploads);
            while (m.find()) {
                perReference.merge(m.group(1), 1, Integer::sum);
            }
            assertEquals(INVOICES, perReference.size(), "every invoice reached the network; acme: "
                    + sc.httpGet("/api/v1/accounts/acme", "admin", password).body() + "\nwaiting: "
                    + sc.httpGet("/api/v1/accounts/acme/documents?state=SENDING", "admin", password).body()
                    + sc.httpGet("/api/v1/accounts/acme/documents?state=CLAIMED", "admin", password).body()
                    + sc.httpGet("/api/v1/accounts/acme/documents?state=FAILED", "admin", password).body()
                    + "\n--- uploads\n" + uploads + "\n--- log\n" + sc.log());
            assertTrue(perReference.values().stream().allMatch(n -> n == 1), "none twice: " + perReference);
            String injected = emulator.control("GET", "/emulator/stats", null);
            for (String kind : List.of("500", "503", "429", "reset", "slow", "401")) {
                assertTrue(injected.contains("\"" + kind + "\""), kind + " faults were injected: " + injected);
            }
            Matcher faults = Pattern.compile("\"faultsInjected\"\\s*:\\s*(\\{[^}]*\\})").matcher(injected);
            System.out.printf("reliability: %d invoices sent and received under 20 %% faults in %d s, each uploaded once and "
                    + "in the inbox once (lost 0, duplicated 0); faults injected %s%n", INVOICES,
                    Duration.ofNanos(System.nanoTime() - started).toSeconds(), faults.find() ? faults.group(1) : injected);
            assertEquals(INVOICES, count(inbox), "every invoice received exactly once\n" + sc.log());
            emulator.control("DELETE", "/emulator/faults", null);
            sc.awaitHttp("/metrics", "serverconnect_documents{account=\"globex\",state=\"ACKNOWLEDGED\"} " + INVOICES + ".0",
                    WAIT);
            String metrics = sc.httpGet("/metrics", "admin", password).body();
            assertTrue(Pattern.compile("serverconnect_network_call_duration_seconds_count\\{account=\"[a-z]+\","
                    + "operation=\"[a-z]+\",outcome=\"(retry|unknown)\"} [1-9]").matcher(metrics).find(),
                    "the faults show in the metrics:\n" + metrics);

            // 2. every upload fails: the circuit opens (status and metrics say so) and closes when the network is back
            emulator.control("PUT", "/emulator/faults", "{\"rate\":1.0,\"kinds\":[\"503\"],\"endpoints\":[\"files\"]}");
            Files.writeString(outbox.resolve(".REL-CB.part"), sc.sampleInvoice("REL-CB"));
            Files.move(outbox.resolve(".REL-CB.part"), outbox.resolve("REL-CB.xml"));
            sc.awaitHttp("/api/v1/accounts/acme", "CIRCUIT_OPEN", WAIT);
            assertTrue(sc.httpGet("/metrics", "admin", password).body().contains("serverconnect_circuit_open{account=\"acme\"} 1.0"));
            emulator.control("DELETE", "/emulator/faults", null);
            String history = sc.awaitHttp("/api/v1/history?invoice=REL-CB", "\"state\" : \"SENT\"", WAIT);
            assertBackOff(history);
            sc.awaitHttp("/api/v1/accounts/acme", "\"status\" : \"ONLINE\"", WAIT);

            // 3. globex's inbox cannot be written: nothing is acknowledged; once it can, everything arrives once
            Installation.readOnly(inbox, true);
            try {
                for (int i = 1; i <= 3; i++) {
                    emulator.incoming(Installation.GLOBEX, sc.sampleInvoice("IN-" + i));
                }
                String status = sc.awaitHttp("/api/v1/accounts/globex", "LOCAL_ERROR", WAIT);
                assertTrue(status.contains("DEGRADED"), status);
                sc.awaitRuns("globex", "receive", 3, WAIT);      // several receive runs against the unwritable inbox
                String acked = sc.httpGet("/api/v1/accounts/globex/documents?state=ACKNOWLEDGED&limit=1000", "admin", password)
                        .body();
                assertTrue(!acked.contains("IN-"), "nothing acknowledged that is not on disk: " + acked);
                assertTrue(!sc.httpGet("/api/v1/history?invoice=IN-1", "admin", password).body().contains("RECEIVED"));
            } finally {
                Installation.readOnly(inbox, false);
            }
            sc.awaitHttp("/metrics", "serverconnect_documents{account=\"globex\",state=\"ACKNOWLEDGED\"} "
                    + (INVOICES + 4) + ".0", WAIT);
            assertEquals(INVOICES + 4, count(inbox), "the three, and REL-CB, once each");
            assertTrue(mailsMention(folder.resolve("mail"), "globex"), "a mail told globex's people");

            // 3b. a misbehaving network answers globex's listings and downloads with HTML, 64 MiB or endless bodies:
            // nothing half-written stays in the inbox, nothing is acknowledged unread, and it arrives once it behaves
            emulator.incoming(Installation.GLOBEX, sc.sampleInvoice("IN-HOSTILE"));
            emulator.control("PUT", "/emulator/faults", "{\"rate\":0.7,\"kinds\":[\"garbage\",\"huge\",\"endless\"],"
                    + "\"endpoints\":[\"documents\"],\"seed\":7}");
            sc.awaitRuns("globex", "receive", 3, WAIT);          // several receive runs against it
            Poll.until("the network answered with HTML, a huge and an endless body", WAIT,
                    () -> emulator.control("GET", "/emulator/stats", null),
                    stats -> stats.contains("\"garbage\"") && stats.contains("\"huge\"") && stats.contains("\"endless\""));
            emulator.control("DELETE", "/emulator/faults", null);
            sc.awaitHttp("/api/v1/history?invoice=IN-HOSTILE", "ACKNOWLEDGED", WAIT);
            assertEquals(INVOICES + 5, count(inbox), "IN-HOSTILE once");
            try (Stream<Path> left = Files.list(inbox)) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
                        "no partial download left");
            }
            assertTrue(emulator.control("GET", "/emulator/stats", null).contains("\"endless\""), "faults were injected");

            // 3c. hostile names from the network: invoice numbers that are paths, device names, dots, or too long
            List<String> hostile = List.of("../../etc/x", "/etc/passwd", "CON", "...", "x".repeat(300), "a\\b:c*?|");
            for (String number : hostile) {
                emulator.incoming(Installation.GLOBEX, sc.sampleInvoice(number));
            }
            int expected = INVOICES + 5 + hostile.size();
            sc.awaitHttp("/metrics", "serverconnect_documents{account=\"globex\",state=\"ACKNOWLEDGED\"} " + expected + ".0",
                    WAIT);
            assertEquals(expected, count(inbox), "each hostile name landed once, inside the inbox");
            try (Stream<Path> names = Files.list(inbox)) {
                for (String name : names.map(p -> p.getFileName().toString()).toList()) {
                    assertTrue(name.length() <= 255 && !name.toUpperCase().startsWith("CON.") && !name.startsWith(".")
                            && name.matches("[A-Za-z0-9._-]+"), "a safe name: " + name);
                }
            }
            assertTrue(!Files.exists(sc.home().resolve("accounts/etc")) && !Files.exists(inbox.resolve("etc")),
                    "nothing written outside the inbox");

            // 4. no secret anywhere an operator or an attacker could look
            StringBuilder seen = new StringBuilder();
            seen.append(sc.log()).append(sc.runOutput());
            for (String path : List.of("/api/v1/accounts", "/api/v1/doctor", "/api/v1/history?key=REL-1", "/metrics",
                "/health", "/status", "/system/console/configMgr")) {
                seen.append(sc.httpGet(path, "admin", password).body());
            }
            for (String[] cmd : new String[][] { { "status" }, { "accounts" }, { "doctor" }, { "history", "REL-1" } }) {
                Installation.Result r = sc.cli(cmd);
                seen.append(r.out()).append(r.err());
            }
            seen.append(new String(Files.readAllBytes(sc.home().resolve("data/journal.db")), java.nio.charset.StandardCharsets.ISO_8859_1));
            seen.append(Installation.textOfFilesUnder(folder.resolve("mail")));
            for (String secret : SECRETS) {
                assertTrue(!seen.toString().contains(secret), "the secret " + secret + " shows somewhere");
            }
            // and no access or refresh token the network issued (the emulator's state records each one)
            Matcher tokens = Pattern.compile("\"(access|refresh)\":\"([^\"]+)\"")
                    .matcher(Files.readString(emulator.data.resolve("state.jsonl")));
            int issued = 0;
            while (tokens.find()) {
                issued++;
                assertTrue(!seen.toString().contains(tokens.group(2)), "a " + tokens.group(1) + " token shows somewhere");
            }
            assertTrue(issued >= 4, "tokens were issued: " + issued);
        }
    }

    /**
     * The back-off shows in the document's history: each failed attempt says when the next one is due, at least the
     * 1 s the network asked for (503 with Retry-After: 1) after it, and the next attempt does not come earlier.
     */
    private static void assertBackOff(String history) {
        Matcher m = Pattern.compile("\"time\" : \"([^\"]+)\"[^}]*?\"reason\" : \"retry after ([0-9T:.-]+Z): ").matcher(history);
        List<java.time.Instant[]> retries = new java.util.ArrayList<>();
        while (m.find()) {
            retries.add(new java.time.Instant[] { java.time.Instant.parse(m.group(1)), java.time.Instant.parse(m.group(2)) });
        }
        retries.sort(java.util.Comparator.comparing(r -> r[0]));
        assertTrue(retries.size() >= 2, "several attempts waited: " + history);
        for (int i = 0; i < retries.size(); i++) {
            Duration wait = Duration.between(retries.get(i)[0], retries.get(i)[1]);
            assertTrue(wait.toMillis() >= 900, "waited as asked: " + wait + " in " + history);
            if (i + 1 < retries.size()) {
                assertTrue(!retries.get(i + 1)[0].isBefore(retries.get(i)[1]), "not tried before it was due: " + history);
            }
        }
    }

    private static boolean mailsMention(Path dir, String account) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().contains(account));
        }
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }
}
