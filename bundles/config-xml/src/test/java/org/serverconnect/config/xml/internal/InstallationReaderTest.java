package org.serverconnect.config.xml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Reading and checking an installation file: what it configures, and every kind of mistake, placed by line. */
class InstallationReaderTest {
    private static final String FILE = "etc/serverconnect.xml";

    @Test
    void aWholeInstallationBecomesTheConfigurationsItsCfgFilesWouldBe() throws IOException {
        InstallationReader.Reading r = InstallationReader.read(example(), FILE);
        assertEquals(List.of(), r.problems());
        Map<String, Item> items = r.items().stream().collect(Collectors.toMap(Item::pid, i -> i));
        assertEquals(List.of("org.serverconnect.transport.pagero~acme_c", "org.serverconnect.notify.mail~ops",
                "org.serverconnect.notify.log~logs", "org.serverconnect.account~acme", "org.serverconnect.account~beta",
                "com.example.notify.webhook~hook"), r.items().stream().map(Item::pid).toList());

        Dictionary<String, Object> connection = items.get("org.serverconnect.transport.pagero~acme_c").properties();
        // secrets go under their private keys, as in a .cfg file; references stay references
        assertEquals("s3cret-client", connection.get(".clientSecret"));
        assertEquals("${env:ACME_PASSWORD}", connection.get(".password"));
        assertEquals(null, connection.get("password"));
        assertEquals("https://127.0.0.1:8443", connection.get("apiUrl"));
        assertEquals(4, items.get("org.serverconnect.transport.pagero~acme_c").line());

        Dictionary<String, Object> acme = items.get("org.serverconnect.account~acme").properties();
        assertEquals("*.xml, *.csv", acme.get("include"), "as a .cfg file says it");
        assertEquals("ops, logs", acme.get("notify"));
        assertEquals("every 30s", acme.get("send.schedule"));
        assertEquals(".password", items.get("org.serverconnect.notify.mail~ops").values().keySet().stream()
                .filter(k -> k.contains("password")).findFirst().orElseThrow());
        assertTrue(items.get("org.serverconnect.notify.log~logs").values().isEmpty());
        assertEquals("hook-s3cret", items.get("com.example.notify.webhook~hook").properties().get(".token"));

        assertEquals(List.of(), Checks.check(r.items(), List.of(), SettingsChecks.onClassPath()));
    }

    @Test
    void anUnknownElementIsRefusedWithItsLineAndWhatIsExpected() throws IOException {
        String xml = text("<send.schedule>", "<send.shedule>").replace("</send.schedule>", "</send.shedule>");
        List<Problem> problems = InstallationReader.read(bytes(xml), FILE).problems();
        assertEquals(1, problems.size(), problems.toString());
        Problem p = problems.get(0);
        assertEquals(28, p.line());
        assertEquals("<send.shedule>", p.element());
        assertTrue(p.toString().startsWith("etc/serverconnect.xml line 28, <send.shedule>: "), p.toString());
        assertTrue(p.message().contains("send.schedule"), "says what is expected: " + p.message());
    }

    @Test
    void aBadValueIsRefusedNamingTheElementAndTheValuesAllowed() throws IOException {
        List<Problem> problems = InstallationReader.read(example("<sendMode>Test<", "<sendMode>Prod<"), FILE).problems();
        String all = problems.toString();
        assertEquals(1, problems.size(), all);
        assertEquals(12, problems.get(0).line());
        assertEquals("<sendMode>", problems.get(0).element());
        assertTrue(all.contains("Production"), all);

        problems = InstallationReader.read(example("<port>587<", "<port>lots<"), FILE).problems();
        assertTrue(problems.stream().anyMatch(p -> p.line() == 18 && "<port>".equals(p.element())), problems.toString());
        problems = InstallationReader.read(example("<enabled>false<", "<enabled>no<"), FILE).problems();
        assertTrue(problems.stream().anyMatch(p -> p.line() == 36 && "<enabled>".equals(p.element())), problems.toString());
        problems = InstallationReader.read(example("digest 07:30", "digest 7"), FILE).problems();
        assertFalse(problems.isEmpty());
    }

    @Test
    void aNameWithADashIsAcceptedAndAMissingOrUnsafeOneRefused() throws IOException {
        // FileInstall splits <factoryPid>-<name>.cfg at the first '-', and no factory PID of ours has one
        assertEquals(List.of(), InstallationReader.read(example("name=\"beta\"", "name=\"be-ta\""), FILE).problems());
        assertFalse(InstallationReader.read(example("name=\"beta\"", "name=\"-beta\""), FILE).problems().isEmpty());
        assertFalse(InstallationReader.read(example("name=\"beta\"", "name=\"be/ta\""), FILE).problems().isEmpty());
        assertFalse(InstallationReader.read(example("<log name=\"logs\"/>", "<log/>"), FILE).problems().isEmpty());
    }

