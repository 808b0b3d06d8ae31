package org.serverconnect.itest.benchmarks;

import java.io.BufferedWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.serverconnect.itest.system.Emulator;
import org.serverconnect.itest.system.EmulatorProcess;
import org.serverconnect.itest.system.Installation;

/**
 * The runtime's footprint: start-up time to ready and idle memory with 10 accounts, and a 200 MB invoice sent and
 * another received with the heap limited to 64 MB.
 */
final class Footprint {
    private Footprint() {
    }

    static void startupAndIdle(Results results, Path folder) throws Exception {
        try (Emulator emulator = Emulator.start(folder.resolve("emulator")); Installation sc = Installation.in(folder)) {
            sc.javaOptions(System.getProperty("bench.runtimeOptions"));
            sc.connection("acme_c", emulator.base, emulator.data, Emulator.CLIENT, Emulator.SECRET, "acme-api", "acme-pass");
            for (int a = 0; a < 10; a++) {
                Files.writeString(sc.etc().resolve("org.serverconnect.account-idle" + a + ".cfg"), String.join("\n",
                        "connection = acme_c", "company = " + Installation.ACME, "send.schedule = every 30s",
                        "receive.schedule = every 1m", "followup.schedule = every 5m", ""));
            }
            sc.run();            // once, so the home exists: the measured start is a second start, as a service's is
            sc.terminate();
            long start = System.nanoTime();
            sc.spawn();
            Path status = sc.home().resolve("data/runtime.status");
            while (!Files.exists(status) || !"ready".equals(sc.runtimeStatus().get("state"))
                    || !Long.toString(sc.process().pid()).equals(sc.runtimeStatus().get("pid"))) {
                if (!sc.process().isAlive()) {
                    throw new IllegalStateException("the runtime exited: " + sc.runOutput());
                }
                Thread.sleep(10);
            }
            double wall = (System.nanoTime() - start) / 1e6;
            String own = sc.runtimeStatus().get("ready.after.ms");
            results.add("footprint", "start-up to ready, 10 accounts (launcher → ready)", wall / 1000, "s", false, Map.of(),
                    "≤ 2 s", wall <= 2000, own == null ? null : "the runtime counts " + own + " ms from its JVM's start");
            Thread.sleep(20_000);
            double rss = Proc.rssMiB(sc.process().pid());
            results.add("footprint", "idle RSS, 10 accounts, 20 s after ready", rss, "MiB", false, Map.of(), "≤ 150 MiB",
                    rss <= 150, "Camel idle, one route (measured the same way): 96–104 MiB");
            sc.terminate();
        }
    }

    /** A 200 MB invoice sent, and one received, by a runtime whose heap is 64 MB. */
    static void large(Results results, Path folder) throws Exception {
        // the demo's companies, with uploads up to 300 MB (the emulator refuses more than 100 MiB by default: the real
        // service's limit is not documented)
        Path config = folder.resolve("emulator.json");
        Files.writeString(config, """
                {"clients": [{"id": "demo-client", "secret": "demo-secret"}],
                 "companies": [{"id": "%s", "name": "Acme", "participants": ["0007:5567321707"]},
                               {"id": "%s", "name": "Globex", "participants": ["0007:5560000001"]}],
                 "users": [{"username": "acme-api", "password": "acme-pass", "companies": ["%s"]},
                           {"username": "globex-api", "password": "globex-pass", "companies": ["%s"]}],
                 "maxUploadBytes": 300000000}
                """.formatted(Installation.ACME, Installation.GLOBEX, Installation.ACME, Installation.GLOBEX));
        try (Emulator emulator = Emulator.start(folder.resolve("emulator"), "--config", config.toString());
                Installation sc = Installation.in(folder)) {
            sc.javaOptions(System.getProperty("bench.runtimeOptions", "") + " -Xmx64m");
            sc.acmeSendsToGlobex(emulator.base, emulator.data);
            // the connection uploads at most 100 MB unless told otherwise
            Files.writeString(sc.etc().resolve("org.serverconnect.transport.pagero-acme_c.cfg"), "maxUploadSize = 300\n",
                    java.nio.file.StandardOpenOption.APPEND);
            sc.run();
            Path big = folder.resolve("big.xml");
            write200MB(big, sc.sampleInvoice("BIG-1"));
            long size = Files.size(big);

            long start = System.nanoTime();
            Files.move(big, sc.home().resolve("accounts/acme/outbox/big.xml"));
            Path sent = sc.home().resolve("accounts/acme/sent/big.xml");
            waitFor(sent, sc, 300);
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            boolean arrived = SendThroughput.uploads(emulator) == 1;
            if (!arrived) {
                String log = sc.log();
                System.out.println("The 200 MB invoice was not sent; the runtime's log ends with:\n"
                        + log.substring(Math.max(0, log.length() - 4000)));
            }

            Path incoming = folder.resolve("incoming.xml");
            write200MB(incoming, sc.sampleInvoice("BIG-IN-1"));
            HttpClient http = EmulatorProcess.trusting(emulator.truststore());
            http.send(HttpRequest.newBuilder(emulator.base.resolve("/emulator/companies/" + Installation.GLOBEX + "/incoming"))
                    .POST(HttpRequest.BodyPublishers.ofFile(incoming)).build(), HttpResponse.BodyHandlers.discarding());
            start = System.nanoTime();
            Path inbox = sc.home().resolve("accounts/globex/inbox");
            Path received = null;
            while (received == null && System.nanoTime() - start < 600e9) {
                try (Stream<Path> s = Files.list(inbox)) {
                    received = s.filter(p -> !p.getFileName().toString().startsWith(".")).filter(p -> {
                        try {
                            return Files.size(p) == Files.size(incoming);
                        } catch (java.io.IOException e) {
                            return false;
                        }
                    }).findFirst().orElse(null);
                }
                Thread.sleep(100);
            }
            double receiveSeconds = (System.nanoTime() - start) / 1e9;
            double peak = Proc.peakRssMiB(sc.process().pid());
            boolean errors = sc.log().contains("OutOfMemoryError");
            sc.terminate();
            results.add("memory", "send " + size / 1_000_000 + " MB invoice at -Xmx64m", sendSeconds, "s", false, Map.of(),
                    "without error", arrived && !errors, arrived ? "arrived once" : "did NOT arrive");
            results.add("memory", "receive " + size / 1_000_000 + " MB invoice at -Xmx64m", receiveSeconds, "s", false,
                    Map.of(), "without error", received != null && !errors, received != null ? "in the inbox, whole" : "NOT received");
            results.add("memory", "peak RSS of that runtime", peak, "MiB", false, Map.of(), null, null,
                    "bare loop and Camel at -Xmx64m (measured the same way): 111 / 138 MiB");
        }
    }

    /** The demo invoice with a 200 MB comment in it: still the same valid invoice, written without holding it. */
    private static void write200MB(Path file, String xml) throws Exception {
        int end = xml.indexOf("?>") + 2;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(xml, 0, end);
            w.write("\n<!-- ");
            String chunk = "x".repeat(1 << 16);
            for (int i = 0; i < 200_000_000 / chunk.length(); i++) {
                w.write(chunk);
            }
            w.write(" -->");
            w.write(xml, end, xml.length() - end);
        }
    }

    private static void waitFor(Path file, Installation sc, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            if (!sc.process().isAlive()) {
                throw new IllegalStateException("the runtime died: " + sc.runOutput());
            }
            Thread.sleep(100);
        }
    }
}
