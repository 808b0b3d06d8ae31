package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees of documents in every state, through the JSON API, the command line, Prometheus metrics and
 * the health endpoint of the assembled runtime, with the emulator as a separate process: a file the network fails
 * to process (FAILED), a file that is not an invoice (REJECTED), an invoice delivered and accepted by its recipient
 * (SENT, PROCESSED, ACCEPTED), and the same invoice received and acknowledged by the other company.
 */
class MonitoringIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    @Test
    void documentsInEveryStateShowInTheApiTheCommandLineTheMetricsAndHealth() throws Exception {
        Path emulatorData = folder.resolve("emulator");
        Process emulator = EmulatorProcess.start("--data", emulatorData.toString(), "--port", "0");
        try (Installation sc = Installation.in(folder)) {
            URI base = URI.create(EmulatorProcess.awaitUrl(emulator));
            HttpClient control = EmulatorProcess.trusting(emulatorData.resolve("emulator-truststore.p12"));
            Files.createDirectories(sc.etc());
            sc.acmeSendsToGlobex(base, emulatorData);
            Files.writeString(sc.etc().resolve("org.serverconnect.console.cfg"), "health.offlineGrace = 2\n");
            sc.run();
            String password = sc.setting("felix.webconsole.password");
            Path files = folder.resolve("files");
            Files.createDirectories(files);

            // FAILED: the network's processing fails the next upload
            assertEquals(200, control.send(HttpRequest.newBuilder(base.resolve("/emulator/outcomes"))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"outcome\":\"Error\",\"reason\":\"injected for the test\",\"next\":1}"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            Path failing = Files.writeString(files.resolve("acme-2001.xml"), sc.sampleInvoice("ACME-2001"));
            Installation.Result sent = sc.cli("send", failing.toString(), "--account", "acme");
            assertEquals(0, sent.exit(), sent.toString());
            assertTrue(sent.out().contains("acme-2001.xml is in the outbox of acme"), sent.out());
            sc.awaitHttp("/api/v1/accounts/acme/documents?state=FAILED", "injected for the test", WAIT);

            // REJECTED and PROCESSED, then ACCEPTED by the recipient; RECEIVED and ACKNOWLEDGED by globex
            Path junk = Files.writeString(files.resolve("junk.xml"), "not an invoice");
            Path good = Files.writeString(files.resolve("acme-1001.xml"), sc.sampleInvoice(null));
            sent = sc.cli("send", junk.toString(), good.toString(), "--account", "acme");
            assertEquals(0, sent.exit(), sent.toString());
            sc.awaitHttp("/api/v1/history?invoice=ACME-1001", "PROCESSED", WAIT);
            String received = sc.awaitHttp("/api/v1/accounts/globex/documents?state=ACKNOWLEDGED", "ACME-1001", WAIT);
            Matcher id = Pattern.compile("\"networkId\" : \"([^\"]+)\"").matcher(received);
            assertTrue(id.find(), received);
            assertEquals(201, control.send(HttpRequest.newBuilder(base.resolve("/emulator/documents/" + id.group(1) + "/respond"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"response\":\"RecipientAccept\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            sc.awaitHttp("/api/v1/history?invoice=ACME-1001", "ACCEPTED", WAIT);
            sc.awaitHttp("/api/v1/accounts/acme/documents?state=REJECTED", "junk.xml", WAIT);

            // the JSON API
            String acme = sc.awaitHttp("/api/v1/accounts/acme", "\"error\" : 1", WAIT);
            assertTrue(acme.contains("\"sent\" : 2") && acme.contains("\"rejected\" : 1") && acme.contains("\"failed\" : 1"), "today: two sent, one failed "
                    + "by the network and one refused here:\n" + acme);
            assertTrue(sc.httpGet("/api/v1/accounts/globex", "admin", password).body().contains("\"received\" : 1"));
            assertEquals("[ \"junk.xml\" ]", sc.httpGet("/api/v1/accounts/acme/errors", "admin", password).body().trim());

            // the command line: text by default, JSON with --json
            Installation.Result accounts = sc.cli("accounts");
            assertEquals(0, accounts.exit(), accounts.toString());
            assertTrue(accounts.out().contains("acme  ONLINE") && accounts.out().contains("globex  ONLINE")
                    && accounts.out().matches("(?s).*waiting: +outbox 0, claimed 0, retry 0, error 1.*"), accounts.out());
            assertTrue(sc.cli("accounts", "--json").out().contains("\"name\" : \"acme\""));
            Installation.Result history = sc.cli("history", "ACME-1001");
            // a table: times to the second with their zone, columns that line up
            assertTrue(history.out().matches("(?s)TIME +ACCOUNT +FILE +STATE +INVOICE +NETWORK ID.*")
                    && history.out().matches("(?s).*\\n\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+ +acme +acme-1001\\.xml +SENT +ACME-1001\\b.*")
                    && history.out().contains("ACCEPTED") && history.out().contains("  globex  ")
                    && history.out().contains("ACKNOWLEDGED"), history.out());
            java.util.List<String> rows = history.out().lines().toList();
            int state = rows.get(0).indexOf("STATE");
            assertTrue(rows.stream().skip(1).allMatch(r -> r.charAt(state - 1) == ' ' && r.charAt(state) != ' '),
                    "the states line up: " + history.out());
            assertTrue(sc.cli("history", "acme-2001.xml").out().matches("(?s).* FAILED +ACME-2001 +\\S+.*"));
            assertTrue(sc.cli("status", "--json").out().contains("\"acme\": \"ONLINE"));

            // Prometheus metrics
            assertEquals(401, sc.httpGet("/metrics", null, null).statusCode());
            String metrics = sc.httpGet("/metrics", "admin", password).body();
            for (String line : new String[] { "serverconnect_documents{account=\"acme\",state=\"FAILED\"} 1.0",
                "serverconnect_documents{account=\"acme\",state=\"REJECTED\"} 1.0",
                "serverconnect_documents{account=\"acme\",state=\"ACCEPTED\"} 1.0",
                "serverconnect_documents{account=\"globex\",state=\"ACKNOWLEDGED\"} 1.0",
                "serverconnect_queue_documents{account=\"acme\",queue=\"error\"} 1.0",
                "serverconnect_queue_documents{account=\"acme\",queue=\"retry\"} 0.0",
                "serverconnect_account_status{account=\"acme\",status=\"ONLINE\"} 1.0",
                "serverconnect_circuit_open{account=\"acme\"} 0.0",
                "serverconnect_network_call_duration_seconds_count{account=\"acme\",operation=\"send\",outcome=\"ok\"} 2" }) {
                assertTrue(metrics.contains(line), "metrics have " + line + ":\n" + metrics);
            }
            assertTrue(Pattern.compile("serverconnect_run_duration_seconds_count\\{account=\"globex\",kind=\"receive\","
                    + "outcome=\"ok\"} [1-9]").matcher(metrics).find(), metrics);
            assertTrue(Pattern.compile("serverconnect_network_call_duration_seconds_count\\{account=\"globex\","
                    + "operation=\"acknowledge\",outcome=\"ok\"} [1-9]").matcher(metrics).find(), metrics);

            // requeue: the refused file goes back to the outbox (and is refused again)
            Installation.Result requeued = sc.cli("requeue", "acme");
            assertEquals(0, requeued.exit(), requeued.toString());
            assertTrue(requeued.out().contains("1 file(s) back in the outbox of acme: junk.xml"), requeued.out());
            sc.awaitHttp("/metrics", "serverconnect_documents{account=\"acme\",state=\"REJECTED\"} 2.0", WAIT);

            // health: an account offline for longer than the grace (2 s here) makes it 503
            HttpResponse<String> health = sc.httpGet("/health", null, null);
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
            Files.writeString(sc.etc().resolve("org.serverconnect.account-lost.cfg"), "connection = nowhere\ncompany = x\n");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((health = sc.httpGet("/health", null, null)).statusCode() != 503) {
                assertTrue(System.nanoTime() < deadline, "health turns 503: " + health.body());
                Thread.sleep(250);
            }
            assertTrue(health.body().contains("\"account\":\"lost\"") && health.body().contains("waiting for connection nowhere"),
                    health.body());
            Files.delete(sc.etc().resolve("org.serverconnect.account-lost.cfg"));
            while ((health = sc.httpGet("/health", null, null)).statusCode() != 200) {
                assertTrue(System.nanoTime() < deadline, "health is back to 200 once the account is gone: " + health.body());
                Thread.sleep(250);
            }
        } finally {
            emulator.destroy();
        }
    }
}
