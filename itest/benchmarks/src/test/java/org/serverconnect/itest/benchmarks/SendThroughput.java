package org.serverconnect.itest.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.serverconnect.itest.system.Emulator;
import org.serverconnect.itest.system.Installation;

/**
 * Send throughput: N invoices of a given size from the outboxes of one or more accounts to the emulator, all the way
 * to {@code sent/} with the journal durable, beside (a) a bare HttpClient 5 loop, (b) the same with an fsync'ed journal
 * record per file, and (c) Apache Camel at its defaults and tuned, each over the same number of connections, against
 * the same emulator, in the same run. The emulator is reset between the runs so each finds it empty.
 */
final class SendThroughput {
    /** Server Connect's uploads per account under way at once ({@code send.parallel}, its default) = the baselines' threads. */
    static final int CONNECTIONS = 4;

    private SendThroughput() {
    }

    static void run(Results results, Path folder, String label, int n, int size, int accounts, boolean camel) throws Exception {
        try (Emulator emulator = Emulator.start(folder.resolve("emulator")); Installation sc = Installation.in(folder)) {
            String invoice = padded(sc.sampleInvoice("BENCH-NUMBER"), size);
            int bytes = invoice.getBytes(StandardCharsets.UTF_8).length;
            // a warm-up of the baselines' JVM and of the emulator, discarded (class loading, JIT on both sides)
            bare(results, label, emulator, folder.resolve("warmup"), invoice, Math.min(n, 3000), false);
            Map<String, Double> baselines = new LinkedHashMap<>();
            boolean measureBaselines = Boolean.parseBoolean(System.getProperty("bench.baselines", "true"));
            if (measureBaselines) {
                baselines.put("(a) bare loop", bare(results, label, emulator, folder.resolve("bare"), invoice, n, false));
                baselines.put("(b) bare loop + fsync'ed journal", bare(results, label, emulator, folder.resolve("journaled"),
                        invoice, n, true));
            }
            if (camel && measureBaselines) {
                for (CamelSender.Variant v : List.of(CamelSender.Variant.DEFAULTS, CamelSender.Variant.TUNED)) {
                    baselines.put("(c) Camel " + v.name().toLowerCase(), camel(emulator, folder.resolve("camel-" + v), invoice,
                            n, v, results, label));
                }
            }
            emulator.control("POST", "/emulator/reset", null);

            sc.javaOptions(System.getProperty("bench.runtimeOptions"));
            sc.connection("acme_c", emulator.base, emulator.data, Emulator.CLIENT, Emulator.SECRET, "acme-api", "acme-pass");
            List<Path> outboxes = new ArrayList<>();
            for (int a = 0; a < accounts; a++) {
                Files.writeString(sc.etc().resolve("org.serverconnect.account-acme" + a + ".cfg"), String.join("\n",
                        "connection = acme_c", "company = " + Installation.ACME, "send.schedule = immediate",
                        "pickup = rename", "receive = false", "followup.schedule = every 1h", "batch = 1000", ""));
                outboxes.add(sc.home().resolve("accounts/acme" + a + "/outbox"));
            }
            sc.run();
            int perAccount = n / accounts;
            // the runtime's warm-up, discarded as the baseline's was
            List<Path> warm = stage(folder.resolve("us-warmup"), invoice, Math.min(3000, n), "W");
            deliver(warm, outboxes.subList(0, 1), sc.home());
            List<Path> files = stage(folder.resolve("us"), invoice, perAccount * accounts, "US");
            long pid = sc.process().pid();
            long cpu = Proc.cpuMillis(pid);
            long emulatorCpu = Proc.cpuMillis(emulator.pid());
            double us = deliver(files, outboxes, sc.home());
            results.fact(label + ": Server Connect CPU ms per document", Results.round((Proc.cpuMillis(pid) - cpu) / (double) files.size()));
            results.fact(label + ": emulator CPU ms per document (with Server Connect)",
                    Results.round((Proc.cpuMillis(emulator.pid()) - emulatorCpu) / (double) files.size()));
            sc.terminate();
            String what = n + " × " + (bytes >= 1_000_000 ? Math.round(bytes / 1e6) + " MB" : Math.round(bytes / 1e3) + " KB")
                    + (accounts > 1 ? ", " + accounts + " accounts" : "") + " to sent/";
            double b = baselines.getOrDefault("(b) bare loop + fsync'ed journal", 0.0);
            String goal = null;
            Boolean met = null;
            if (accounts == 1 && size < 100_000) {
                double camelTuned = baselines.getOrDefault("(c) Camel tuned", 0.0);
                goal = "≥ 0.9 × (b), ≥ 1.25 × Camel tuned";
                met = b == 0 ? null : us >= 0.9 * b && (camelTuned == 0 || us >= 1.25 * camelTuned);
            }
            results.add(label, what, us, "docs/s", true, baselines, goal, met, null);
        }
    }

