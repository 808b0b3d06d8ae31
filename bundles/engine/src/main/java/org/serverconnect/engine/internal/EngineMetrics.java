package org.serverconnect.engine.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.serverconnect.api.account.AccountService;
import org.serverconnect.api.account.AccountStatus;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.transport.Transport;
import org.serverconnect.api.transport.TransportException;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The engine's Prometheus metrics, in the runtime's one registry ({@link PrometheusRegistry#defaultRegistry}; the
 * console serves it at {@code /metrics}): documents by account and state, queue sizes, account status, circuit
 * breaker, run durations, and every call to the network with its duration and outcome. Registered while the engine
 * runs and removed with it, so a bundle update never leaves a stale or duplicate metric behind.
 */
@Component(service = EngineMetrics.class, immediate = true)
public final class EngineMetrics {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EngineMetrics.class);
    private static final double[] CALL_BUCKETS = { .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60 };
    private static final double[] RUN_BUCKETS = { .01, .05, .1, .5, 1, 5, 10, 30, 60, 300, 900 };

    private final PrometheusRegistry registry;
    private final Set<AccountService> accounts = ConcurrentHashMap.newKeySet();
    private final Map<AccountService, JournalView> journals = new ConcurrentHashMap<>();
    private final Histogram runs;
    private final Histogram calls;
    private final Collector[] all;
    private volatile boolean failed;

    /** Counts by state of one account's documents (the journal, without tying metrics to its class). */
    @FunctionalInterface
    interface JournalView {
        Map<DocumentState, Long> counts();
    }

    @Activate
    public EngineMetrics() {
        this(PrometheusRegistry.defaultRegistry);
    }

    EngineMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        runs = Histogram.builder().name("serverconnect_run_duration_seconds")
                .help("How long send, follow-up and receive runs took, by outcome (ok or failed)")
                .labelNames("account", "kind", "outcome").classicUpperBounds(RUN_BUCKETS).classicOnly().withoutExemplars().build();
        calls = Histogram.builder().name("serverconnect_network_call_duration_seconds")
                .help("Calls to the network (Pagero Online) by operation and outcome: ok, or the failure's kind "
                        + "(retry, final, unknown, error)")
                .labelNames("account", "operation", "outcome").classicUpperBounds(CALL_BUCKETS).classicOnly().withoutExemplars()
                .build();
        GaugeWithCallback documents = GaugeWithCallback.builder().name("serverconnect_documents")
                .help("Documents in the journal by account and state now").labelNames("account", "state")
                .callback(cb -> journals.forEach((a, j) -> {
                    Map<DocumentState, Long> counts;
                    try {
                        counts = j.counts();
                    } catch (RuntimeException e) {
                        return;                 // journal closing: no sample rather than a failed scrape
                    }
                    for (DocumentState s : DocumentState.values()) {
                        cb.call(counts.getOrDefault(s, 0L), a.name(), s.name());
                    }
                })).build();
        GaugeWithCallback queues = GaugeWithCallback.builder().name("serverconnect_queue_documents")
                .help("Documents waiting by account and place: outbox, claimed (work folder), retry (waiting for a "
                        + "retry), error (error folder)")
                .labelNames("account", "queue").callback(cb -> accounts.forEach(a -> {
                    AccountStatus.Queues q = a.status().queues();
                    cb.call(q.outbox(), a.name(), "outbox");
                    cb.call(q.claimed(), a.name(), "claimed");
                    cb.call(q.retry(), a.name(), "retry");
                    cb.call(q.error(), a.name(), "error");
                })).build();
        GaugeWithCallback status = GaugeWithCallback.builder().name("serverconnect_account_status")
                .help("1 for the status each account is in now, 0 for the others").labelNames("account", "status")
                .callback(cb -> accounts.forEach(a -> {
                    AccountStatus.Status now = a.status().status();
                    for (AccountStatus.Status s : AccountStatus.Status.values()) {
                        cb.call(s == now ? 1 : 0, a.name(), s.name());
                    }
                })).build();
        GaugeWithCallback circuit = GaugeWithCallback.builder().name("serverconnect_circuit_open")
                .help("1 while an account's sending is paused after repeated failures (circuit breaker open)")
                .labelNames("account").callback(cb -> accounts.forEach(a -> cb.call(
                        a.status().detail() == AccountStatus.Detail.CIRCUIT_OPEN ? 1 : 0, a.name()))).build();
        all = new Collector[] { runs, calls, documents, queues, status, circuit };
        for (Collector c : all) {
            registry.register(c);
        }
    }

    @Deactivate
    void stop() {
        for (Collector c : all) {
            registry.unregister(c);
        }
    }

    void add(AccountService account, JournalView journal) {
        accounts.add(account);
        journals.put(account, journal);
    }

    /** Forgets an account and its samples (a removed account disappears from the metrics). */
    void remove(AccountService account) {
        accounts.remove(account);
        journals.remove(account);
        for (RunKind k : RunKind.values()) {
            for (String outcome : new String[] { "ok", "failed" }) {
                runs.remove(account.name(), lower(k), outcome);
            }
        }
        for (java.lang.reflect.Method m : Transport.class.getMethods()) {
            for (String outcome : CALL_OUTCOMES) {
                calls.remove(account.name(), m.getName(), outcome);
            }
        }
    }

    /** Every outcome a network call is counted under. */
    private static final List<String> CALL_OUTCOMES = java.util.stream.Stream.concat(java.util.stream.Stream.of("ok", "error"),
            java.util.Arrays.stream(TransportException.Outcome.values()).map(o -> o.name().toLowerCase(Locale.ROOT))).toList();

    void run(String account, RunKind kind, boolean ok, long nanos) {
        safely(() -> runs.labelValues(account, lower(kind), ok ? "ok" : "failed").observe(nanos / 1e9));
    }

    /** Measuring never breaks what is measured: a failure here is logged once and otherwise ignored. */
    private void safely(Runnable observation) {
        try {
            observation.run();
        } catch (RuntimeException | LinkageError e) {
            if (!failed) {
                failed = true;
                LOG.warn("Metrics: an observation failed; runs go on, metrics may be incomplete: {}", e.toString());
            }
        }
    }

    /** @return the transport, with every call timed and counted under the account's name */
    Transport meter(Transport t, String account) {
        if (t == null) {
            return null;
        }
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class || method.getName().equals("check")) {
                return invoke(method, t, args);
            }
            long start = System.nanoTime();
            String outcome = "ok";
            try {
                return invoke(method, t, args);
            } catch (TransportException e) {
                outcome = e.outcome().name().toLowerCase(Locale.ROOT);
                throw e;
            } catch (RuntimeException | Error e) {
                outcome = "error";
                throw e;
            } finally {
                String o = outcome;
                safely(() -> calls.labelValues(account, method.getName(), o).observe((System.nanoTime() - start) / 1e9));
            }
        };
        return (Transport) Proxy.newProxyInstance(Transport.class.getClassLoader(), new Class<?>[] { Transport.class }, h);
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static String lower(RunKind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }
}
