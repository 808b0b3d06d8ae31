package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API of the assembled runtime: login required, accounts with their status, runs on request, history. */
class ConsoleApiIT {
    @TempDir
    Path folder;

    @Test
    void accountsAndHistoryAreReadableWithTheLoginAndRunsCanBeAskedFor() throws Exception {
        try (Installation sc = Installation.in(folder)) {
            Files.createDirectories(sc.etc());
            Files.writeString(sc.etc().resolve("org.serverconnect.account-acme.cfg"),
                    "connection = nowhere\ncompany = c1\nsend.schedule = every 1h\n");
            sc.run();
            String password = sc.setting("felix.webconsole.password");

            assertEquals(401, sc.httpGet("/api/v1/accounts", null, null).statusCode(), "login required");
            assertEquals(401, sc.httpGet("/api/v1/accounts", "admin", "wrong").statusCode());

            long deadline = System.currentTimeMillis() + 20_000;
            HttpResponse<String> accounts = sc.httpGet("/api/v1/accounts", "admin", password);
            while (!accounts.body().contains("\"acme\"") && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                accounts = sc.httpGet("/api/v1/accounts", "admin", password);
            }
            assertEquals(200, accounts.statusCode(), accounts.body());
            assertEquals("application/json", accounts.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""));
            assertTrue(accounts.body().contains("\"status\" : \"OFFLINE\"") && accounts.body().contains("MISSING_TRANSPORT")
                    && accounts.body().contains("waiting for connection nowhere"), accounts.body());

            HttpResponse<String> run = sc.httpPost("/api/v1/accounts/acme/run/send", "admin", password);
            assertEquals(202, run.statusCode(), run.body());
            assertEquals(400, sc.httpPost("/api/v1/accounts/acme/run/everything", "admin", password).statusCode());
            HttpResponse<String> forged = sc.httpPost("/api/v1/accounts/acme/run/send", "admin", password, "Origin",
                    "http://evil.example");
            assertEquals(403, forged.statusCode(), "a page elsewhere cannot use a login the browser remembers: " + forged.body());
            assertEquals(404, sc.httpGet("/api/v1/accounts/nobody", "admin", password).statusCode());
            assertEquals(405, sc.httpGet("/api/v1/accounts/acme/run/send", "admin", password).statusCode());

            HttpResponse<String> history = sc.httpGet("/api/v1/history?file=nothing.xml", "admin", password);
            assertEquals(200, history.statusCode(), history.body());
            assertEquals("[ ]", history.body().trim());
            assertEquals(400, sc.httpGet("/api/v1/history", "admin", password).statusCode());

            // the same through the command line
            Installation.Result listed = sc.cli("accounts", "--json");
            assertEquals(0, listed.exit(), listed.toString());
            assertTrue(listed.out().contains("\"name\" : \"acme\""), listed.out());
            Installation.Result asked = sc.cli("history", "nothing here.xml", "--json");
            assertEquals(0, asked.exit(), asked.toString());
            assertEquals("[ ]", asked.out().trim());
            assertEquals("(none)", sc.cli("history", "nothing here.xml").out().trim());
            Installation.Result ran = sc.cli("run", "acme", "send");
            assertEquals(0, ran.exit(), ran.toString());
            assertEquals("a send run of acme starts as soon as a thread is free", ran.out().trim());
            assertEquals(0, sc.cli("run-now", "acme", "send").exit());
            Installation.Result wrong = sc.cli("run-now", "acme", "everything");
            assertEquals(1, wrong.exit(), wrong.toString());
            assertTrue(wrong.out().contains("a run is send, receive or followup"), wrong.out());
            Installation.Result missing = sc.cli("requeue", "acme", "none.xml");
            assertEquals(1, missing.exit(), missing.toString());
            assertTrue(missing.out().contains("no file none.xml"), missing.out());
        }
    }
}
