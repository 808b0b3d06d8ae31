package org.serverconnect.itest.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.serverconnect.itest.system.Emulator;
import org.serverconnect.itest.system.Installation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Scale: 500 accounts added at once through configuration files; an outbox holding 100,000 files. */
final class Scale {
    private Scale() {
    }

    static void accounts(Results results, Path folder, int accounts) throws Exception {
        try (Emulator emulator = Emulator.start(folder.resolve("emulator")); Installation sc = Installation.in(folder)) {
            sc.javaOptions(System.getProperty("bench.runtimeOptions"));
            sc.connection("acme_c", emulator.base, emulator.data, Emulator.CLIENT, Emulator.SECRET, "acme-api", "acme-pass");
            sc.run();
            String password = sc.setting("felix.webconsole.password");
            Path staging = Files.createDirectories(folder.resolve("cfg"));
            for (int a = 0; a < accounts; a++) {
                Files.writeString(staging.resolve("org.serverconnect.account-many" + a + ".cfg"), String.join("\n",
                        "connection = acme_c", "company = " + Installation.ACME, "send.schedule = every 1m",
                        "receive = false", "followup.schedule = every 10m", ""));
            }
            long start = System.nanoTime();
            try (var files = Files.list(staging)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.move(f, sc.etc().resolve(f.getFileName()));
                }
            }
            int running = 0;
            while (running < accounts && System.nanoTime() - start < 300e9) {
                Thread.sleep(100);
                running = running(sc.httpGet("/api/v1/accounts", "admin", password).body());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(5000);
            double rss = Proc.rssMiB(sc.process().pid());
            sc.terminate();
            results.add("scale", accounts + " accounts added at once: all running after", seconds, "s", false, Map.of(),
                    "≤ 10 s", running >= accounts && seconds <= 10, running + " running");
            results.add("scale", "RSS with " + accounts + " accounts", rss, "MiB", false, Map.of(), null, null, null);
        }
    }

    /** Accounts whose status is ONLINE or DEGRADED (working). */
    private static int running(String json) throws Exception {
        int n = 0;
        JsonNode root = new ObjectMapper().readTree(json);
        for (JsonNode a : root.isArray() ? root : root.path("accounts")) {
            String s = a.path("status").asText();
            if ("ONLINE".equals(s) || "DEGRADED".equals(s)) {
                n++;
            }
        }
        return n;
    }

    static void bigOutbox(Results results, Path folder, int files) throws Exception {
        try (Emulator emulator = Emulator.start(folder.resolve("emulator")); Installation sc = Installation.in(folder)) {
            sc.javaOptions(System.getProperty("bench.runtimeOptions"));
            sc.connection("acme_c", emulator.base, emulator.data, Emulator.CLIENT, Emulator.SECRET, "acme-api", "acme-pass");
            Files.writeString(sc.etc().resolve("org.serverconnect.account-big.cfg"), String.join("\n",
                    "connection = acme_c", "company = " + Installation.ACME, "send.schedule = immediate",
                    "pickup = rename", "receive = false", "followup.schedule = every 1h", "batch = 1000", ""));
            sc.run();
            String invoice = sc.sampleInvoice("BENCH-NUMBER");
            java.util.List<Path> staged = SendThroughput.stage(folder.resolve("staging"), invoice, files, "BIG");
            Path outbox = sc.home().resolve("accounts/big/outbox");
            long start = System.nanoTime();
            for (Path f : staged) {
                Files.move(f, outbox.resolve(f.getFileName()));
            }
            double moving = (System.nanoTime() - start) / 1e9;
            long first = 0;
            while (SendThroughput.uploads(emulator) == 0 && System.nanoTime() - start < 300e9) {
                Thread.sleep(20);
            }
            first = System.nanoTime();
            long before = SendThroughput.uploads(emulator);
            long after = before;
            long end = first;
            while (after < files && System.nanoTime() - first < 30e9) {
                Thread.sleep(200);
                after = SendThroughput.uploads(emulator);
                end = System.nanoTime();
            }
            sc.terminate();
            results.add("scale", "outbox of " + files + " files: first upload after", (first - start) / 1e9, "s", false,
                    Map.of(), null, null, "renaming them in took " + Math.round(moving * 10) / 10.0 + " s");
            results.add("scale", "outbox of " + files + " files: documents per second after (≤ 30 s)",
                    (after - before) / ((end - first) / 1e9),
                    "docs/s", true, Map.of(), null, null, null);
        }
    }
}
