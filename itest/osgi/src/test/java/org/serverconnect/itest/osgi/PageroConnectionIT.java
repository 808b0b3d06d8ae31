package org.serverconnect.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;

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
import org.serverconnect.api.transport.ConnectionCheck;
import org.serverconnect.api.transport.Transport;

/**
 * Pagero connections live in the shipped runtime: added, changed and removed through Configuration Admin, each
 * against its own emulator (also run inside the runtime), side by side.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PageroConnectionIT extends InShippedRuntime {
    private static final String PID = "org.serverconnect.transport.pagero";

    @Inject
    private ConfigurationAdmin cm;
    @Inject
    private BundleContext context;


    @After
    public void deleteAll() throws Exception {
        for (String f : new String[] { PID, "org.serverconnect.pagero.emulator" }) {
            Configuration[] cs = cm.listConfigurations("(service.factoryPid=" + f + ")");
            if (cs != null) {
                for (Configuration c : cs) {
                    c.delete();
                }
            }
        }
    }

    /** Starts an emulator inside the runtime; returns its data folder once it listens. */
    private Path emulator(String name, int port) throws Exception {
        Path data = Files.createTempDirectory("sc-emulator-" + name);
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("port", Integer.toString(port));
        p.put("data", data.toString());
        cm.getFactoryConfiguration("org.serverconnect.pagero.emulator", name, "?").update(p);
        await("emulator " + name + " listening", () -> listening(port) && Files.exists(data.resolve("emulator-truststore.p12")));
        return data;
    }

    private Configuration connection(String name, int port, Path emulatorData, String user, String password) throws Exception {
        Configuration c = cm.getFactoryConfiguration(PID, name, "?");
        c.update(connectionProps(port, emulatorData, user, password));
        return c;
    }

    private static Dictionary<String, Object> connectionProps(int port, Path emulatorData, String user, String password) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("apiUrl", "https://127.0.0.1:" + port);
        p.put("ssoUrl", "https://127.0.0.1:" + port);
        p.put("clientId", "demo-client");
        p.put(".clientSecret", "demo-secret");
        p.put("username", user);
        p.put(".password", password);
        p.put("truststore", emulatorData.resolve("emulator-truststore.p12").toString());
        p.put(".truststorePassword", "changeit");
        return p;
    }

    private ServiceReference<Transport> awaitTransport(String name, long notServiceId) throws Exception {
        await("connection " + name, () -> {
            Collection<ServiceReference<Transport>> refs = context.getServiceReferences(Transport.class, "(name=" + name + ")");
            return refs.size() == 1 && (Long) refs.iterator().next().getProperty("service.id") != notServiceId;
        });
        return context.getServiceReferences(Transport.class, "(name=" + name + ")").iterator().next();
    }

    @Test
    public void connectionsAreAddedChangedAndRemovedLiveAndTwoWorkSideBySide() throws Exception {
        int portA = freePort();
        int portB = freePort();
        Path a = emulator("ea", portA);
        Path b = emulator("eb", portB);

        Configuration ca = connection("a", portA, a, "acme-api", "acme-pass");
        connection("b", portB, b, "globex-api", "globex-pass");
        ServiceReference<Transport> refA = awaitTransport("a", -1);
        ServiceReference<Transport> refB = awaitTransport("b", -1);
        assertEquals("pagero", refA.getProperty("transport.type"));
        assertEquals("secrets are private properties, never published", null, refA.getProperty(".password"));
        ConnectionCheck checkA = context.getService(refA).check();
        ConnectionCheck checkB = context.getService(refB).check();
        assertTrue(checkA.toString(), checkA.ok());
        assertTrue(checkB.toString(), checkB.ok());

        // A new password takes effect without a restart: the instance is replaced, b is untouched.
        long idA = (Long) refA.getProperty("service.id");
        long idB = (Long) refB.getProperty("service.id");
        ca.update(connectionProps(portA, a, "acme-api", "wrong"));
        ServiceReference<Transport> changed = awaitTransport("a", idA);
        ConnectionCheck bad = context.getService(changed).check();
        assertFalse(bad.toString(), bad.ok());
        assertTrue(bad.toString(), bad.toString().contains("credentials"));
        assertEquals("b untouched", idB, context.getServiceReferences(Transport.class, "(name=b)").iterator().next()
                .getProperty("service.id"));

        ca.delete();
        await("connection a gone", () -> context.getServiceReferences(Transport.class, "(name=a)").isEmpty());
        assertTrue(context.getService(context.getServiceReferences(Transport.class, "(name=b)").iterator().next()).check().ok());
    }

    @Test
    public void aSecretUnderAPlainKeyNeverBecomesAService() throws Exception {
        int port = freePort();
        Path data = emulator("ec", port);
        Dictionary<String, Object> p = connectionProps(port, data, "acme-api", "acme-pass");
        p.remove(".password");
        p.put("password", "acme-pass");
        cm.getFactoryConfiguration(PID, "plain", "?").update(p);
        connection("good", port, data, "acme-api", "acme-pass");
        awaitTransport("good", -1);   // configurations are processed in order: by now "plain" has been refused
        // SCR may still list the refused instance's registration, but nobody can get a working transport from it.
        for (ServiceReference<Transport> ref : context.getServiceReferences(Transport.class, "(name=plain)")) {
            assertEquals("a refused configuration yields no transport", null, context.getService(ref));
        }
        assertNotEquals(null, context.getService(awaitTransport("good", -1)));
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static void await(String what, Probes.Condition c) throws Exception {
        Probes.await(what, java.time.Duration.ofSeconds(20), c);
    }

    private static int freePort() throws IOException {
        return Probes.freePort();
    }

    private static boolean listening(int port) {
        return Probes.listening(port);
    }
}