    @Test
    void referencesDuplicatesAndRepeatedKeysAreCheckedAcrossTheInstallation() throws IOException {
        List<Problem> p = check(example("<connection>acme_c</connection>\n      <enabled>", "<connection>nowhere</connection>\n      <enabled>"));
        assertEquals(1, p.size(), p.toString());
        assertEquals(34, p.get(0).line());
        assertEquals("<account name=\"beta\">", p.get(0).element());
        assertTrue(p.get(0).message().contains("'nowhere'") && p.get(0).message().contains("connections: acme_c"), p.toString());

        p = check(example("<notify>ops, logs</notify>", "<notify>ops, pager</notify>"));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).message().contains("'pager'"), p.toString());

        p = check(example("<account name=\"beta\">", "<account name=\"acme\">"));
        assertTrue(p.stream().anyMatch(x -> x.message().contains("already described at line 25")), p.toString());

        p = check(example("<company>", "<company>x</company><company>"));
        assertTrue(p.stream().anyMatch(x -> x.message().contains("<company> is given 2 times")), p.toString());

        // the same account in a .cfg file: described in one place only; a connection from a .cfg file may be named
        Item cfg = new Item(Kind.ACCOUNT, Kind.ACCOUNT.factoryPid, "acme", Map.of(), "etc/org.serverconnect.account-acme.cfg", 0);
        Item other = new Item(Kind.PAGERO, Kind.PAGERO.factoryPid, "nowhere", Map.of(), "etc/x.cfg", 0);
        InstallationReader.Reading r = InstallationReader.read(example("<connection>acme_c</connection>\n      <enabled>",
                "<connection>nowhere</connection>\n      <enabled>"), FILE);
        p = Checks.check(r.items(), List.of(cfg, other), SettingsChecks.onClassPath());
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).message().contains("also configured in etc/org.serverconnect.account-acme.cfg"), p.toString());
    }

    @Test
    void doctypesEntitiesAndBrokenXmlAreRefusedWithoutReadingAnything() throws IOException {
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE serverconnect [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + "<serverconnect><accounts><account name=\"a\"><company>&x;</company></account></accounts></serverconnect>";
        List<Problem> p = InstallationReader.read(bytes(xxe), FILE).problems();
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).message().contains("DOCTYPE is not allowed"), p.toString());
        assertFalse(p.toString().contains("root:"), "nothing of the file was read");

        p = InstallationReader.read(bytes("<serverconnect><accounts>\n<account name=\"a\">\n</accounts>"), FILE).problems();
        assertEquals(1, p.size(), p.toString());
        assertEquals(3, p.get(0).line());
    }

    @Test
    void noMessageEverCarriesASecret() throws IOException {
        String xml = text("<password>mail-s3cret</password>", "<password>mail-s3cret</password><passwort>mail-s3cret</passwort>")
                .replace("<clientId>", "<clientSecret>dup-s3cret</clientSecret><clientId>");
        List<Problem> p = InstallationReader.read(bytes(xml), FILE).problems();
        assertFalse(p.isEmpty());
        assertFalse(p.toString().contains("s3cret"), p.toString());
        p = check(example("<clientSecret>s3cret-client</clientSecret>", "<clientSecret>s3cret-client</clientSecret><clientSecret>s3cret-2</clientSecret>"));
        assertEquals(1, p.size());
        assertFalse(p.toString().contains("s3cret"), p.toString());
    }

    private static List<Problem> check(byte[] xml) {
        InstallationReader.Reading r = InstallationReader.read(xml, FILE);
        assertEquals(List.of(), r.problems());
        return Checks.check(r.items(), List.of(), SettingsChecks.onClassPath());
    }

    static byte[] example() throws IOException {
        try (InputStream in = InstallationReaderTest.class.getResourceAsStream("/installation.xml")) {
            return in.readAllBytes();
        }
    }

    private static byte[] example(String from, String to) throws IOException {
        return bytes(text(from, to));
    }

    private static String text(String from, String to) throws IOException {
        String xml = new String(example(), StandardCharsets.UTF_8);
        assertTrue(xml.contains(from), from);
        return xml.replace(from, to);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
