package org.serverconnect.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.serverconnect.api.Diagnosis;
import org.serverconnect.api.account.AccountService;
import org.serverconnect.api.notify.Notifier;
import org.serverconnect.api.transport.Transport;

/**
 * The installation file in the shipped runtime: what it describes runs exactly as the same in {@code .cfg} files;
 * an edit of one account leaves the others' instances untouched; a wrong edit changes nothing; an account taken out
 * of the file is disposed; configurations from {@code .cfg} files are never touched by it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class XmlConfigurationIT extends InShippedRuntime {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    private BundleContext context;
    @Inject
    private ConfigurationAdmin cm;

    @After
    public void cleanUp() throws Exception {
        Files.deleteIfExists(etc().resolve("serverconnect.xml"));
        Files.deleteIfExists(etc().resolve("org.serverconnect.account-filed.cfg"));
        await("everything gone", () -> context.getServiceReferences(AccountService.class, null).isEmpty()
                && context.getServiceReferences(Transport.class, "(name=xml_c)").isEmpty());
    }

    @Test
    public void theFileIsAppliedLiveAndOnlyTheDifference() throws Exception {
        Path root = Files.createTempDirectory("sc-xml");
        save(installation(root, "every 1m", true));
        ServiceReference<AccountService> a = awaitAccount("alpha");
        ServiceReference<AccountService> b = awaitAccount("beta");
        assertNotNull(awaitOne(Transport.class, "(name=xml_c)"));
        assertNotNull(awaitOne(Notifier.class, "(name=xml_drop)"));
        AccountService alpha = context.getService(a);

        // the same account in a .cfg file, naming the file's connection and notifier: the same configuration
        Files.writeString(etc().resolve("org.serverconnect.account-filed.cfg"), String.join("\n",
                "connection = xml_c", "company = 3a6f0c5e-1111-4c2b-9d7e-5b0c2d9e0a41", "folder = " + root.resolve("alpha"),
                "send = false", "receive = false", "send.schedule = every 1m", "include = *.xml, *.csv",
                "notify = xml_drop", "notify.to = ops@acme.example", ""));
        ServiceReference<AccountService> filed = awaitAccount("filed");
        assertEquals(settings(a), settings(filed));
        assertEquals("(name=xml_c)", a.getProperty("transport.target"));

        // beta changes: alpha is untouched (the same object, never re-registered), beta gets the new value
        long alphaId = (Long) a.getProperty("service.id");
        save(installation(root, "every 2m", true));
        await("beta changed", () -> "every 2m".equals(awaitAccount("beta").getProperty("send.schedule")));
        ServiceReference<AccountService> a2 = awaitAccount("alpha");
        assertEquals(alphaId, a2.getProperty("service.id"));
        assertSame(alpha, context.getService(a2));
        context.ungetService(a2);

        // a wrong edit (a key that does not exist, a value not allowed, a notifier that does not exist) changes nothing
        long betaId = (Long) awaitAccount("beta").getProperty("service.id");
        for (String wrong : new String[] { "<send.shedule>every 3m</send.shedule>", "<send>maybe</send>",
            "<notify>nowhere</notify>" }) {
            long refusedBefore = refusals();
            save(installation(root, "every 3m", true).replace("<company>7d2b", wrong + "<company>7d2b"));
            // the runtime has looked at the saved file and refused it: what it left running is what it keeps
            await("the wrong file refused, as the log says: " + wrong, () -> refusals() > refusedBefore);
            ServiceReference<AccountService> beta = awaitAccount("beta");
            assertEquals(wrong, "every 2m", beta.getProperty("send.schedule"));
            assertEquals(wrong, betaId, beta.getProperty("service.id"));
            assertEquals(alphaId, awaitAccount("alpha").getProperty("service.id"));
        }

        // beta leaves the file: it is disposed, alpha and the .cfg account stay
        save(installation(root, "every 2m", false));
        await("beta disposed", () -> context.getServiceReferences(AccountService.class, "(name=beta)").isEmpty());
        assertEquals(alphaId, awaitAccount("alpha").getProperty("service.id"));
        assertNotNull(awaitAccount("filed"));
        Configuration[] fromFile = cm.listConfigurations("(felix.fileinstall.filename=*)");
        assertTrue("the .cfg account keeps its own configuration", fromFile != null
                && java.util.Arrays.stream(fromFile).anyMatch(c -> c.getPid().endsWith("~filed")));
        context.ungetService(a);
    }

    /**
     * A value the account itself would refuse (a timetable, a window, a number) refuses the whole file, with the
     * account's message, and the doctor says where; names may contain '-'.
     */
    @Test
    public void whatTheAccountWouldRefuseRefusesTheFileAndTheDoctorSaysWhere() throws Exception {
        Path root = Files.createTempDirectory("sc-xml");
        save(installation(root, "every 1m", true));
        long betaId = (Long) awaitAccount("beta").getProperty("service.id");
        await("the doctor says the file was applied", () -> doctorSays("applied"));
        // { beta's timetable, a setting added to beta, what the account says }
        for (String[] wrong : new String[][] { { "evry 5m", "", "send.schedule: timetable 'evry 5m' is not understood" },
            { "every 1m", "<send.window>Mon-Fry 06:00-20:00</send.window>", "'Fry' is not a day" },
            { "every 1m", "<batch>0</batch>", "must be at least 1" },
            { "every 1m", "<timezone>Europe/Stokholm</timezone>", "is not a time zone" } }) {
            save(installation(root, wrong[0], true).replace("<company>7d2b", wrong[1] + "<company>7d2b"));
            await("the doctor reports " + wrong[2], () -> doctorSays("<account name=\"beta\">: ") && doctorSays(wrong[2]));
            assertEquals(wrong[2], betaId, awaitAccount("beta").getProperty("service.id"));
        }
        save(installation(root, "every 1m", true).replace("name=\"beta\"", "name=\"beta-north\""));
        assertNotNull(awaitAccount("beta-north"));
        await("the doctor says the file was applied", () -> doctorSays("applied"));
    }

    private boolean doctorSays(String text) throws Exception {
        for (ServiceReference<Diagnosis> ref : context.getServiceReferences(Diagnosis.class, null)) {
            Diagnosis d = context.getService(ref);
            try {
                if (d != null && d.doctor().stream().anyMatch(c -> c.detail().contains(text))) {
                    return true;
                }
            } finally {
                context.ungetService(ref);
            }
        }
        return false;
    }

    /** An installation: a connection, a notifier and the accounts alpha and (when asked) beta. */
    private static String installation(Path root, String betaSchedule, boolean withBeta) {
        String beta = !withBeta ? "" : """
                    <account name="beta">
                      <connection>xml_c</connection>
                      <company>7d2b9e10-2222-4f3a-8c6d-1e4f5a6b7c82</company>
                      <folder>%s</folder>
                      <send>false</send>
                      <receive>false</receive>
                      <send.schedule>%s</send.schedule>
                    </account>
                """.formatted(root.resolve("beta"), betaSchedule);
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <serverconnect>
                  <connections>
                    <pagero name="xml_c">
                      <apiUrl>https://127.0.0.1:9</apiUrl>
                      <ssoUrl>https://127.0.0.1:9</ssoUrl>
                      <clientId>client</clientId>
                      <clientSecret>xml-client-secret</clientSecret>
                      <username>acme-api</username>
                      <password>xml-password</password>
                    </pagero>
                  </connections>
                  <notifiers>
                    <maildrop name="xml_drop"><folder>%s</folder></maildrop>
                  </notifiers>
                  <accounts>
                    <account name="alpha">
                      <connection>xml_c</connection>
                      <company>3a6f0c5e-1111-4c2b-9d7e-5b0c2d9e0a41</company>
                      <folder>%s</folder>
                      <send>false</send>
                      <receive>false</receive>
                      <send.schedule>every 1m</send.schedule>
                      <include>*.xml</include>
                      <include>*.csv</include>
                      <notify>xml_drop</notify>
                      <notify.to>ops@acme.example</notify.to>
                    </account>
                %s  </accounts>
                </serverconnect>
                """.formatted(root.resolve("mail"), root.resolve("alpha"), beta);
    }

    /** What an account was configured with, without what names it and where it came from. */
    private static Map<String, Object> settings(ServiceReference<?> ref) {
        Set<String> identity = Set.of("name", "service.id", "service.pid", "service.bundleid", "service.scope", "objectClass",
                "component.id", "component.name", "felix.fileinstall.filename", "service.factoryPid");
        Map<String, Object> out = new TreeMap<>();
        for (String key : ref.getPropertyKeys()) {
            if (!identity.contains(key)) {
                Object v = ref.getProperty(key);
                out.put(key, v instanceof Object[] a ? java.util.Arrays.asList(a) : v);
            }
        }
        return out;
    }

    /**
     * @return how many times the runtime's log (the file {@code logback-itest.xml} writes as well) says this test's
     *         installation file was not applied
     */
    private long refusals() throws java.io.IOException {
        Path log = Path.of(System.getProperty("itest.log", "target/itest-osgi.log"));
        if (!Files.exists(log)) {
            return 0;
        }
        String etc = etc().getFileName().toString();
        try (java.util.stream.Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("was not applied") && l.contains(etc)).count();
        }
    }

    private Path etc() {
        return Path.of(context.getProperty("felix.fileinstall.dir"));
    }

    /** Saves the file as editors do: written beside it, then moved over it. */
    private void save(String xml) throws Exception {
        Path tmp = etc().resolve(".serverconnect.xml.tmp");
        Files.writeString(tmp, xml, StandardCharsets.UTF_8);
        Files.move(tmp, etc().resolve("serverconnect.xml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private ServiceReference<AccountService> awaitAccount(String name) throws Exception {
        return awaitOne(AccountService.class, "(name=" + name + ")");
    }

    private <T> ServiceReference<T> awaitOne(Class<T> type, String filter) throws Exception {
        await("one " + type.getSimpleName() + " " + filter, () -> context.getServiceReferences(type, filter).size() == 1);
        Collection<ServiceReference<T>> refs = context.getServiceReferences(type, filter);
        return refs.iterator().next();
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
