package org.serverconnect.runtime.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the web server (Felix HTTP on Jetty) really listens, and if not, why, in words an operator can act on.
 *
 * <p>Felix HTTP starts Jetty inside its bundle activator. When the port cannot be bound it logs
 * {@code Failed to start Connector ... Failed to bind to /127.0.0.1:8181} and {@code Jetty stopped (no connectors
 * available)}, yet its bundle is active and the servlets of the whiteboard are registered as services all the
 * same; what it does not register is the HTTP service runtime, whose {@code osgi.http.endpoint} property names the
 * address it listens on. So "every bundle active" is not "the web server listens": the endpoint is.
 */
final class WebServerCheck {
    /** Framework properties the launcher sets: the address and port Felix HTTP binds. */
    static final String HOST = "org.apache.felix.http.host";
    static final String PORT = "org.osgi.service.http.port";

    private WebServerCheck() {
    }

    /**
     * Tries to bind {@code host:port} for an instant.
     *
     * @return {@code null} when it could be bound (nobody holds it), else why not ("Address already in use")
     */
    static String bindProblem(String host, int port) {
        if (port <= 0) {
            return null;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return null;
        } catch (BindException e) {
            return e.getMessage() == null ? "cannot bind" : e.getMessage();
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    /** @return whether a bind error means another program holds the port */
    static boolean inUse(String bindProblem) {
        return bindProblem != null && bindProblem.toLowerCase(java.util.Locale.ROOT).contains("in use");
    }

    /**
     * The one line that says why the web server is not listening and what to change.
     *
     * @param host        the address it should listen on
     * @param port        the port it should listen on
     * @param bindProblem what binding the port said now, or {@code null} when it could be bound
     * @param home        the installation's home, or {@code null}
     */
    static String problem(String host, int port, String bindProblem, Path home) {
        String where = host + ":" + port;
        String why;
        if (inUse(bindProblem)) {
            why = "port " + port + " on " + host + " is in use by another program";
        } else if (bindProblem != null) {
            why = "it cannot listen on " + where + " (" + bindProblem + ")";
        } else {
            why = "it did not start on " + where + " (see log/serverconnect.log)";
        }
        return "web server not listening: " + why + "; set another port with " + setting(home)
                + " and restart (the status page, the JSON API and the commands that use them are unavailable until"
                + " then; everything else runs)";
    }

    /** Where the port is set: the home's settings file and the launcher's environment variable, when there is one. */
    static String setting(Path home) {
        if (home != null && Files.isRegularFile(home.resolve("etc/serverconnect.properties"))) {
            return "serverconnect.http.port in " + home.resolve("etc/serverconnect.properties")
                    + " or SERVERCONNECT_HTTP_PORT";
        }
        return "the framework property " + PORT;
    }

    static int port(String value) {
        try {
            return value == null ? 8080 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 8080;
        }
    }

    static String host(String value) {
        return value == null || value.isBlank() ? "0.0.0.0" : value.trim();
    }
}
