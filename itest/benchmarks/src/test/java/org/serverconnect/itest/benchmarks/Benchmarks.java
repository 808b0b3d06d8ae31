package org.serverconnect.itest.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every benchmark in one run, each beside its baselines measured in the same run, then the whole table,
 * printed and written to {@code target/benchmarks/benchmarks.json}. They measure; they assert nothing about speed.
 *
 * <pre>mvn -B -q -Pbenchmarks install -DskipTests</pre>
 * {@code -Dbench=send,large,accounts,receive,pickup,footprint,memory,scale,outbox} runs some of them;
 * {@code -Dbench.invoices=N} scales the 10,000-invoice runs down; {@code -Dbench.baselines=false} skips the baselines; {@code -Dbench.runtimeOptions=...} adds JVM options
 * to the runtime (a profiler: {@code -XX:StartFlightRecording=filename=/tmp/sc.jfr,settings=profile}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Benchmarks {
    static final Results RESULTS = new Results();
    static Set<String> only;

    @TempDir
    Path folder;

    @BeforeAll
    static void which() {
        String b = System.getProperty("bench", "");
        only = b.isBlank() ? null : Arrays.stream(b.split(",")).map(String::trim).collect(Collectors.toSet());
        RESULTS.fact("machine", Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
    }

    static boolean selected(String name) {
        return only == null || only.contains(name);
    }

    /** One benchmark, run when {@code -Dbench} names it (or names none). */
    @FunctionalInterface
    interface Benchmark {
        void run() throws Exception;
    }

    private static void measure(String name, Benchmark b) throws Exception {
        if (selected(name)) {
            b.run();
        }
    }

    static int invoices() {
        return Integer.getInteger("bench.invoices", 10_000);
    }

    @Test
    @Order(1)
    void send() throws Exception {
        measure("send", () -> SendThroughput.run(RESULTS, folder, "send", invoices(), 10_000, 1, true));
    }

    @Test
    @Order(2)
    void large() throws Exception {
        measure("large", () -> SendThroughput.run(RESULTS, folder, "send 1 MB", invoices() / 10, 1_000_000, 1, true));
    }

    @Test
    @Order(3)
    void accounts() throws Exception {
        measure("accounts", () -> SendThroughput.run(RESULTS, folder, "send 10 accts", invoices(), 10_000, 10, false));
    }

    @Test
    @Order(4)
    void receive() throws Exception {
        measure("receive", () -> ReceiveThroughput.run(RESULTS, folder, invoices()));
    }

    @Test
    @Order(5)
    void pickup() throws Exception {
        measure("pickup", () -> PickupLatency.run(RESULTS, folder, Integer.getInteger("bench.files", 500)));
    }

    @Test
    @Order(6)
    void footprint() throws Exception {
        measure("footprint", () -> Footprint.startupAndIdle(RESULTS, folder));
    }

    @Test
    @Order(7)
    void memory() throws Exception {
        measure("memory", () -> Footprint.large(RESULTS, folder));
    }

    @Test
    @Order(8)
    void scale() throws Exception {
        measure("scale", () -> Scale.accounts(RESULTS, folder, 500));
    }

    @Test
    @Order(9)
    void bigOutbox() throws Exception {
        measure("outbox", () -> Scale.bigOutbox(RESULTS, folder, invoices() * 10));
    }

    @AfterAll
    static void table() throws Exception {
        System.out.println(RESULTS.table());
        Path out = Path.of(System.getProperty("benchmarks.out", "target/benchmarks")).resolve("benchmarks.json");
        RESULTS.write(out);
        System.out.println("written to " + out);
    }
}
