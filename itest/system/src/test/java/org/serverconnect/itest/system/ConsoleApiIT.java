package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON API of the assembled runtime: login required, only on the loopback address by default, accounts with
 * their status, runs on request, history.
 */
class ConsoleApiIT {
    /** The local addresses of the sockets listening on {@code port}, from the kernel's tables (Linux). */
    static List<String> listeningAddresses(int port) throws java.io.IOException {
        List<String> out = new java.util.ArrayList<>();
        for (String table : new String[] { "/proc/net/tcp", "/proc/net/tcp6" }) {
            if (!Files.exists(Path.of(table))) {
                continue;
            }
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (Integer.parseInt(local[1], 16) == port && f[3].equals("0A")) {      // 0A: LISTEN
                    out.add(address(local[0]));
                }
            }
        }
        return out;
    }

    /** A /proc/net address (each 32-bit word in host byte order, little-endian here) as text. */
    private static String address(String hex) throws java.net.UnknownHostException {
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
            }
        }
        String text = java.net.InetAddress.getByAddress(b).getHostAddress();
        return text.equals("0:0:0:0:0:0:0:1") ? "::1" : text;
    }

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
            assertEquals(401, sc.httpGet("/system/console/bundles", null, null).statusCode(), "the web console too");
            // by default the web server listens on the loopback address only: what the kernel says it listens on
            int port = Integer.parseInt(sc.httpBase().replaceAll(".*:", ""));
            List<String> listening = listeningAddresses(port);
            assertTrue(!listening.isEmpty() && listening.stream().allMatch(a -> a.equals("127.0.0.1") || a.equals("::1")),
                    "port " + port + " listens on " + listening);

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
            assertEquals(404, history.statusCode(), "a document the journal does not know: " + history.body());
            assertTrue(history.body().contains("no document with the file nothing.xml"), history.body());
            assertEquals(400, sc.httpGet("/api/v1/history", "admin", password).statusCode());

            // the same through the command line
            Installation.Result listed = sc.cli("accounts", "--json");
            assertEquals(0, listed.exit(), listed.toString());
            assertTrue(listed.out().contains("\"name\" : \"acme\""), listed.out());
            Installation.Result asked = sc.cli("history", "nothing here.xml", "--json");
            assertEquals(1, asked.exit(), "nothing found is a failure: " + asked);
            assertTrue(asked.out().contains("\"error\" : \"not_found\""), asked.toString());
            Installation.Result askedText = sc.cli("history", "nothing here.xml");
            assertEquals(1, askedText.exit(), askedText.toString());
            assertTrue(askedText.out().contains("no document known as nothing here.xml"), askedText.toString());
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
