package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration command line as a new user drives it: connections, notifiers and accounts added,
 * shown, changed, disabled and removed with the runtime down (applied at the start) and up (applied live); the
 * installation file beside the .cfg files, checked and exported; and no secret in any output, log or page.
 */
class ConfigCommandsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ACME = "3a6f0c5e-1111-4c2b-9d7e-5b0c2d9e0a41";
    private static final List<String> SECRETS = List.of("cli-client-s3cret", "file-s3cret", "xml-mail-s3cret");

    @TempDir
    Path folder;

    @Test
    void everySubCommandWithTheRuntimeDownAndUp() throws Exception {
        StringBuilder seen = new StringBuilder();
        try (Installation sc = Installation.in(folder)) {
            Path secretFile = folder.resolve("acme-password");
            Files.writeString(secretFile, "file-s3cret\n");
            Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-r--r--"));

            // --- runtime down: written to etc/, applied at the next start
            Installation.Result r = sc.cli("account", "list");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("no accounts configured"), r.out());
            r = sc.cli("account", "add", "--help");
            assertTrue(r.exit() == 0 && r.out().contains("--connection") && r.out().contains("--send.schedule"), r.toString());

            r = sc.cliWithInput("cli-client-s3cret\n", "connection", "add", "acme_c", "--apiUrl", "https://127.0.0.1:9",
                    "--ssoUrl", "https://127.0.0.1:9", "--clientId", "demo-client", "--clientSecret", "-",
                    "--username", "acme-api", "--password", "${file:" + secretFile + "}");
            seen.append(r);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("applies at the next start"), r.out());
            assertTrue(r.err().contains("readable by others"), "a secret file others can read draws a warning: " + r);
            Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));

            r = sc.cli("notifier", "add", "maildrop", "drop", "--folder", folder.resolve("mail").toString());
            assertEquals(0, r.exit(), r.toString());
            r = sc.cli("account", "add", "acme", "--connection", "acme_c", "--company", ACME, "--folder",
                    folder.resolve("acme").toString(), "--send", "false", "--receive", "false", "--notify", "drop");
            assertEquals(0, r.exit(), r.toString());

            // refused, with the reason, and nothing written
            r = sc.cli("account", "add", "wrong", "--connection", "nowhere", "--company", ACME);
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("'nowhere'") && r.err().contains("acme_c"), r.err());
            r = sc.cli("account", "add", "wrong", "--send", "maybe");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("send") && r.err().contains("true, false"), r.err());
            r = sc.cli("account", "add", "wrong", "--sned", "false");
            assertEquals(2, r.exit(), "an unknown option is a usage error: " + r);
            assertFalse(Files.exists(sc.etc().resolve("org.serverconnect.account-wrong.cfg")));
            r = sc.cli("account", "show", "nobody");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("no account nobody") && r.err().contains("acme"), r.err());

            r = sc.cli("connection", "show", "acme_c");
            seen.append(r);
            assertTrue(r.exit() == 0 && r.out().contains("clientSecret = ******") && r.out().contains("password = ******"), r.toString());
            r = sc.cli("account", "list", "--json");
            seen.append(r);
            assertTrue(r.exit() == 0 && r.out().contains("\"name\" : \"acme\"") && r.out().contains("org.serverconnect.account-acme.cfg"), r.toString());

            // the installation file beside the .cfg files: checked, listed, and changed only in the file
            Files.writeString(sc.etc().resolve("serverconnect.xml"), """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <serverconnect>
                      <notifiers>
                        <mail name="ops">
                          <host>127.0.0.1</host>
                          <port>2525</port>
                          <from>sc@acme.example</from>
                          <username>ops</username>
                          <password>xml-mail-s3cret</password>
                        </mail>
                      </notifiers>
                      <accounts>
                        <account name="xmlacct">
                          <connection>acme_c</connection>
                          <company>%s</company>
                          <folder>%s</folder>
                          <send>false</send>
                          <receive>false</receive>
                          <notify>ops, drop</notify>
                        </account>
                      </accounts>
                    </serverconnect>
                    """.formatted(ACME, folder.resolve("xmlacct")));
            r = sc.cli("config", "check");
            seen.append(r);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("is right: 6 instance(s)"), r.out());
            r = sc.cli("account", "list");
            assertTrue(r.out().contains("xmlacct") && r.out().contains("etc/serverconnect.xml:13"), r.out());
            r = sc.cli("account", "set", "xmlacct", "send=true");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("etc/serverconnect.xml (line 13): change it there"), r.err());
            r = sc.cli("config", "export");
            seen.append(r);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("<account name=\"acme\">") && r.out().contains("<account name=\"xmlacct\">")
                    && r.out().contains("<password>******</password>") && r.out().contains("<mail name=\"ops\">"), r.out());
            Path broken = folder.resolve("broken.xml");
            Files.writeString(broken, "<serverconnect>\n<accounts>\n<account name=\"x\"><sendd>true</sendd></account>\n</accounts>\n</serverconnect>\n");
            r = sc.cli("config", "check", broken.toString());
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.out().contains("line 3, <sendd>"), r.out());

            // --- runtime up: everything above runs; changes apply live
            sc.run();
            String password = sc.setting("felix.webconsole.password");
            sc.awaitHttp("/api/v1/accounts/acme", "\"name\" : \"acme\"", WAIT);
            sc.awaitHttp("/api/v1/accounts/xmlacct", "\"name\" : \"xmlacct\"", WAIT);

            r = sc.cli("account", "add", "beta", "--connection", "acme_c", "--company", ACME, "--folder",
                    folder.resolve("beta").toString(), "--send", "false", "--receive", "false");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("the running runtime applies it now"), r.out());
            sc.awaitHttp("/api/v1/accounts/beta", "\"name\" : \"beta\"", WAIT);
            r = sc.cli("account", "disable", "beta");
            assertEquals(0, r.exit(), r.toString());
            sc.awaitHttp("/api/v1/accounts/beta", "DISABLED", WAIT);
            r = sc.cli("account", "enable", "beta");
            assertEquals(0, r.exit(), r.toString());
            awaitNot(sc, "/api/v1/accounts/beta", "DISABLED", password);
            r = sc.cli("account", "set", "beta", "notify=drop", "send.schedule=every 2m");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(Files.readString(sc.etc().resolve("org.serverconnect.account-beta.cfg")).contains("send.schedule = every 2m"));
            r = sc.cli("notifier", "add", "log", "quiet", "--level", "WARN");
            assertEquals(0, r.exit(), r.toString());
            r = sc.cli("notifier", "list");
            assertTrue(r.out().contains("quiet") && r.out().contains("ops") && r.out().contains("drop"), r.out());
            r = sc.cli("notifier", "remove", "drop");
            assertEquals(1, r.exit(), "named by accounts: " + r);
            assertTrue(r.err().contains("acme") && r.err().contains("--force"), r.err());
            r = sc.cli("notifier", "remove", "quiet");
            assertEquals(0, r.exit(), r.toString());
            r = sc.cli("account", "remove", "beta");
            assertEquals(0, r.exit(), r.toString());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (sc.httpGet("/api/v1/accounts/beta", "admin", password).statusCode() != 404 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(404, sc.httpGet("/api/v1/accounts/beta", "admin", password).statusCode(), "beta is gone");
            assertEquals(200, sc.httpGet("/api/v1/accounts/acme", "admin", password).statusCode(), "acme stays");

            // a broken installation file changes nothing and the log says where
            String xml = Files.readString(sc.etc().resolve("serverconnect.xml"));
            Files.writeString(sc.etc().resolve("serverconnect.xml"), xml.replace("<send>false</send>", "<send>no</send>"));
            String error = sc.awaitLog("line 17, <send>", WAIT);
            assertTrue(error.contains("true, false"), error);
            assertEquals(200, sc.httpGet("/api/v1/accounts/xmlacct", "admin", password).statusCode());

            // the running configuration, as one XML file: where each instance came from, secrets masked
            r = sc.cli("config", "export");
            seen.append(r);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("<!-- etc/serverconnect.xml -->") && r.out().contains("<account name=\"xmlacct\">")
                    && r.out().contains("<!-- etc/org.serverconnect.account-acme.cfg -->")
                    && r.out().contains("<clientSecret>******</clientSecret>") && !r.out().contains("name=\"beta\""), r.out());

            // no secret in any output, the log, the console's configuration pages or the API
            for (String[] cmd : new String[][] { { "connection", "show", "acme_c", "--json" }, { "notifier", "show", "ops" },
                { "notifier", "list", "--json" }, { "connection", "list" }, { "config", "export" }, { "config", "check" } }) {
                seen.append(sc.cli(cmd));
            }
            for (String path : List.of("/api/v1/configuration", "/system/console/configMgr", "/system/console/configMgr/org.serverconnect.transport.pagero~acme_c",
                "/system/console/configMgr/org.serverconnect.notify.mail~ops", "/api/v1/accounts", "/api/v1/doctor", "/status")) {
                seen.append(sc.httpGet(path, "admin", password).body());
            }
            seen.append(sc.log()).append(sc.runOutput());
            for (String secret : SECRETS) {
                assertFalse(seen.toString().contains(secret), "the secret " + secret + " shows somewhere");
            }
        }
    }

    /**
     * Values are checked as the account checks them, before anything is written or applied; names may contain '-';
     * a refused connection makes the accounts that use it say why; the doctor names the file a setting came from and
     * reports a refused installation file.
     */
    @Test
    void checkedValuesNamesWithDashesAndRefusalsThatSayWhy() throws Exception {
        try (Installation sc = Installation.in(folder)) {
            Installation.Result r = sc.cli("connection", "add", "--help");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("${env:NAME}") && r.out().contains("${file:PATH}") && !r.out().contains("null / null"),
                    r.out());

            r = sc.cli("connection", "add", "acme-conn", "--apiUrl", "https://127.0.0.1:9", "--ssoUrl", "https://127.0.0.1:9",
                    "--clientId", "c", "--clientSecret", "cli-client-s3cret", "--username", "u", "--password", "p");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(Files.isRegularFile(sc.etc().resolve("org.serverconnect.transport.pagero-acme-conn.cfg")));
            r = sc.cli("account", "add", "acme-north", "--connection", "acme-conn", "--company", ACME, "--folder",
                    folder.resolve("north").toString(), "--send", "false", "--receive", "false");
            assertEquals(0, r.exit(), r.toString());

            // a value the account would refuse is refused before it is written, in the account's words
            r = sc.cli("account", "set", "acme-north", "send.schedule=imediate");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("account acme-north: send.schedule: timetable 'imediate'"), r.err());
            assertFalse(Files.readString(sc.etc().resolve("org.serverconnect.account-acme-north.cfg")).contains("imediate"));
            r = sc.cli("account", "set", "acme-north", "send.window=Mon-Fry 06:00-20:00");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("'Fry' is not a day"), r.err());

            // a connection its component refuses (a secret under a plain key), and an account that uses it
            Files.writeString(sc.etc().resolve("org.serverconnect.transport.pagero-bad-conn.cfg"), String.join("\n",
                    "apiUrl = https://127.0.0.1:9", "ssoUrl = https://127.0.0.1:9", "clientId = c", ".clientSecret = s",
                    "username = u", "password = plain", ""));
            Files.writeString(sc.etc().resolve("org.serverconnect.account-waiting.cfg"), String.join("\n",
                    "connection = bad-conn", "company = " + ACME, "folder = " + folder.resolve("waiting"), "send = false",
                    "receive = false", ""));
            // an account in the installation file that cannot open its folders (a plain file is in the way)
            Path inTheWay = folder.resolve("in-the-way");
            Files.writeString(inTheWay, "");
            String xml = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <serverconnect>
                      <accounts>
                        <account name="xml-acct">
                          <connection>acme-conn</connection>
                          <company>%s</company>
                          <folder>%s</folder>
                          <send.schedule>every 5m</send.schedule>
                        </account>
                      </accounts>
                    </serverconnect>
                    """.formatted(ACME, inTheWay);
            Files.writeString(sc.etc().resolve("serverconnect.xml"), xml);

            sc.run();
            String password = sc.setting("felix.webconsole.password");
            sc.awaitHttp("/api/v1/accounts/acme-north", "\"name\" : \"acme-north\"", WAIT);
            String waiting = sc.awaitHttp("/api/v1/accounts/waiting", "its configuration was refused", WAIT);
            assertTrue(waiting.contains("connection bad-conn") && waiting.contains("'password' is a secret"), waiting);
            String line = sc.awaitLog("its configuration was refused", WAIT);
            assertTrue(line.contains("'password' is a secret"), line);
            assertFalse(sc.log().contains("at org.serverconnect.transport.pagero"), "no stack trace:\n" + sc.log());

            // the doctor names the file the account really came from
            Installation.Result doctor = sc.awaitDoctor(d -> d.out().contains("account xml-acct"), WAIT);
            assertTrue(doctor.out().contains("fix <account name=\"xml-acct\"> in etc/serverconnect.xml"), doctor.out());
            assertFalse(doctor.out().contains("org.serverconnect.account-xml-acct.cfg"), doctor.out());

            // a wrong timetable in the installation file: refused by config check and by the runtime, and the doctor says so
            Files.writeString(sc.etc().resolve("serverconnect.xml"), xml.replace("every 5m", "evry 5m"));
            r = sc.cli("config", "check");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.out().contains("etc/serverconnect.xml line 4, <account name=\"xml-acct\">: send.schedule: "
                    + "timetable 'evry 5m'"), r.out());
            sc.awaitLog("etc/serverconnect.xml line 4, <account name=\"xml-acct\">: send.schedule", WAIT);
            doctor = sc.awaitDoctor(d -> d.out().contains("PROBLEM  etc/serverconnect.xml"), WAIT);
            assertTrue(doctor.out().contains("line 4, <account name=\"xml-acct\">: send.schedule: timetable 'evry 5m'")
                    && doctor.out().contains("not applied"), doctor.out());
            assertEquals(1, doctor.exit(), doctor.toString());
            assertEquals(200, sc.httpGet("/api/v1/accounts/xml-acct", "admin", password).statusCode(), "still there");
        }
    }

    private static void awaitNot(Installation sc, String path, String text, String password) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sc.httpGet(path, "admin", password).body().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " still says " + text);
            }
            Thread.sleep(200);
        }
    }
}
