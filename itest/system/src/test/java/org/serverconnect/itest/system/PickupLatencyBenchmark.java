package org.serverconnect.itest.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pickup latency, measured end to end on the assembled runtime: a file renamed into an outbox → its upload arrives at
 * the emulator (a separate process; the arrival time is the emulator's). Two accounts in the same runtime, the same
 * run: one in {@code immediate} mode with the {@code rename} pick-up rule (file events), one on a 1 s interval. Then
 * the runtime's CPU use while idle, from {@code /proc/<pid>/stat}.
 *
 * <p>Not part of the test command (it prints figures, it asserts nothing about speed). Run it with
 * <pre>mvn -B -q install -DskipTests && mvn -B -pl itest/system verify -Dit.test=PickupLatencyBenchmark -Dbench.files=200</pre>
 */
class PickupLatencyBenchmark {
    private static final String ACME = "3a6f0c5e-1111-4c2b-9d7e-5b0c2d9e0a41";

    @TempDir
    Path folder;

    @Test
    void pickupLatencyImmediateVersusOneSecondInterval() throws Exception {
        int files = Integer.getInteger("bench.files", 200);
        Path emulatorData = folder.resolve("emulator");
        Process emulator = EmulatorProcess.start("--data", emulatorData.toString(), "--port", "0");
        try (Installation sc = Installation.in(folder)) {
            URI base = URI.create(EmulatorProcess.awaitUrl(emulator));
            Files.createDirectories(sc.etc());
            sc.connection("acme_c", base, emulatorData, "demo-client", "demo-secret", "acme-api", "acme-pass");
            for (String[] a : new String[][] { { "instant", "immediate" }, { "interval", "every 1s" } }) {
                Files.writeString(sc.etc().resolve("org.serverconnect.account-" + a[0] + ".cfg"), String.join("\n",
                        "connection = acme_c", "company = " + ACME, "send.schedule = " + a[1], "receive = false",
                        "pickup = rename", "followup.schedule = every 1h", ""));
            }
            sc.run();
            Thread.sleep(3000);
            byte[] invoice = Files.readAllBytes(Path.of(System.getProperty("serverconnect.dist"))
                    .resolve("defaults/demo/samples/acme-invoice-1001.xml"));
            HttpClient http = EmulatorProcess.trusting(emulatorData.resolve("emulator-truststore.p12"));

            Map<String, Instant> droppedAt = new HashMap<>();
            for (String account : List.of("instant", "interval")) {
                Path outbox = sc.home().resolve("accounts").resolve(account).resolve("outbox");
                for (int i = 0; i < 10; i++) {                      // warm-up, not measured
                    drop(outbox, account + "-warm-" + i + ".xml", invoice, account + "-W" + i);
                }
                Thread.sleep(3000);
                for (int i = 0; i < files; i++) {
                    String name = account + "-" + i + ".xml";
                    droppedAt.put(name, drop(outbox, name, invoice, account + "-" + i));
                    Thread.sleep(150);
                }
            }
            Thread.sleep(5000);
            String uploads = http.send(HttpRequest.newBuilder(base.resolve("/emulator/uploads")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Map<String, List<Long>> latencies = new HashMap<>();
            Matcher m = Pattern.compile("\"fileName\":\"([^\"]+)\"[^}]*?\"time\":\"([^\"]+)\"").matcher(uploads);
            while (m.find()) {
                Instant dropped = droppedAt.get(m.group(1));
                if (dropped != null) {
                    latencies.computeIfAbsent(m.group(1).startsWith("instant") ? "immediate + rename" : "every 1s + rename",
                            k -> new ArrayList<>()).add(Duration.between(dropped, Instant.parse(m.group(2))).toMillis());
                }
            }

            long pid = sc.process().pid();
            long cpuBefore = cpuMillis(pid);
            Thread.sleep(60_000);
            long idleBoth = cpuMillis(pid) - cpuBefore;
            Files.delete(sc.etc().resolve("org.serverconnect.account-interval.cfg"));   // removed live
            Thread.sleep(5_000);
            cpuBefore = cpuMillis(pid);
            Thread.sleep(60_000);
            long idleImmediate = cpuMillis(pid) - cpuBefore;
            Files.delete(sc.etc().resolve("org.serverconnect.account-instant.cfg"));
            Thread.sleep(5_000);
            cpuBefore = cpuMillis(pid);
            Thread.sleep(60_000);
            long idleNone = cpuMillis(pid) - cpuBefore;

            System.out.println();
            System.out.println("Pickup latency, file renamed into the outbox -> upload arrived at the emulator (ms)");
            System.out.printf(Locale.ROOT, "%-22s %6s %6s %6s %6s%n", "timetable", "files", "p50", "p95", "max");
            for (String k : List.of("immediate + rename", "every 1s + rename")) {
                List<Long> l = latencies.getOrDefault(k, List.of()).stream().sorted().toList();
                System.out.printf(Locale.ROOT, "%-22s %6d %6d %6d %6d%n", k, l.size(), pct(l, 50), pct(l, 95),
                        l.isEmpty() ? -1 : l.get(l.size() - 1));
            }
            List<Long> fast = latencies.getOrDefault("immediate + rename", List.of()).stream().sorted().toList();
            List<Long> slow = latencies.getOrDefault("every 1s + rename", List.of()).stream().sorted().toList();
            if (!fast.isEmpty() && !slow.isEmpty() && pct(fast, 50) > 0) {
                System.out.printf(Locale.ROOT, "p50 ratio interval / immediate: %.1f%n", (double) pct(slow, 50) / pct(fast, 50));
            }
            System.out.printf(Locale.ROOT, "idle runtime CPU per minute: %.2f s with both accounts (one polls every second), "
                    + "%.2f s with the immediate account alone, %.2f s with no account (the runtime's own baseline)%n",
                    idleBoth / 1000.0, idleImmediate / 1000.0, idleNone / 1000.0);
        } finally {
            emulator.destroy();
        }
    }

    private static Instant drop(Path outbox, String name, byte[] template, String number) throws Exception {
        Files.createDirectories(outbox);
        Path tmp = outbox.resolve(name + ".part");
        Files.write(tmp, new String(template, StandardCharsets.UTF_8).replace("ACME-1001", number)
                .getBytes(StandardCharsets.UTF_8));
        Instant at = Instant.now();
        Files.move(tmp, outbox.resolve(name));
        return at;
    }

    private static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** User plus system CPU time of a process, from /proc (clock ticks of 10 ms on Linux). */
    private static long cpuMillis(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }
}
