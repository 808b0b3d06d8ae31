package org.serverconnect.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The Pagero Online emulator runs inside the shipped runtime (as the demo uses it): a configuration starts it on
 * its port with its own certificate, and deleting the configuration stops it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EmulatorInRuntimeIT extends InShippedRuntime {

    @Inject
    private ConfigurationAdmin cm;


    @Test
    public void aConfigurationStartsAnEmulatorAndDeletingItStopsIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createTempDirectory("sc-emulator");
        Configuration config = cm.getFactoryConfiguration("org.serverconnect.pagero.emulator", "demo", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("port", Integer.toString(port));
        props.put("data", data.toString());
        config.update(props);

        long deadline = System.currentTimeMillis() + 20_000;
        while (!listening(port) || !Files.exists(data.resolve("emulator-truststore.p12"))) {
            assertTrue("emulator not listening on " + port + " within 20 s", System.currentTimeMillis() < deadline);
            Thread.sleep(100);
        }
        assertTrue(Files.readString(data.resolve("emulator.pem")).contains("BEGIN CERTIFICATE"));

        config.delete();
        deadline = System.currentTimeMillis() + 10_000;
        while (listening(port)) {
            assertTrue("emulator still listening 10 s after its configuration was deleted", System.currentTimeMillis() < deadline);
            Thread.sleep(100);
        }
        assertEquals(false, listening(port));
    }

    private static boolean listening(int port) {
        return Probes.listening(port);
    }
}
