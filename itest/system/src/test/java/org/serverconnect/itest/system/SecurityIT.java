package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a browser attack, a changed configuration or a look at the configuration could get out of the assembled
 * runtime: the admin pages refuse what other sites make a browser send, a connection only reaches Pagero Online
 * (or a host the installation's settings name), and a proxy's password stays private.
 */
class SecurityIT {
    @TempDir
    Path folder;

    @Test
    void theWebConsoleRefusesChangesAnotherSiteMakesABrowserSend() throws Exception {
        try (Installation sc = Installation.in(folder)) {
            sc.run();
            String password = sc.setting("felix.webconsole.password");
            String self = sc.httpBase();

            HttpResponse<String> forged = sc.httpPost("/system/console/bundles", "admin", password, "Origin", "http://evil.example");
            assertEquals(403, forged.statusCode(), forged.body());
            assertTrue(forged.body().contains("another web site"), forged.body());
            HttpResponse<String> forgedByReferer = sc.httpPost("/system/console/configMgr/org.serverconnect.console", "admin",
                    password, "Referer", "http://evil.example/page.html");
            assertEquals(403, forgedByReferer.statusCode(), forgedByReferer.body());
            HttpResponse<String> unnamed = sc.httpPost("/system/console/bundles", "admin", password);
            assertEquals(403, unnamed.statusCode(), "a change in the web console names where it comes from: " + unnamed.body());
            HttpResponse<String> own = sc.httpPost("/system/console/bundles", "admin", password, "Origin", self);
            assertNotEquals(403, own.statusCode(), "its own pages work: " + own.body());
            assertTrue(sc.log().contains("Refused POST /system/console/bundles"), "refusals are logged");
        }
    }

    @Test
    void aConnectionReachesOnlyPageroOnlineUnlessTheSettingsNameAnotherHost() throws Exception {
        try (Installation sc = Installation.in(folder).networkHosts(null)) {
            Files.createDirectories(sc.etc());
            Files.writeString(sc.etc().resolve("org.serverconnect.transport.pagero-elsewhere.cfg"), String.join("\n",
                    "apiUrl = https://127.0.0.1:9", "ssoUrl = https://127.0.0.1:9", "clientId = c", ".clientSecret = s",
                    "username = u", ".password = p", ""));
            Files.writeString(sc.etc().resolve("org.serverconnect.account-acme.cfg"),
                    "connection = elsewhere\ncompany = c1\nsend.schedule = every 1h\n");
            sc.run();
            sc.awaitLog("apiUrl https://127.0.0.1:9 is not on Pagero Online's domains", Duration.ofSeconds(30));
            String account = sc.awaitHttp("/api/v1/accounts/acme", "MISSING_TRANSPORT", Duration.ofSeconds(30));
            assertTrue(account.contains("connection elsewhere does not run, its configuration was refused: apiUrl "
                    + "https://127.0.0.1:9 is not on Pagero Online's domains"), account);
        }
    }

    @Test
    void aProxyPasswordIsPrivateAndShownNowhere() throws Exception {
        try (Installation sc = Installation.in(folder)) {
            Files.createDirectories(sc.etc());
            Path trust = folder.resolve("emulator");
            URI base = URI.create("https://127.0.0.1:9");
            sc.connection("plain", base, trust, "c", "s", "u", "p", "proxy = http://puser:in-the-open-77@127.0.0.1:3128");
            sc.connection("private", base, trust, "c", "s", "u", "p", "proxy = http://puser@127.0.0.1:3128",
                    ".proxyPassword = kept-private-88");
            sc.run();
            sc.awaitLog("proxy must not hold the proxy's password", Duration.ofSeconds(30));
            assertFalse(sc.log().contains("in-the-open-77"), "the refusal does not repeat it");

            String configuration = sc.awaitHttp("/api/v1/configuration", ".proxyPassword", Duration.ofSeconds(30));
            assertTrue(configuration.contains("http://puser:******@127.0.0.1:3128"), configuration);
            Installation.Result export = sc.cli("config", "export");
            assertEquals(0, export.exit(), export.toString());
            Installation.Result shown = sc.cli("connection", "show", "plain");
            for (String text : new String[] { configuration, export.out(), export.err(), shown.out(), sc.log() }) {
                assertFalse(text.contains("in-the-open-77") || text.contains("kept-private-88"), text);
            }
        }
    }

    @Test
    void atDebugNoSecretReachesTheLog() throws Exception {
        try (Emulator emulator = Emulator.start(folder.resolve("emulator")); Installation sc = Installation.in(folder)) {
            Files.createDirectories(sc.etc());
            // what an operator does to look closer: the shipped logging, everything at DEBUG
            String shipped = Files.readString(sc.dist().resolve("defaults/etc/logback.xml"));
            assertTrue(shipped.contains("<root level=\"INFO\">"), shipped);
            Files.writeString(sc.etc().resolve("logback.xml"), shipped.replace("<root level=\"INFO\">", "<root level=\"DEBUG\">"));
            sc.acmeSendsToGlobex(emulator.base, emulator.data);
            sc.run();
            Path outbox = sc.home().resolve("accounts/acme/outbox");
            Files.createDirectories(outbox);
            Files.writeString(outbox.resolve(".invoice.xml.tmp"), sc.sampleInvoice("SEC-1"));
            Files.move(outbox.resolve(".invoice.xml.tmp"), outbox.resolve("invoice.xml"));
            sc.awaitHttp("/api/v1/history?invoice=SEC-1", "SENT", Duration.ofSeconds(60));
            sc.awaitHttp("/api/v1/accounts/globex", "\"received\" : 1", Duration.ofSeconds(60));

            String log = sc.log();
            assertTrue(java.util.regex.Pattern.compile("DEBUG .*(org\\.apache\\.hc|o\\.a\\.h\\.c)").matcher(log).find(),
                    "the HTTP client itself logged at DEBUG:\n" + log);
            String clientLogin = java.util.Base64.getEncoder().encodeToString((Emulator.CLIENT + ":" + Emulator.SECRET).getBytes());
            for (String secret : new String[] { Emulator.SECRET, "acme-pass", "globex-pass", clientLogin, "Bearer ", "access_token",
                    "refresh_token" }) {
                assertFalse(log.contains(secret), secret + " is in the log");
            }
        }
    }

    @Test
    void wrongLoginsSlowTheirClientDownAndBasicOpensNoSession() throws Exception {
        try (Installation sc = Installation.in(folder)) {
            Files.createDirectories(sc.etc());
            Files.writeString(sc.etc().resolve("org.serverconnect.account-acme.cfg"),
                    "connection = nowhere\ncompany = c1\nsend.schedule = every 1h\n");
            sc.run();
            String password = sc.setting("felix.webconsole.password");
            sc.awaitHttp("/api/v1/accounts", "\"acme\"", Duration.ofSeconds(30));

            // HTTP Basic opens no session: each request logs in on its own
            for (String path : new String[] { "/status", "/api/v1/accounts", "/metrics" }) {
                HttpResponse<String> r = sc.httpGet(path, "admin", password);
                assertEquals(200, r.statusCode(), path + ": " + r.body());
                assertTrue(r.headers().allValues("Set-Cookie").isEmpty(), path + " sets " + r.headers().allValues("Set-Cookie"));
            }
            // the status page's buttons work with Basic too, through the token on the page, and say what they did
            // under an id of the page's own (a ?msg= from a link is not shown)
            String page = sc.httpGet("/status?msg=INJECTED-TEXT", "admin", password).body();
            assertFalse(page.contains("INJECTED-TEXT"), page);
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"token\" value=\"([0-9a-f]+)\"").matcher(page);
            assertTrue(token.find(), page);
            HttpResponse<String> ran = formPost(sc, "/status/run", password, "token=" + token.group(1) + "&account=acme&kind=send");
            assertEquals(302, ran.statusCode(), ran.body());
            String location = ran.headers().firstValue("Location").orElseThrow();
            assertTrue(sc.httpGet(location.replaceFirst("^https?://[^/]+", ""), "admin", password).body()
                    .contains("A send run of acme starts as soon as a thread is free."), location);
            assertEquals(403, formPost(sc, "/status/run", password, "token=0123&account=acme&kind=send").statusCode());

            // guessing: a few typos cost nothing, then the address waits longer after each wrong login, right or wrong
            for (int i = 0; i < 5; i++) {
                assertEquals(401, sc.httpGet("/api/v1/accounts", "admin", "guess-" + i).statusCode());
            }
            int attempts = 0;
            HttpResponse<String> refused;
            do {
                refused = sc.httpGet("/api/v1/accounts", "admin", "guess-more-" + attempts);
                attempts++;
            } while (refused.statusCode() == 401 && attempts < 20);
            assertEquals(429, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent(), refused.headers().toString());
            assertTrue(refused.body().contains("too_many_logins"), refused.body());
            assertEquals(429, sc.httpGet("/api/v1/accounts", "admin", password).statusCode(), "not even the right one is checked");
            assertEquals(429, sc.httpGet("/metrics", "admin", password).statusCode());
            assertEquals(429, sc.httpGet("/status", "admin", password).statusCode());
            assertTrue(sc.log().contains("Wrong login for user 'admin' from 127.0.0.1 to /api/v1/accounts"), sc.log());
            assertFalse(sc.log().contains("guess-"), "the passwords tried are not logged");

            // once the wait is over, the right login works again
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            HttpResponse<String> again;
            do {
                Thread.sleep(250);
                again = sc.httpGet("/api/v1/accounts", "admin", password);
            } while (again.statusCode() == 429 && System.nanoTime() < deadline);
            assertEquals(200, again.statusCode(), again.body());
        }
    }

    @Test
    void plainHttpBeyondThisMachineIsWarnedAbout() throws Exception {
        try (Installation sc = Installation.in(folder)) {
            Installation.Result local = sc.cli("start");
            assertEquals(0, local.exit(), local.toString());
            assertFalse(local.err().contains("plain HTTP"), local.toString());
            assertEquals(0, sc.cli("stop").exit());
            Installation.Result wide = sc.cliWithEnvironment(java.util.Map.of("SERVERCONNECT_HTTP_HOST", "0.0.0.0"), true, "start");
            assertEquals(0, wide.exit(), wide.toString());
            assertTrue(wide.err().contains("serverconnect: warning: the web server listens on 0.0.0.0 over plain HTTP"),
                    wide.toString());
            assertEquals(0, sc.cli("stop").exit());
        }
    }

    /** A form POST to the runtime with HTTP Basic, as the status page's buttons send it (with the page's origin). */
    private static HttpResponse<String> formPost(Installation sc, String path, String password, String form) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(sc.httpBase() + path))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + password).getBytes()))
                .header("Origin", sc.httpBase()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
