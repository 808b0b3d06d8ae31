package org.serverconnect.config.xml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.ServiceLoader;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.schedule.TimetableParser;

/**
 * The command line, {@code config check} and the installation file refuse what the account itself would refuse
 * (timetables, windows, time zones, choices, numbers), with the account's own message, before anything is written;
 * names may contain '-'.
 */
class ComponentChecksTest {
    private static final String COMPANY = "3a6f0c5e-1111-4c2b-9d7e-5b0c2d9e0a41";

    @TempDir
    Path home;

    private String out;
    private String err;

    private int cli(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int status = new ConfigCli(home, false, null, new PrintWriter(o, true), new PrintWriter(e, true)).run(args);
        out = o.toString();
        err = e.toString();
        return status;
    }

    /** What the scheduler itself says about a timetable. */
    private static String schedulerSays(String expression, String window) {
        TimetableParser grammar = ServiceLoader.load(TimetableParser.class).findFirst().orElseThrow();
        return assertThrows(IllegalArgumentException.class, () -> grammar.timetable(expression, window, ZoneId.of("UTC")))
                .getMessage();
    }

    @BeforeEach
    void connectionNotifierAndAccountWithDashesInTheirNames() {
        assertEquals(0, cli("connection", "add", "acme-conn", "--clientId", "c", "--clientSecret", "s", "--username", "u",
                "--password", "p"), err);
        assertEquals(0, cli("notifier", "add", "log", "ops-log"), err);
        assertEquals(0, cli("account", "add", "initech", "--connection", "acme-conn", "--company", COMPANY, "--notify",
                "ops-log", "--send.schedule", "every 5m"), err);
        assertTrue(Files.isRegularFile(home.resolve("etc/org.serverconnect.transport.pagero-acme-conn.cfg")));
    }

    @Test
    void theCommandLineRefusesWhatTheAccountWouldWithItsOwnMessage() throws Exception {
        Path cfg = home.resolve("etc/org.serverconnect.account-initech.cfg");
        String before = Files.readString(cfg);
        assertEquals(1, cli("account", "set", "initech", "send.schedule=imediate"), out + err);
        assertTrue(err.contains("account initech: send.schedule: " + schedulerSays("imediate", null)), err);
        assertTrue(err.contains("nothing was changed"), err);
        assertEquals(before, Files.readString(cfg), "nothing written");

        assertEquals(1, cli("account", "set", "initech", "send.window=Mon-Fry 06:00-20:00"), err);
        assertTrue(err.contains("send.window: " + schedulerSays("every 5m", "Mon-Fry 06:00-20:00")), err);
        assertEquals(1, cli("account", "set", "initech", "timezone=Europe/Stokholm"), err);
        assertTrue(err.contains("timezone 'Europe/Stokholm' is not a time zone"), err);
        assertEquals(1, cli("account", "set", "initech", "batch=0"), err);
        assertTrue(err.contains("must be at least 1"), err);
        assertEquals(1, cli("account", "add", "other", "--company", COMPANY), err);
        assertTrue(err.contains("connection is missing"), err);
        assertEquals(before, Files.readString(cfg), "nothing written");

        assertEquals(0, cli("account", "set", "initech", "send.schedule=0 */15 * * * *", "send.window=Mon-Fri 06:00-20:00",
                "timezone=Europe/Stockholm"), err);
        assertTrue(out.contains("account initech changed"), out);
    }

    @Test
    void configCheckRefusesAWrongTimetableInACfgFileAtItsLine() throws Exception {
        Path cfg = home.resolve("etc/org.serverconnect.account-initech.cfg");
        Files.writeString(cfg, Files.readString(cfg).replace("send.schedule = every 5m", "send.schedule = evry 5m"));
        int line = Files.readAllLines(cfg).indexOf("send.schedule = evry 5m") + 1;
        assertEquals(1, cli("config", "check"), out);
        assertTrue(out.contains("etc/org.serverconnect.account-initech.cfg line " + line + ": send.schedule: "
                + schedulerSays("evry 5m", null)), out);
    }

    @Test
    void theInstallationFileIsCheckedByTheSameRules() throws Exception {
        String xml = """
                <serverconnect>
                  <accounts>
                    <account name="acme-north">
                      <connection>acme-conn</connection>
                      <company>%s</company>
                      <notify>ops-log</notify>
                      <send.schedule>%s</send.schedule>
                    </account>
                  </accounts>
                </serverconnect>
                """;
        Path file = home.resolve("etc/serverconnect.xml");
        Files.writeString(file, xml.formatted(COMPANY, "every 5m"), StandardCharsets.UTF_8);
        assertEquals(0, cli("config", "check"), out);
        assertEquals(0, cli("account", "show", "acme-north"), err);
        assertTrue(out.contains("configured in etc/serverconnect.xml:3"), out);

        Files.writeString(file, xml.formatted(COMPANY, "evry 5m"), StandardCharsets.UTF_8);
        assertEquals(1, cli("config", "check"), out);
        assertTrue(out.contains("etc/serverconnect.xml line 3, <account name=\"acme-north\">: send.schedule: "
                + schedulerSays("evry 5m", null)), out);
        List<Problem> problems = new java.util.ArrayList<>();
        InstallationReader.Reading r = InstallationReader.read(Files.readAllBytes(file), "etc/serverconnect.xml");
        problems.addAll(Checks.check(r.items(), new Home(home).cfgItems(), SettingsChecks.onClassPath()));
        assertEquals(1, problems.size(), problems.toString());
    }

    @Test
    void addHelpShowsTheSecretReferencesAsWritten() {
        assertEquals(0, cli("connection", "add", "--help"), err);
        assertTrue(out.contains("${env:NAME}") && out.contains("${file:PATH}"), out);
        assertFalse(out.contains("null / null") || out.contains("$${"), out);
    }
}
