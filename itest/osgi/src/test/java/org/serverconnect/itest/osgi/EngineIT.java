package org.serverconnect.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.serverconnect.api.account.AccountService;
import org.serverconnect.api.account.AccountStatus;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.journal.Journal;

/**
 * The engine in the shipped runtime: accounts added, changed and removed through Configuration Admin while
 * documents flow through a Pagero Online emulator running in the same runtime.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineIT extends InShippedRuntime {
    private static final String ACME = "3a6f0c5e-1111-4c2b-9d7e-5b0c2d9e0a41";
    private static final String GLOBEX = "7d2b9e10-2222-4f3a-8c6d-1e4f5a6b7c82";

    @Inject
    private ConfigurationAdmin cm;
    @Inject
    private BundleContext context;
    @Inject
    private Journal journal;

    private int port;
    private Path emulatorData;
    private Path root;

    @Before
    public void emulatorAndConnections() throws Exception {
        port = freePort();
        emulatorData = Files.createTempDirectory("sc-engine-emulator");
        root = Files.createTempDirectory("sc-engine-accounts");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("port", Integer.toString(port));
        p.put("data", emulatorData.toString());
        cm.getFactoryConfiguration("org.serverconnect.pagero.emulator", "engine", "?").update(p);
        await("emulator listening", () -> listening(port) && Files.exists(emulatorData.resolve("emulator-truststore.p12")));
        connection("acme_c", port, "acme-api", "acme-pass");
        connection("globex_c", port, "globex-api", "globex-pass");
    }

    @After
    public void deleteAll() throws Exception {
        for (String f : new String[] { "org.serverconnect.account", "org.serverconnect.notify.maildrop",
                "org.serverconnect.example.webhook", "org.apache.felix.fileinstall",
                "org.serverconnect.transport.pagero",
                "org.serverconnect.pagero.emulator" }) {
            Configuration[] cs = cm.listConfigurations("(service.factoryPid=" + f + ")");
            if (cs != null) {
                for (Configuration c : cs) {
                    c.delete();
                }
            }
        }
        await("accounts gone", () -> context.getServiceReferences(AccountService.class, null).isEmpty());
    }

    private Configuration connection(String name, int apiPort, String user, String password) throws Exception {
        Configuration c = cm.getFactoryConfiguration("org.serverconnect.transport.pagero", name, "?");
        c.update(connectionProps(apiPort, user, password));
        return c;
    }

    private Dictionary<String, Object> connectionProps(int apiPort, String user, String password) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("apiUrl", "https://127.0.0.1:" + apiPort);
        p.put("ssoUrl", "https://127.0.0.1:" + apiPort);
        p.put("clientId", "demo-client");
        p.put(".clientSecret", "demo-secret");
        p.put("username", user);
        p.put(".password", password);
        p.put("truststore", emulatorData.resolve("emulator-truststore.p12").toString());
        p.put(".truststorePassword", "changeit");
        p.put("connectTimeout", "2");
        p.put("readTimeout", "10");
        return p;
    }

    /** An account whose runs come every second, with short retries, in its own folder under the test's root. */
    private Configuration account(String name, String connection, String company, boolean send, boolean receive)
            throws Exception {
        return account(name, connection, company, send, receive, new Hashtable<>());
    }

    private Configuration account(String name, String connection, String company, boolean send, boolean receive,
            Dictionary<String, Object> p) throws Exception {
        p.put("folder", root.resolve(name).toString());
        p.put("connection", connection);
        p.put("company", company);
        p.put("send", Boolean.toString(send));
        p.put("receive", Boolean.toString(receive));
        String[][] defaults = { { "send.schedule", "every 1s" }, { "receive.schedule", "every 1s" },
            { "followup.schedule", "every 1s" }, { "pickup.stableFor", "0" }, { "pickup.minAge", "0" },
            { "retry.initial", "1" }, { "retry.max", "2" }, { "circuit.failures", "3" }, { "circuit.pause", "2" } };
        for (String[] d : defaults) {
            if (p.get(d[0]) == null) {
                p.put(d[0], d[1]);          // what the test asks for wins
            }
        }
        Configuration c = cm.getFactoryConfiguration("org.serverconnect.account", name, "?");
        c.update(p);
        await("account " + name, () -> account(name) != null);
        return c;
    }

    private AccountService account(String name) throws Exception {
        Collection<ServiceReference<AccountService>> refs = context.getServiceReferences(AccountService.class, "(name=" + name + ")");
        return refs.isEmpty() ? null : context.getService(refs.iterator().next());
    }

    /** An invoice from Acme to Globex: the demo's sample with another number. */
    private static byte[] invoice(String number) throws IOException {
        String sample = Files.readString(ShippedRuntime.dist().resolve("defaults/demo/samples/acme-invoice-1001.xml"),
                StandardCharsets.UTF_8);
        return sample.replace("ACME-1001", number).getBytes(StandardCharsets.UTF_8);
    }

    private void drop(String account, String fileName, byte[] content) throws IOException {
        Path outbox = root.resolve(account).resolve("outbox");
        Files.createDirectories(outbox);
        Path tmp = outbox.resolve(fileName + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, outbox.resolve(fileName));
    }

    /** Files in an account's folder; a file that vanishes while it is listed (the account is busy) is a retry. */
    private long files(String account, String folder, String suffix) throws IOException {
        Path dir = root.resolve(account).resolve(folder);
        for (int attempt = 1;; attempt++) {
            if (!Files.isDirectory(dir)) {
                return 0;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                return s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                        .filter(f -> f.getFileName().toString().endsWith(suffix)).count();
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
                if (attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    private long count(String account, DocumentState state) {
        return journal.counts(account).getOrDefault(state, 0L);
    }

    @Test
    public void invoicesFlowFromOneAccountToAnotherAndEveryStepIsInTheJournal() throws Exception {
        account("acme_f", "acme_c", ACME, true, false);
        account("globex_f", "globex_c", GLOBEX, false, true);
        for (int i = 1; i <= 5; i++) {
            drop("acme_f", "inv-" + i + ".xml", invoice("FLOW-" + i));
        }
        drop("acme_f", "not-an-invoice.xml", "hello".getBytes(StandardCharsets.UTF_8));

        await("5 invoices in globex's inbox", () -> files("globex_f", "inbox", ".xml") == 5);
        await("5 processed by the network and acknowledged", () -> count("acme_f", DocumentState.PROCESSED)
                + count("acme_f", DocumentState.DELIVERED) == 5 && count("globex_f", DocumentState.ACKNOWLEDGED) == 5);
        assertEquals(5, files("acme_f", "sent", ".xml"));
        assertEquals("the non-invoice is refused with a reason file", 1, files("acme_f", "error", ".error.txt"));
        assertEquals(1, count("acme_f", DocumentState.REJECTED));
        assertEquals("nothing waits in the work folder", 0, files("acme_f", "work", ""));
        String reason = Files.readString(root.resolve("acme_f/error/not-an-invoice.xml.error.txt"));
        assertTrue(reason, reason.toLowerCase().contains("xml") || reason.toLowerCase().contains("invoice"));

        var history = journal.history(Journal.Lookup.INVOICE_NUMBER, "FLOW-3", 50);
        List<DocumentState> acmeStates = history.stream().filter(e -> e.account().equals("acme_f")).map(e -> e.state()).toList();
        assertEquals(List.of(DocumentState.CLAIMED, DocumentState.SENDING, DocumentState.SENT, DocumentState.PROCESSED),
                acmeStates.stream().distinct().limit(4).toList());
        List<DocumentState> globexStates = history.stream().filter(e -> e.account().equals("globex_f")).map(e -> e.state()).toList();
        assertEquals(List.of(DocumentState.RECEIVED, DocumentState.ACKNOWLEDGED), globexStates);
        assertEquals(AccountStatus.Status.ONLINE, account("acme_f").status().status());
    }

    @Test
    public void aBrokenConnectionHoldsOnlyItsOwnAccountAndFixingItLiveSendsWhatWaited() throws Exception {
        int nothing = freePort();
        Configuration brokenConnection = connection("broken_c", nothing, "acme-api", "acme-pass");
        account("acme_b", "acme_c", ACME, true, false);
        account("broken", "broken_c", ACME, true, false);
        account("globex_b", "globex_c", GLOBEX, false, true);
        for (int i = 1; i <= 3; i++) {
            drop("broken", "b-" + i + ".xml", invoice("BROKEN-" + i));
            drop("acme_b", "a-" + i + ".xml", invoice("GOOD-" + i));
        }
        await("acme's 3 arrive while the other account's connection is broken",
                () -> count("globex_b", DocumentState.ACKNOWLEDGED) == 3);
        await("the broken account shows why", () -> account("broken").status().status() != AccountStatus.Status.ONLINE
                && files("broken", "work", ".xml") == 3);
        AccountStatus broken = account("broken").status();
        assertTrue(broken.toString(), broken.detail() == AccountStatus.Detail.CIRCUIT_OPEN
                || broken.detail() == AccountStatus.Detail.COMMUNICATION_ERROR);
        assertEquals("nothing given up", 0, files("broken", "error", ""));

        brokenConnection.update(connectionProps(port, "acme-api", "acme-pass"));
        await("the waiting files are sent once the connection works", () -> count("globex_b", DocumentState.ACKNOWLEDGED) == 6);
        assertEquals(3, files("broken", "sent", ".xml"));
        assertEquals("each sent exactly once", 6, files("globex_b", "inbox", ".xml"));
    }

    /**
     * Two uploads whose answers are lost open the circuit; after the pause the network answers the lookups and both
     * are found there. Those answers close the circuit: a single failure afterwards is one failure of two, not a
     * failed try after a pause, so sending is not paused again (before, only a new upload closed the circuit, and
     * under a flaky network the pause kept doubling while the account reconciled successfully).
     */
    @Test
    public void aReconciledUploadClosesTheCircuit() throws Exception {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("circuit.failures", "2");
        p.put("circuit.pause", "2");
        p.put("reconcile.window", "600");
        p.put("followup.schedule", "every 1h");     // the faults below are for uploads
        account("acme_r", "acme_c", ACME, true, false, p);
        emulatorControl("PUT", "/emulator/faults", "{\"kinds\":[\"reset\"],\"endpoints\":[\"files\"],\"next\":2}");
        drop("acme_r", "r-1.xml", invoice("RECONCILED-1"));
        drop("acme_r", "r-2.xml", invoice("RECONCILED-2"));
        await("the circuit opened", () -> account("acme_r").status().detail() == AccountStatus.Detail.CIRCUIT_OPEN);
        await("the lost uploads found on the network", () -> files("acme_r", "sent", ".xml") == 2);

        emulatorControl("PUT", "/emulator/faults", "{\"kinds\":[\"429\"],\"endpoints\":[\"files\"],\"next\":1}");
        drop("acme_r", "r-3.xml", invoice("RECONCILED-3"));
        boolean paused = false;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (files("acme_r", "sent", ".xml") < 3 && System.nanoTime() < deadline) {
            paused |= account("acme_r").status().detail() == AccountStatus.Detail.CIRCUIT_OPEN;
            Thread.sleep(20);
        }
        assertEquals(3, files("acme_r", "sent", ".xml"));
        assertTrue("one failure after the circuit closed does not pause sending", !paused);
        for (String n : List.of("RECONCILED-1", "RECONCILED-2")) {
            assertEquals(n + " found, not sent again", 1, journal.history(Journal.Lookup.INVOICE_NUMBER, n, 50).stream()
                    .filter(e -> e.state() == DocumentState.SENT).count());
        }
    }

    /** A call to the in-runtime emulator's control API, trusting only its certificate. */
    private void emulatorControl(String method, String path, String json) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = Files.newInputStream(emulatorData.resolve("emulator-truststore.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newBuilder().sslContext(ssl).build().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + port + path))
                        .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(r.body(), r.statusCode() < 300);
    }

    @Test
    public void removingAnAccountPutsTheFilesItHadNotSentBackIntoItsOutbox() throws Exception {
        connection("nowhere_c", freePort(), "acme-api", "acme-pass");
        Configuration leaving = account("leaving", "nowhere_c", ACME, true, false);
        drop("leaving", "x-1.xml", invoice("LEAVE-1"));
        drop("leaving", "x-2.xml", invoice("LEAVE-2"));
        await("both claimed", () -> files("leaving", "work", ".xml") == 2 && files("leaving", "outbox", ".xml") == 0);
        leaving.delete();
        await("both back in the outbox", () -> files("leaving", "outbox", ".xml") == 2 && files("leaving", "work", ".xml") == 0);
        assertEquals(2, count("leaving", DocumentState.RELEASED));
    }

    @Test
    public void aNotifierAddedAtRuntimeIsUsedAtOnceAndItsRemovalShowsInTheAccountsStatus() throws Exception {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("notify", "drop");
        p.put("notify.to", "ops@example.com");
        p.put("notify.policy", "every");
        account("noted", "acme_c", ACME, true, false, p);
        await("the account says the notifier is missing",
                () -> account("noted").status().detail() == AccountStatus.Detail.MISSING_NOTIFIER);

        Path mail = Files.createTempDirectory("sc-engine-mail");
        Dictionary<String, Object> d = new Hashtable<>();
        d.put("folder", mail.toString());
        d.put("alertInterval", "0");
        Configuration drop = cm.getFactoryConfiguration("org.serverconnect.notify.maildrop", "drop", "?");
        drop.update(d);
        await("the notifier is used without a restart",
                () -> account("noted").status().detail() != AccountStatus.Detail.MISSING_NOTIFIER);
        drop("noted", "junk.xml", "not an invoice".getBytes(StandardCharsets.UTF_8));
        await("the rejection is reported by mail", () -> {
            try (Stream<Path> s = Files.list(mail)) {
                return s.filter(f -> f.toString().endsWith(".eml")).anyMatch(f -> {
                    try {
                        return Files.readString(f).contains("junk.xml");
                    } catch (IOException e) {
                        return false;
                    }
                });
            }
        });

        drop.delete();
        await("its removal shows", () -> account("noted").status().detail() == AccountStatus.Detail.MISSING_NOTIFIER);
        assertTrue(account("noted").status().description(), account("noted").status().description().contains("drop"));
    }

    @Test
    public void anImmediateAccountSendsADroppedFileAtOnceWhileAnHourlyOneWaitsForItsHour() throws Exception {
        Dictionary<String, Object> now = new Hashtable<>();
        now.put("send.schedule", "immediate");
        now.put("followup.schedule", "every 1h");           // no other run than the send runs in this test
        now.put("pickup", "rename");
        account("instant", "acme_c", ACME, true, false, now);
        Dictionary<String, Object> hourly = new Hashtable<>();
        hourly.put("send.schedule", "0 0 * * * ?");        // on the hour, Quartz style
        hourly.put("followup.schedule", "every 1h");
        hourly.put("pickup", "rename");
        account("hourly", "acme_c", ACME, true, false, hourly);
        // both have had their start-up turn: the immediate one's first send run (on start) has ended, so the file
        // below is sent by its file event; the hourly one has planned its first run (and has none on start)
        await("the immediate account's start-up send run ended", () -> account("instant").status().lastSuccess() != null
                || account("instant").status().lastError() != null);
        await("the hourly account planned its runs",
                () -> !account("hourly").nextRuns(org.serverconnect.api.notify.RunKind.SEND, 1).isEmpty());

        long dropped = System.nanoTime();
        drop("instant", "now.xml", invoice("IMMEDIATE-1"));
        drop("hourly", "later.xml", invoice("HOURLY-1"));
        // The immediate mode's polling fallback is one minute: being sent well before it proves the file event did it.
        long deadline = dropped + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (count("instant", DocumentState.SENT) + count("instant", DocumentState.PROCESSED)
                + count("instant", DocumentState.DELIVERED) == 0) {
            assertTrue("sent on the file event, not on a poll", System.nanoTime() < deadline);
            Thread.sleep(10);
        }
        System.out.printf("immediate mode: dropped file sent after %d ms%n",
                java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dropped));
        java.time.LocalTime t = java.time.LocalTime.now();
        if (t.getMinute() != 59 && t.getMinute() != 0) {      // not across the hour, when the cron job rightly runs
            String tree;
            try (Stream<Path> w = Files.walk(root.resolve("hourly"))) {
                tree = w.map(Path::toString).toList().toString() + " journal " + journal.counts("hourly");
            }
            assertEquals("the hourly account has not run: " + tree, 1, files("hourly", "outbox", ".xml"));
            assertEquals(0, files("hourly", "sent", ".xml"));
        }
        List<java.time.Instant> next = account("hourly").nextRuns(org.serverconnect.api.notify.RunKind.SEND, 2);
        assertEquals("planned on the hour: " + next, 2, next.size());
        assertEquals("planned on the hour: " + next, 0, next.get(0).getEpochSecond() % 3600);
        assertEquals("an hour apart: " + next, 3600, next.get(1).getEpochSecond() - next.get(0).getEpochSecond());
    }

    @Test
    public void anExtensionBundleDroppedIntoTheDeployFolderIsPickedUpAndUsedByAnAccount() throws Exception {
        // The shipped home watches <home>/deploy with this FileInstall configuration; here the test's own folder.
        Path deploy = Files.createTempDirectory("sc-engine-deploy");
        Dictionary<String, Object> watch = new Hashtable<>();
        watch.put("felix.fileinstall.dir", deploy.toString());
        watch.put("felix.fileinstall.filter", ".*\\.jar");
        watch.put("felix.fileinstall.bundles.new.start", "true");
        watch.put("felix.fileinstall.poll", "200");
        cm.createFactoryConfiguration("org.apache.felix.fileinstall", "?").update(watch);

        java.util.List<String> posts = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/", ex -> {
            posts.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        try {
            Dictionary<String, Object> h = new Hashtable<>();
            h.put("url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/events");
            cm.getFactoryConfiguration("org.serverconnect.example.webhook", "hook", "?").update(h);
            Dictionary<String, Object> p = new Hashtable<>();
            p.put("notify", "hook");
            account("extended", "acme_c", ACME, true, false, p);
            await("no webhook notifier yet", () -> account("extended").status().detail() == AccountStatus.Detail.MISSING_NOTIFIER);

            Path jar = Path.of(System.getProperty("example.webhook.jar"));
            Files.copy(jar, deploy.resolve(jar.getFileName()));
            await("the dropped bundle is installed, started and bound",
                    () -> account("extended").status().detail() != AccountStatus.Detail.MISSING_NOTIFIER);
            drop("extended", "junk.xml", "not an invoice".getBytes(StandardCharsets.UTF_8));
            await("the account's alert reaches the webhook", () -> posts.stream()
                    .anyMatch(b -> b.contains("\"FILE_REJECTED\"") && b.contains("junk.xml")));

            Files.delete(deploy.resolve(jar.getFileName()));
            await("deleting the jar removes it, and the account says so",
                    () -> account("extended").status().detail() == AccountStatus.Detail.MISSING_NOTIFIER);
        } finally {
            hook.stop(0);
        }
    }

    /**
     * The status tells the truth: a connection that arrives after the account is used at once (not "waiting for
     * connection" until the next run), a file that is not sent is the last error with its reason, an upload waiting
     * for a retry shows its cause where the status is, and a run during which the network failed is no success.
     */
    @Test
    public void theStatusSaysWhatHappenedAndWhy() throws Exception {
        Dictionary<String, Object> hourly = new Hashtable<>();
        hourly.put("receive.schedule", "0 0 * * * ?");     // only the start-up run before the connection arrives
        account("late", "late_c", GLOBEX, false, true, hourly);
        await("the account waits for its connection",
                () -> account("late").status().detail() == AccountStatus.Detail.MISSING_TRANSPORT);
        await("its start-up receive run has found no connection", () -> !account("late").status().description().isEmpty()
                && account("late").nextRuns(org.serverconnect.api.notify.RunKind.RECEIVE, 1).size() == 1);
        connection("late_c", port, "globex-api", "globex-pass");
        await("the connection is used as soon as it arrives, not at the next run (on the hour)",
                () -> account("late").status().status() == AccountStatus.Status.ONLINE);

        connection("down_c", freePort(), "acme-api", "acme-pass");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("circuit.failures", "100");                    // retries, not a paused circuit
        p.put("retry.initial", "600");
        p.put("retry.max", "600");
        p.put("followup.schedule", "0 0 * * * ?");          // the upload alone meets the dead port
        account("down", "down_c", ACME, true, false, p);
        drop("down", "junk.xml", "not an invoice".getBytes(StandardCharsets.UTF_8));
        await("the junk is refused", () -> count("down", DocumentState.REJECTED) == 1);
        AccountStatus rejected = account("down").status();
        assertTrue("a refused file is the last error: " + rejected, rejected.lastError() != null
                && rejected.lastErrorReason() != null && rejected.lastErrorReason().contains("junk.xml"));

        drop("down", "inv.xml", invoice("DOWN-1"));
        await("the invoice waits for a retry", () -> account("down").status().queues().retry() == 1);
        AccountStatus s = account("down").status();
        assertEquals(s.toString(), AccountStatus.Status.DEGRADED, s.status());
        assertTrue("the cause of the retry is where the status is: " + s, s.description().contains("wait for a retry; last: ")
                && s.description().length() > "1 documents wait for a retry; last: ".length());
        assertTrue("the failed upload is the last error: " + s, s.lastErrorReason() != null
                && s.lastErrorReason().contains("inv.xml"));
        assertTrue("a run whose upload failed is no success: " + s, s.lastSuccess() == null
                || s.lastSuccess().isBefore(s.lastError()));
    }

    @Test
    public void aWrongConfigurationShowsOfflineWithTheReasonInsteadOfNeverRunning() throws Exception {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("folder", root.resolve("wrong").toString());
        p.put("connection", "acme_c");
        p.put("company", ACME);
        p.put("send.schedule", "every banana");
        cm.getFactoryConfiguration("org.serverconnect.account", "wrong", "?").update(p);
        await("account wrong", () -> account("wrong") != null);
        AccountStatus s = account("wrong").status();
        assertEquals(AccountStatus.Status.OFFLINE, s.status());
        assertEquals(AccountStatus.Detail.CONFIGURATION_ERROR, s.detail());
        assertTrue(s.description(), s.description().contains("send.schedule"));
        assertNotEquals(null, journal);
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static void await(String what, Probes.Condition c) throws Exception {
        Probes.await(what, java.time.Duration.ofSeconds(40), c);
    }

    private static int freePort() throws IOException {
        return Probes.freePort();
    }

    private static boolean listening(int port) {
        return Probes.listening(port);
    }
}
