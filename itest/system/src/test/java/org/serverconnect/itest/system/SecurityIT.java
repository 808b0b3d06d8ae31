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
}
