package org.serverconnect.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.serverconnect.api.account.AccountService;
import org.serverconnect.api.account.AccountStatus;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.transport.Transport;
import org.serverconnect.api.transport.TransportException;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/** The engine's metrics: what an account's calls and runs record, and that a removed account leaves no series behind. */
class EngineMetricsTest {

    private static AccountService account(String name) {
        AccountStatus status = new AccountStatus(name, AccountStatus.Status.ONLINE, AccountStatus.Detail.NONE, "working",
                null, null, new AccountStatus.Queues(1, 2, 3, 4));
        return (AccountService) Proxy.newProxyInstance(AccountService.class.getClassLoader(),
                new Class<?>[] { AccountService.class }, (p, m, a) -> switch (m.getName()) {
                case "name" -> name;
                case "status" -> status;
                case "hashCode" -> System.identityHashCode(p);
                case "equals" -> p == a[0];
                default -> null;
                });
    }

    /** A transport whose uploads fail (worth a retry) and whose lookups find nothing. */
    private static Transport failingUploads() {
        return (Transport) Proxy.newProxyInstance(Transport.class.getClassLoader(), new Class<?>[] { Transport.class },
                (p, m, a) -> {
                    if (m.getName().equals("send")) {
                        throw new TransportException(TransportException.Outcome.RETRY, 503, Duration.ofSeconds(1), "503", null);
                    }
                    return null;
                });
    }

    /** "name{account=...,label=...} value" for every data point of the registry. */
    private static List<String> samples(PrometheusRegistry r) {
        List<String> out = new ArrayList<>();
        for (MetricSnapshot s : r.scrape()) {
            for (DataPointSnapshot d : s.getDataPoints()) {
                out.add(s.getMetadata().getName() + d.getLabels());
            }
        }
        return out;
    }

    @Test
    void callsAndRunsAreCountedPerAccountAndARemovedAccountLeavesNoSeries() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        EngineMetrics metrics = new EngineMetrics(registry);
        AccountService acme = account("acme");
        metrics.add(acme, () -> Map.of(DocumentState.SENT, 3L));
        Transport t = metrics.meter(failingUploads(), "acme");
        t.lookup(null);
        assertThrows(TransportException.class, () -> t.send(null));
        metrics.run("acme", RunKind.SEND, true, 1_000_000);

        List<String> s = samples(registry);
        assertTrue(s.stream().anyMatch(x -> x.startsWith("serverconnect_network_call_duration_seconds")
                && x.contains("operation=\"lookup\"") && x.contains("outcome=\"ok\"")), s.toString());
        assertTrue(s.stream().anyMatch(x -> x.startsWith("serverconnect_network_call_duration_seconds")
                && x.contains("operation=\"send\"") && x.contains("outcome=\"retry\"")), s.toString());
        assertTrue(s.stream().anyMatch(x -> x.startsWith("serverconnect_run_duration_seconds") && x.contains("kind=\"send\"")));
        assertEquals(4, s.stream().filter(x -> x.startsWith("serverconnect_queue_documents")).count());
        assertEquals(DocumentState.values().length, s.stream().filter(x -> x.startsWith("serverconnect_documents")).count());

        metrics.remove(acme);
        List<String> after = samples(registry);
        assertTrue(after.stream().noneMatch(x -> x.contains("account=\"acme\"")), "nothing left of acme: " + after);
        metrics.stop();
        assertTrue(samples(registry).isEmpty(), "the engine's metrics leave with it");
    }
}
