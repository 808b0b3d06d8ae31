package org.serverconnect.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebServerCheckTest {

    @Test
    void aPortHeldByAnotherProgramIsSaidToBeInUseWithTheSettingThatChangesIt(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/serverconnect.properties"), "serverconnect.http.port=8181\n");
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = other.getLocalPort();
            String bind = WebServerCheck.bindProblem("127.0.0.1", port);
            assertTrue(WebServerCheck.inUse(bind), bind);
            String problem = WebServerCheck.problem("127.0.0.1", port, bind, home);
            assertTrue(problem.startsWith("web server not listening: port " + port + " on 127.0.0.1 is in use by another"
                    + " program; set another port with serverconnect.http.port in " + home.resolve("etc/serverconnect.properties")
                    + " or SERVERCONNECT_HTTP_PORT and restart"), problem);
        }
    }

    @Test
    void aFreePortIsNoBindProblemAndTheMessageThenPointsToTheLog() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertNull(WebServerCheck.bindProblem("127.0.0.1", port));
        assertNull(WebServerCheck.bindProblem("127.0.0.1", 0), "any port: nothing to check");
        String problem = WebServerCheck.problem("127.0.0.1", port, null, null);
        assertTrue(problem.contains("it did not start on 127.0.0.1:" + port + " (see log/serverconnect.log)"), problem);
        assertTrue(problem.contains("the framework property org.osgi.service.http.port"), "no home: " + problem);
    }

    @Test
    void settingsAreReadWithTheDefaultsOfFelixHttp() {
        assertEquals(8080, WebServerCheck.port(null));
        assertEquals(8181, WebServerCheck.port(" 8181 "));
        assertEquals("0.0.0.0", WebServerCheck.host(null));
        assertEquals("127.0.0.1", WebServerCheck.host("127.0.0.1"));
    }
}
