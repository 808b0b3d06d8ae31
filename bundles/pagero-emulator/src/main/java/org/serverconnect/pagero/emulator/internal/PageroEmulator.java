package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * The Pagero Online emulator: one HTTP(S) server with Pagero's OAuth2 endpoints ({@code /oauth/v2/...}), File API
 * ({@code /file/v1/...}), Document API ({@code /document/v1/...}) and a control API for tests ({@code /emulator/...},
 * loopback only). See the bundle's README for the contract and the choices made where Pagero's documentation is
 * silent.
 */
public final class PageroEmulator implements AutoCloseable {
    private final EmulatorState state;
    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService processor;
    private final URI baseUrl;

    private PageroEmulator(EmulatorConfig config, Path data, String host, int port, boolean https, Path clientTrust)
            throws IOException, GeneralSecurityException {
        System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
        Files.createDirectories(data);
        AtomicInteger n = new AtomicInteger();
        this.processor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "emulator-processing"));
        this.state = new EmulatorState(config, data, processor);
        this.httpThreads = Executors.newFixedThreadPool(16, r -> daemon(r, "emulator-http-" + n.incrementAndGet()));
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (https) {
            SSLContext ssl = Certificates.serverContext(data, clientTrust);
            HttpsServer s = HttpsServer.create(address, 1024);
            s.setHttpsConfigurator(new HttpsConfigurator(ssl) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = getSSLContext().getDefaultSSLParameters();
                    p.setProtocols(new String[] { "TLSv1.3", "TLSv1.2" });
                    p.setNeedClientAuth(clientTrust != null);
                    params.setSSLParameters(p);
                }
            });
            this.server = s;
        } else {
            this.server = HttpServer.create(address, 1024);
        }
        Router router = routes(state);
        server.createContext("/", router::handle);
        server.setExecutor(httpThreads);
        server.start();
        this.baseUrl = URI.create((https ? "https" : "http") + "://" + host + ":" + server.getAddress().getPort());
    }

    private static Router routes(EmulatorState state) {
        FaultInjection faults = new FaultInjection();
        Router router = new Router(faults);
        Authentication auth = new Authentication(state);
        new OAuthApi(state, auth).register(router);
        new FileApi(state, auth).register(router);
        new DocumentApi(state, auth).register(router);
        new ControlApi(state, faults).register(router);
        return router;
    }

    /**
     * Starts an emulator.
     *
     * @param config what it knows
     * @param data   where its state, payloads and certificate live (created when missing)
     * @param host   the address to listen on (normally 127.0.0.1)
     * @param port   the port, 0 for any free one
     * @param https  HTTPS (normal) or plain HTTP
     */
    public static PageroEmulator start(EmulatorConfig config, Path data, String host, int port, boolean https)
            throws IOException {
        return start(config, data, host, port, https, null);
    }

    /**
     * Starts an emulator that also demands a client certificate (mutual TLS) trusted by {@code clientTrust} (a
     * PKCS#12 trust store, password {@code changeit}).
     */
    public static PageroEmulator start(EmulatorConfig config, Path data, String host, int port, boolean https,
            Path clientTrust) throws IOException {
        try {
            return new PageroEmulator(config, data, host, port, https, clientTrust);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for the emulator: " + e.getMessage(), e);
        }
    }

    /** @return the base URL, for example {@code https://127.0.0.1:8443} */
    public URI baseUrl() {
        return baseUrl;
    }

    /** @return the data folder (state, payloads, certificate, trust store) */
    public Path data() {
        return state.data();
    }

    @Override
    public void close() {
        server.stop(0);
        httpThreads.shutdown();
        processor.shutdown();
        try {
            httpThreads.awaitTermination(5, TimeUnit.SECONDS);
            processor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        httpThreads.shutdownNow();
        processor.shutdownNow();
        state.close();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
