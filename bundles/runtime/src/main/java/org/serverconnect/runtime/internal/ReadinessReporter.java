package org.serverconnect.runtime.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the launcher whether the runtime is up: it writes {@code <home>/data/runtime.status} when the framework has
 * reached its beginning start level with every bundle active, keeps it current while the runtime runs, and marks it
 * {@code stopping} when the runtime shuts down. {@code bin/serverconnect status} reads it.
 *
 * <p>The home comes from the framework property {@code serverconnect.home}; without it (inside a test framework)
 * the component does nothing.
 */
@Component(immediate = true)
public final class ReadinessReporter {
    /** Framework property: the installation's home folder. */
    static final String HOME = "serverconnect.home";
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessReporter.class);
    private static final long FAST_POLL_MS = 100;
    private static final long SLOW_POLL_MS = 2000;
    /**
     * Framework property: {@code true} lets the runtime take a free port when its own is taken (the demo, which
     * should simply work, sets it; an installation keeps the port it was told, so that clients find it).
     */
    static final String HTTP_FALLBACK = "serverconnect.http.fallback";
    /** The configuration of Felix HTTP (its managed service), through which another port is set while it runs. */
    static final String HTTP_PID = "org.apache.felix.http";
    /** How long every bundle may be active without the web server's endpoint before that counts as a failure. */
    private static final long WEB_GRACE_MS = 1000;
    /** {@link #webProblem}'s answer while it is too early to tell. */
    private static final String PENDING = new String("pending");

    private final BundleContext context;
    private final StatusFile file;
    private final ScheduledExecutorService timer;
    private final long pid = ProcessHandle.current().pid();
    private final int beginningStartLevel;
    private final java.util.List<org.serverconnect.api.account.AccountService> accounts =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    // Touched only by the timer thread, and by deactivate after the timer stopped.
    private Map<String, String> lastWritten = Map.of();
    private RuntimeState.Phase lastPhase;
    private Instant since = Instant.now();
    private long readyAfterMs = -1;
    private long webMissingSince = -1;
    private String lastWebProblem;
    private boolean fallbackTried;
    private volatile org.osgi.service.cm.ConfigurationAdmin configurationAdmin;

    @Activate
    public ReadinessReporter(BundleContext context) {
        this.context = context;
        String home = context.getProperty(HOME);
        this.file = home == null ? null : new StatusFile(Path.of(home, "data", "runtime.status"));
        this.beginningStartLevel = parseInt(context.getProperty(Constants.FRAMEWORK_BEGINNING_STARTLEVEL), 1);
        if (file == null) {
            this.timer = null;
            LOG.debug("No {} property: runtime status file not written", HOME);
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sc-runtime-status");
            t.setDaemon(true);
            return t;
        });
        timer.schedule(this::checkSafely, 0, TimeUnit.MILLISECONDS);
    }

    /** Every account, so that {@code serverconnect status} can show each one's status in a line. */
    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    void bindAccount(org.serverconnect.api.account.AccountService a) {
        accounts.add(a);
    }

    void unbindAccount(org.serverconnect.api.account.AccountService a) {
        accounts.remove(a);
    }

    /** Configuration Admin, to move the web server to a free port when {@value #HTTP_FALLBACK} allows it. */
    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    void bindConfigurationAdmin(org.osgi.service.cm.ConfigurationAdmin cm) {
        this.configurationAdmin = cm;
    }

    void unbindConfigurationAdmin(org.osgi.service.cm.ConfigurationAdmin cm) {
        if (this.configurationAdmin == cm) {
            this.configurationAdmin = null;
        }
    }

    @Deactivate
    void stop() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RuntimeState state = new RuntimeState(RuntimeState.Phase.STOPPING, pid, 0, 0, null, List.of(), null);
        write(state.toProperties(Instant.now(), readyAfterMs));
    }

    /** Checks, then plans the next check: often while starting, every two seconds once ready (an idle runtime sleeps). */
    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            // The framework may be shutting down under us; never let the timer die.
            LOG.debug("Runtime status check failed", e);
        }
        try {
            boolean settled = lastPhase == RuntimeState.Phase.READY || lastWebProblem != null;
            timer.schedule(this::checkSafely, settled ? SLOW_POLL_MS : FAST_POLL_MS,
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    private void check() {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        boolean stopping = system == null || system.getState() == Bundle.STOPPING;
        boolean levelReached = system != null
                && system.adapt(FrameworkStartLevel.class).getStartLevel() >= beginningStartLevel;
        List<ReadinessProbe.BundleView> views = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() == 0) {
                continue;
            }
            BundleRevision rev = b.adapt(BundleRevision.class);
            boolean fragment = rev != null && (rev.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
            views.add(new ReadinessProbe.BundleView(String.valueOf(b.getSymbolicName()), stateName(b.getState()),
                    fragment));
        }
        String http = httpEndpoint();
        boolean bundlesReady = levelReached && !stopping
                && views.stream().allMatch(v -> v.fragment() || "ACTIVE".equals(v.state()));
        String webProblem = webProblem(bundlesReady, http, views);
        boolean webPending = webProblem == PENDING;
        if (webPending) {
            webProblem = null;
        }
        RuntimeState state = ReadinessProbe.evaluate(pid, levelReached, stopping, views, http, readyAfterMs >= 0,
                webProblem, webPending);
        if (state.phase() != lastPhase || !java.util.Objects.equals(webProblem, lastWebProblem)) {
            since = Instant.now();
            if (state.phase() == RuntimeState.Phase.READY && readyAfterMs < 0) {
                readyAfterMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                LOG.info("Server Connect ready in {} ms: {} bundles active{}", readyAfterMs, state.bundlesActive(),
                        state.http() == null ? "" : "; status page " + state.http() + "/status, web console "
                                + state.http() + "/system/console (user and password in etc/serverconnect.properties)");
            } else if (state.phase() == RuntimeState.Phase.READY) {
                LOG.info("Server Connect ready again{}", state.http() == null ? "" : "; status page " + state.http()
                        + "/status");
            } else if (state.phase() == RuntimeState.Phase.DEGRADED) {
                LOG.warn("Server Connect is not fully ready: {}", String.join("; ", state.problems()));
            }
            lastPhase = state.phase();
            lastWebProblem = webProblem;
        }
        Map<String, String> properties = new java.util.LinkedHashMap<>(state.toProperties(since, readyAfterMs));
        for (org.serverconnect.api.account.AccountService a : accounts) {
            try {
                properties.put("account." + a.name(), AccountLine.of(a.status()));
            } catch (RuntimeException e) {
                properties.put("account." + a.name(), "UNKNOWN (" + e + ")");
            }
        }
        write(properties);
    }

    private void write(Map<String, String> properties) {
        if (properties.equals(lastWritten)) {
            return;
        }
        try {
            file.write(properties);
            lastWritten = properties;
        } catch (IOException e) {
            LOG.warn("Cannot write runtime status file {}: {}", file.path(), e.toString());
        }
    }

    /**
     * Why the web server does not listen although every bundle is active, {@code null} when it does (or none is
     * expected), {@link #PENDING} when it is too early to tell. Felix HTTP registers its HTTP service runtime, with the
     * {@code osgi.http.endpoint} it listens on, only once Jetty's connector is bound (see {@link WebServerCheck}).
     */
    private String webProblem(boolean bundlesReady, String http, List<ReadinessProbe.BundleView> views) {
        boolean expected = views.stream().anyMatch(v -> v.symbolicName().startsWith("org.apache.felix.http.jetty"))
                && !"false".equalsIgnoreCase(context.getProperty("org.apache.felix.http.enable"));
        if (!expected || http != null || !bundlesReady) {
            webMissingSince = -1;
            return null;
        }
        long now = System.nanoTime();
        if (webMissingSince < 0) {
            webMissingSince = now;
        }
        if (now - webMissingSince < TimeUnit.MILLISECONDS.toNanos(WEB_GRACE_MS) && lastWebProblem == null) {
            return PENDING;
        }
        String host = WebServerCheck.host(context.getProperty(WebServerCheck.HOST));
        int port = WebServerCheck.port(context.getProperty(WebServerCheck.PORT));
        String bind = WebServerCheck.bindProblem(host, port);
        if (WebServerCheck.inUse(bind) && !fallbackTried && Boolean.parseBoolean(context.getProperty(HTTP_FALLBACK))) {
            fallbackTried = true;
            if (takeAnyPort()) {
                LOG.warn("Port {} on {} is in use by another program: this runtime takes a free port instead "
                        + "(the line \"Server Connect ready\" names it)", port, host);
                webMissingSince = now;
                return PENDING;
            }
        }
        return WebServerCheck.problem(host, port, bind, home());
    }

    /** Restarts the web server on any free port (Felix HTTP applies a new configuration of its own at once). */
    private boolean takeAnyPort() {
        org.osgi.service.cm.ConfigurationAdmin cm = configurationAdmin;
        if (cm == null) {
            return false;
        }
        try {
            org.osgi.service.cm.Configuration c = cm.getConfiguration(HTTP_PID, "?");
            java.util.Hashtable<String, Object> p = new java.util.Hashtable<>();
            if (c.getProperties() != null) {
                for (java.util.Enumeration<String> k = c.getProperties().keys(); k.hasMoreElements();) {
                    String key = k.nextElement();
                    p.put(key, c.getProperties().get(key));
                }
            }
            p.put(WebServerCheck.PORT, "0");
            c.update(p);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot move the web server to another port", e);
            return false;
        }
    }

    private Path home() {
        String h = context.getProperty(HOME);
        return h == null ? null : Path.of(h);
    }

    /** The address the HTTP whiteboard listens on, from the HTTP service runtime's endpoint property. */
    private String httpEndpoint() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.http.endpoint=*)");
            if (refs == null) {
                return null;
            }
            Object endpoint = refs[0].getProperty("osgi.http.endpoint");
            String first = endpoint instanceof String[] a ? (a.length == 0 ? null : a[0])
                    : endpoint instanceof java.util.Collection<?> c ? (c.isEmpty() ? null : String.valueOf(c.iterator().next()))
                    : String.valueOf(endpoint);
            return first == null ? null : first.replaceAll("/+$", "");
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return null;
        }
    }

    static String stateName(int state) {
        return switch (state) {
        case Bundle.ACTIVE -> "ACTIVE";
        case Bundle.RESOLVED -> "RESOLVED";
        case Bundle.INSTALLED -> "INSTALLED (not resolved)";
        case Bundle.STARTING -> "STARTING";
        case Bundle.STOPPING -> "STOPPING";
        default -> "UNINSTALLED";
        };
    }

    private static int parseInt(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public String toString() {
        return "ReadinessReporter[" + (file == null ? "off" : file.path()) + ", " + String.valueOf(lastPhase).toLowerCase(Locale.ROOT) + "]";
    }
}
