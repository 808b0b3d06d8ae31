package org.serverconnect.itest.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.serverconnect.itest.system.Emulator;
import org.serverconnect.itest.system.EmulatorProcess;
import org.serverconnect.itest.system.Installation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Receive throughput: N incoming documents waiting on the network, until each is in the inbox (and acknowledged),
 * beside a bare loop doing the same with the Document API: list a page of unfetched documents, download each, write
 * it to a temporary file, fsync, rename into the inbox, acknowledge the page.
 */
final class ReceiveThroughput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReceiveThroughput() {
    }

    static void run(Results results, Path folder, int n) throws Exception {
        try (Emulator emulator = Emulator.start(folder.resolve("emulator")); Installation sc = Installation.in(folder)) {
            String invoice = sc.sampleInvoice("BENCH-NUMBER");
            inject(emulator, invoice, Math.min(n, 1000), "W");          // warm-up of the loop's JVM and the emulator
            bare(emulator, Files.createDirectories(folder.resolve("warm-inbox")));
            emulator.control("POST", "/emulator/reset", null);
            inject(emulator, invoice, n, "B");
            Path bareInbox = Files.createDirectories(folder.resolve("bare-inbox"));
            long start = System.nanoTime();
            int done = bare(emulator, bareInbox);
            double bare = done / ((System.nanoTime() - start) / 1e9);

            emulator.control("POST", "/emulator/reset", null);
            sc.javaOptions(System.getProperty("bench.runtimeOptions"));
            sc.connection("globex_c", emulator.base, emulator.data, Emulator.CLIENT, Emulator.SECRET, "globex-api", "globex-pass");
            Files.writeString(sc.etc().resolve("org.serverconnect.account-globex.cfg"), String.join("\n",
                    "connection = globex_c", "company = " + Installation.GLOBEX, "send = false",
                    "receive.schedule = every 1s", "batch = 1000", ""));
            sc.run();
            Path inbox = sc.home().resolve("accounts/globex/inbox");
            inject(emulator, invoice, Math.min(n, 1000), "UW");             // the runtime's warm-up
            await(inbox, Math.min(n, 1000));
            inject(emulator, invoice, n, "U");
            long pid = sc.process().pid();
            long cpu = Proc.cpuMillis(pid);
            start = System.nanoTime();
            await(inbox, Math.min(n, 1000) + n);
            double us = n / ((System.nanoTime() - start) / 1e9);
            results.fact("receive: Server Connect CPU ms per document", Results.round((Proc.cpuMillis(pid) - cpu) / (double) n));
            sc.terminate();
            Map<String, Double> baselines = new LinkedHashMap<>();
            baselines.put("bare list/download/write+fsync/ack loop", bare);
            results.add("receive", n + " incoming documents to the inbox, acknowledged", us, "docs/s", true, baselines, null,
                    null, "ours counted from the moment all were waiting; a receive run every 1 s");
        }
    }

    /** Puts {@code n} incoming invoices for Globex on the emulator, four at a time. */
    private static void inject(Emulator emulator, String invoice, int n, String prefix) throws Exception {
        HttpClient http = EmulatorProcess.trusting(emulator.truststore());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String body = invoice.replace("ACME-1001", prefix + "-" + i);
                done.add(pool.submit(() -> http.send(HttpRequest.newBuilder(emulator.base.resolve("/emulator/companies/"
                        + Installation.GLOBEX + "/incoming")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding())));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The bare loop, one connection. @return documents written */
    private static int bare(Emulator emulator, Path inbox) throws Exception {
        String token = emulator.token("globex-api", "globex-pass");
        int written = 0;
        try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder
                .create().setTlsSocketStrategy(new DefaultClientTlsStrategy(emulator.ssl())).build()).build()) {
            while (true) {
                HttpGet list = new HttpGet(emulator.base.resolve("/document/v1/documents?direction=Received&documentType=Invoice"
                        + "&showFetchedOnly=false&companyId=" + Installation.GLOBEX + "&limit=100&offset=0"));
                list.setHeader("Authorization", "Bearer " + token);
                String listed = client.execute(list, r -> EntityUtils.toString(r.getEntity()));
                JsonNode page = JSON.readTree(listed);
                List<String> ids = new ArrayList<>();
                for (JsonNode item : page.path("items")) {
                    String id = item.path("id").asText();
                    HttpGet get = new HttpGet(emulator.base.resolve("/document/v1/documents/" + id + "/targetdocument"));
                    get.setHeader("Authorization", "Bearer " + token);
                    Path tmp = inbox.resolve("." + id + ".tmp");
                    client.execute(get, r -> {
                        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                            r.getEntity().getContent().transferTo(java.nio.channels.Channels.newOutputStream(ch));
                            ch.force(true);
                        }
                        return null;
                    });
                    Files.move(tmp, inbox.resolve(id + ".xml"), StandardCopyOption.ATOMIC_MOVE);
                    ids.add(id);
                }
                if (ids.isEmpty()) {
                    return written;
                }
                HttpPost ack = new HttpPost(emulator.base.resolve("/document/v1/documents/fetch"));
                ack.setHeader("Authorization", "Bearer " + token);
                ack.setEntity(new StringEntity(JSON.writeValueAsString(Map.of("ids", ids)), ContentType.APPLICATION_JSON));
                client.execute(ack, r -> {
                    EntityUtils.consume(r.getEntity());
                    if (r.getCode() >= 300) {
                        throw new IllegalStateException("acknowledging answered " + r.getCode());
                    }
                    return null;
                });
                written += ids.size();
            }
        }
    }

    private static void await(Path inbox, int total) throws Exception {
        long deadline = System.nanoTime() + 900_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Stream<Path> s = Files.list(inbox)) {
                if (s.filter(p -> !p.getFileName().toString().startsWith(".")).count() >= total) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("fewer than " + total + " documents arrived in " + inbox + " within 15 minutes");
    }
}
