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
        RuntimeState state = new RuntimeState(RuntimeState.Phase.STOPPING, pid, 0, 0, null, List.of());
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
            timer.schedule(this::checkSafely, lastPhase == RuntimeState.Phase.READY ? SLOW_POLL_MS : FAST_POLL_MS,
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
        RuntimeState state = ReadinessProbe.evaluate(pid, levelReached, stopping, views, httpEndpoint(),
                readyAfterMs >= 0);
        if (state.phase() != lastPhase) {
            since = Instant.now();
            if (state.phase() == RuntimeState.Phase.READY && readyAfterMs < 0) {
                readyAfterMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                LOG.info("Server Connect ready in {} ms: {} bundles active{}", readyAfterMs, state.bundlesActive(),
                        state.http() == null ? "" : ", web console " + state.http()
                                + "/system/console (user and password in etc/serverconnect.properties)");
            } else if (state.phase() == RuntimeState.Phase.DEGRADED) {
                LOG.warn("Server Connect degraded: {}", String.join("; ", state.problems()));
            }
            lastPhase = state.phase();
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
