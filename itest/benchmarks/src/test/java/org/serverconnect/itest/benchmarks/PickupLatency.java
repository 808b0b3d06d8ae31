package org.serverconnect.itest.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.serverconnect.itest.system.Emulator;
import org.serverconnect.itest.system.Installation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Pick-up latency in immediate mode with the {@code rename} pick-up rule: a file written under a temporary name and
 * renamed into the outbox, until its upload arrives at the emulator (the emulator's clock; same machine). Beside Camel
 * at its default poll delay and at {@code delay=10}. Then the CPU an idle runtime burns per minute in that mode,
 * beside Camel polling every 10 ms.
 */
final class PickupLatency {
    private PickupLatency() {
    }

    static void run(Results results, Path folder, int files) throws Exception {
        try (Emulator emulator = Emulator.start(folder.resolve("emulator")); Installation sc = Installation.in(folder)) {
            String invoice = sc.sampleInvoice("BENCH-NUMBER");
            Map<String, Double> p50 = new LinkedHashMap<>();
            Map<String, Double> p95 = new LinkedHashMap<>();
            Map<String, Double> max = new LinkedHashMap<>();
            Map<String, Double> idle = new LinkedHashMap<>();
            for (CamelSender.Variant v : List.of(CamelSender.Variant.DEFAULTS, CamelSender.Variant.DELAY_10)) {
                Path outbox = Files.createDirectories(folder.resolve("camel-" + v).resolve("outbox"));
                try (CamelSender camel = new CamelSender(emulator, emulator.token("acme-api", "acme-pass"), Installation.ACME,
                        outbox, v)) {
                    List<Long> l = measure(emulator, outbox, invoice, files, "camel-" + v.name().toLowerCase());
                    String name = "Camel " + (v == CamelSender.Variant.DEFAULTS ? "defaults (delay=500)" : "delay=10");
                    p50.put(name, (double) pct(l, 50));
                    p95.put(name, (double) pct(l, 95));
                    max.put(name, (double) l.get(l.size() - 1));
                    if (v == CamelSender.Variant.DELAY_10) {
                        idle.put(name, idleCpuPerMinute(Proc.self()));
                    }
                }
            }

            sc.javaOptions(System.getProperty("bench.runtimeOptions"));
            sc.connection("acme_c", emulator.base, emulator.data, Emulator.CLIENT, Emulator.SECRET, "acme-api", "acme-pass");
            Files.writeString(sc.etc().resolve("org.serverconnect.account-instant.cfg"), String.join("\n",
                    "connection = acme_c", "company = " + Installation.ACME, "send.schedule = immediate", "receive = false",
                    "pickup = rename", "followup.schedule = every 1h", ""));
            sc.run();
            Path outbox = sc.home().resolve("accounts/instant/outbox");
            List<Long> l = measure(emulator, outbox, invoice, files, "us");
            double us = idleCpuPerMinute(sc.process().pid());
            sc.terminate();

            results.add("pickup", "rename → upload arrived, p50 (" + l.size() + " files)", pct(l, 50), "ms", false, p50,
                    "≤ 10 ms", pct(l, 50) <= 10, null);
            results.add("pickup", "rename → upload arrived, p95", pct(l, 95), "ms", false, p95, "≤ 25 ms", pct(l, 95) <= 25, null);
            results.add("pickup", "rename → upload arrived, max", l.get(l.size() - 1), "ms", false, max, null, null,
                    "the first file opens the connection");
            results.add("pickup", "idle CPU in immediate mode", us, "s/min", false, idle, "≤ 0.1 s/min", us <= 0.1, null);
        }
    }

    /**
     * Drops {@code files} invoices into the outbox one at a time (written under a {@code .part} name, then renamed),
     * 50 ms apart after a warm-up of 10, and reads the emulator's arrival times. @return latencies in ms, sorted
     */
    private static List<Long> measure(Emulator emulator, Path outbox, String invoice, int files, String prefix) throws Exception {
        List<String> warmUp = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            warmUp.add(uploadedAs(prefix + "-W" + i));
            drop(outbox, prefix + "-warm-" + i + ".xml", invoice, prefix + "-W" + i);
        }
        // measured from a warm runtime: once the warm-up files have arrived
        Instant warm = Instant.now().plusSeconds(30);
        while (!uploaded(emulator).containsAll(warmUp)) {
            if (Instant.now().isAfter(warm)) {
                throw new IllegalStateException(prefix + ": the warm-up files did not arrive within 30 s: " + uploaded(emulator));
            }
            Thread.sleep(50);
        }
        Map<String, Instant> dropped = new HashMap<>();
        for (int i = 0; i < files; i++) {
            String name = prefix + "-" + i + ".xml";
            dropped.put(uploadedAs(prefix + "-" + i), drop(outbox, name, invoice, prefix + "-" + i));
            Thread.sleep(50);
        }
        Instant deadline = Instant.now().plusSeconds(30);
        List<Long> latencies = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            latencies.clear();
            JsonNode uploads = new ObjectMapper().readTree(emulator.control("GET", "/emulator/uploads", null));
            for (JsonNode u : uploads.isArray() ? uploads : uploads.path("uploads")) {
                Instant at = dropped.get(numberIn(u.path("fileName").asText()));
                if (at != null) {
                    latencies.add(Duration.between(at, Instant.parse(u.path("time").asText())).toMillis());
                }
            }
            if (latencies.size() >= files) {
                break;
            }
            Thread.sleep(500);
        }
        if (latencies.size() < files) {
            throw new IllegalStateException(prefix + ": only " + latencies.size() + " of " + files + " uploads arrived");
        }
        latencies.sort(null);
        return latencies;
    }

    /** The invoice numbers of the files the emulator received, as their upload names carry them. */
    private static Set<String> uploaded(Emulator emulator) throws Exception {
        JsonNode uploads = new ObjectMapper().readTree(emulator.control("GET", "/emulator/uploads", null));
        Set<String> names = new HashSet<>();
        for (JsonNode u : uploads.isArray() ? uploads : uploads.path("uploads")) {
            names.add(numberIn(u.path("fileName").asText()));
        }
        return names;
    }

    /** An invoice number as the connection puts it into an upload's name (Pagero's characters only). */
    private static String uploadedAs(String number) {
        return number.replaceAll("[^A-Za-z0-9]+", "_");
    }

    /** The invoice number part of an upload's name, {@code <reference>_<number>.xml}. */
    private static String numberIn(String uploadName) {
        return uploadName.replaceFirst("^sc_[0-9a-f]+_", "").replaceFirst("\\.xml$", "");
    }

    private static Instant drop(Path outbox, String name, String invoice, String number) throws Exception {
        Path tmp = outbox.resolve(name + ".part");
        Files.write(tmp, invoice.replace("ACME-1001", number).getBytes(StandardCharsets.UTF_8));
        Instant at = Instant.now();
        Files.move(tmp, outbox.resolve(name));
        return at;
    }

    /** CPU seconds per minute a process uses over 30 s of doing nothing. */
    private static double idleCpuPerMinute(long pid) throws Exception {
        Thread.sleep(3000);
        long before = Proc.cpuMillis(pid);
        Thread.sleep(30_000);
        return (Proc.cpuMillis(pid) - before) / 1000.0 * 2;
    }

    static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
    }
}