    private static double bare(Results results, String label, Emulator emulator, Path dir, String invoice, int n, boolean journal) throws Exception {
        emulator.control("POST", "/emulator/reset", null);
        List<Path> staged = stage(dir.resolve("outbox"), invoice, n, dir.getFileName().toString());
        long cpu = Proc.cpuMillis(Proc.self());
        double perSecond = BareLoop.run(emulator, emulator.token("acme-api", "acme-pass"), Installation.ACME,
                staged.get(0).getParent(), dir.resolve("sent"), CONNECTIONS, journal);
        if (uploads(emulator) != n) {
            throw new IllegalStateException("the bare loop made " + uploads(emulator) + " uploads for " + n + " files");
        }
        results.fact(label + ": " + dir.getFileName() + " loop CPU ms per document",
                Results.round((Proc.cpuMillis(Proc.self()) - cpu) / (double) n));
        return perSecond;
    }

    /** Uploads the emulator has taken since its last reset. */
    static long uploads(Emulator emulator) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(emulator.control("GET", "/emulator/stats", null))
                .path("uploads").asLong();
    }

    private static double camel(Emulator emulator, Path dir, String invoice, int n, CamelSender.Variant v, Results results,
            String label) throws Exception {
        emulator.control("POST", "/emulator/reset", null);
        List<Path> staged = stage(dir.resolve("staging"), invoice, n, dir.getFileName().toString());
        Path outbox = Files.createDirectories(dir.resolve("outbox"));
        try (CamelSender camel = new CamelSender(emulator, emulator.token("acme-api", "acme-pass"), Installation.ACME, outbox, v)) {
            double perSecond = deliver(staged, List.of(outbox), null);
            if (camel.failures.get() > 0) {
                results.fact(label + ": Camel " + v.name().toLowerCase() + " failed exchanges", camel.failures.get());
            }
            results.fact(label + ": Camel " + v.name().toLowerCase() + " uploads the emulator counted", uploads(emulator));
            return perSecond;
        }
    }

    /** Writes {@code n} invoices with distinct numbers into {@code dir}. */
    static List<Path> stage(Path dir, String invoice, int n, String prefix) throws Exception {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve(prefix + "-" + i + ".xml");
            Files.writeString(f, invoice.replace("BENCH-NUMBER", prefix + "-" + i));
            out.add(f);
        }
        return out;
    }

    /**
     * Renames the staged files into the outboxes (spread evenly) and waits until every one is in the {@code sent/}
     * folder beside its outbox (Server Connect: {@code accounts/<name>/sent}; Camel: {@code outbox/sent}), counting
     * only files that were not there before.
     * @return files per second from the first rename to the last file in sent/
     */
    static double deliver(List<Path> files, List<Path> outboxes, Path home) throws Exception {
        long before = 0;
        for (Path o : outboxes) {
            before += count(home != null ? o.resolveSibling("sent") : o.resolve("sent"));
        }
        long start = System.nanoTime();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            Files.move(f, outboxes.get(i % outboxes.size()).resolve(f.getFileName()));
        }
        long deadline = start + Duration.ofMinutes(15).toNanos();
        long done = 0;
        while (System.nanoTime() < deadline) {
            done = -before;
            for (Path o : outboxes) {
                done += count(home != null ? o.resolveSibling("sent") : o.resolve("sent"));
            }
            if (done >= files.size()) {
                break;
            }
            Thread.sleep(20);
        }
        if (done < files.size()) {
            throw new IllegalStateException("only " + done + " of " + files.size() + " files were sent within 15 minutes");
        }
        return files.size() / ((System.nanoTime() - start) / 1e9);
    }

    static long count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".xml")).count();
        }
    }

    /** The demo invoice, made about {@code size} bytes long with a comment (still the same valid invoice). */
    static String padded(String xml, int size) {
        int missing = size - xml.getBytes(StandardCharsets.UTF_8).length;
        if (missing <= 20) {
            return xml;
        }
        int end = xml.indexOf("?>") + 2;
        return xml.substring(0, end) + "\n<!-- " + "x".repeat(missing - 10) + " -->" + xml.substring(end);
    }
}
