package org.serverconnect.itest.system;

import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.entity.mime.FileBody;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Send throughput (issue 15, part 1): N invoices of about 10 KB from one outbox to the emulator over HTTPS on
 * 127.0.0.1, all the way to sent/ with the journal durable, beside two baselines run in the same process against the
 * same emulator: (a) a bare HttpClient 5 loop that reads each file, posts the same multipart request over one
 * connection and moves the file; (b) the same loop with one fsync'ed journal record per file. It prints a table with
 * documents per second and the ratios, and writes it as JSON to {@code target/benchmarks/send-throughput.json}.
 *
 * <p>Not part of the test command; it asserts nothing about speed. Run it with
 * <pre>mvn -B -q install -DskipTests && mvn -B -pl itest/system verify -Dit.test=SendThroughputBenchmark -Dbench.invoices=10000</pre>
 */
class SendThroughputBenchmark {
    private static final String ACME = "3a6f0c5e-1111-4c2b-9d7e-5b0c2d9e0a41";

    @TempDir
    Path folder;

    @Test
    void sendThroughputBesideABareLoop() throws Exception {
        int n = Integer.getInteger("bench.invoices", 10_000);
        Path emulatorData = folder.resolve("emulator");
        Process emulator = EmulatorProcess.start("--data", emulatorData.toString(), "--port", "0");
        Map<String, Object> results = new LinkedHashMap<>();
        try (Installation sc = Installation.in(folder)) {
            URI base = URI.create(EmulatorProcess.awaitUrl(emulator));
            String invoice = padded(sc.sampleInvoice("BENCH-NUMBER"), 10_000);

            // a warm-up, discarded: the first loop of the JVM would otherwise pay for its class loading and JIT
            bareLoop(base, emulatorData, invoice, folder.resolve("warmup"), Math.min(500, n), false);
            double bare = bareLoop(base, emulatorData, invoice, folder.resolve("bare"), n, false);
            double journaled = bareLoop(base, emulatorData, invoice, folder.resolve("journaled"), n, true);

            Files.createDirectories(sc.etc());
            sc.connection("acme_c", base, emulatorData, "demo-client", "demo-secret", "acme-api", "acme-pass");
            Files.writeString(sc.etc().resolve("org.serverconnect.account-acme.cfg"), String.join("\n",
                    "connection = acme_c", "company = " + ACME, "send.schedule = immediate", "pickup = rename",
                    "receive = false", "followup.schedule = every 1h", "batch = 1000", ""));
            sc.run();
            Path staging = folder.resolve("staging");
            Files.createDirectories(staging);
            for (int i = 0; i < n; i++) {
                Files.writeString(staging.resolve("inv-" + i + ".xml"), invoice.replace("BENCH-NUMBER", "US-" + i));
            }
            Path outbox = sc.home().resolve("accounts/acme/outbox");
            Path sent = sc.home().resolve("accounts/acme/sent");
            long start = System.nanoTime();
            try (Stream<Path> files = Files.list(staging)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.move(f, outbox.resolve(f.getFileName()));
                }
            }
            long deadline = start + Duration.ofMinutes(20).toNanos();
            while (count(sent) < n && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long done = count(sent);
            double us = done / seconds;
            sc.terminate();

            results.put("invoices", n);
            results.put("invoiceBytes", invoice.getBytes(StandardCharsets.UTF_8).length);
            results.put("serverConnectPerSecond", round(us));
            results.put("serverConnectSent", done);
            results.put("bareLoopPerSecond", round(bare));
            results.put("bareLoopWithJournalPerSecond", round(journaled));
            results.put("ratioToBareLoop", round(us / bare));
            results.put("ratioToBareLoopWithJournal", round(us / journaled));
            results.put("camel", "not measured yet");
            System.out.printf(Locale.ROOT, "%n%-44s %12s %10s%n", "send throughput, " + n + " invoices of "
                    + results.get("invoiceBytes") + " bytes", "invoices/s", "us / it");
            System.out.printf(Locale.ROOT, "%-44s %12.0f %10s%n", "Server Connect (sent/, journal durable)", us, "");
            System.out.printf(Locale.ROOT, "%-44s %12.0f %10.2f%n", "(a) bare HttpClient 5 loop", bare, us / bare);
            System.out.printf(Locale.ROOT, "%-44s %12.0f %10.2f%n", "(b) bare loop + fsync'ed journal record", journaled,
                    us / journaled);
            Path out = Path.of("target/benchmarks");
            Files.createDirectories(out);
            StringBuilder json = new StringBuilder("{");
            results.forEach((k, v) -> json.append(json.length() > 1 ? ",\n " : "\n ").append('"').append(k).append("\": ")
                    .append(v instanceof String ? "\"" + v + "\"" : v));
            Files.writeString(out.resolve("send-throughput.json"), json.append("\n}\n").toString());
        } finally {
            emulator.destroy();
        }
    }

    /** The baseline: what an integrator's shortest correct loop does, over one pooled, verified TLS connection. */
    private static double bareLoop(URI base, Path emulatorData, String invoice, Path dir, int n, boolean journal)
            throws Exception {
        Path outbox = dir.resolve("outbox");
        Path sent = dir.resolve("sent");
        Files.createDirectories(outbox);
        Files.createDirectories(sent);
        String tag = dir.getFileName().toString();
        for (int i = 0; i < n; i++) {
            Files.writeString(outbox.resolve("inv-" + i + ".xml"), invoice.replace("BENCH-NUMBER", tag + "-" + i));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(emulatorData.resolve("emulator-truststore.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder
                .create().setTlsSocketStrategy(new DefaultClientTlsStrategy(ssl)).setMaxConnTotal(1).setMaxConnPerRoute(1)
                .build()).build();
                FileChannel log = FileChannel.open(dir.resolve("journal.log"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            HttpPost login = new HttpPost(base.resolve("/oauth/v2/oauth-token"));
            login.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    "demo-client:demo-secret".getBytes(StandardCharsets.UTF_8)));
            login.setEntity(new StringEntity("grant_type=password&username=acme-api&password=acme-pass",
                    ContentType.APPLICATION_FORM_URLENCODED));
            String tokenAnswer = client.execute(login, r -> EntityUtils.toString(r.getEntity()));
            String token = tokenAnswer.replaceAll("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            long start = System.nanoTime();
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.list(outbox)) {
                s.sorted().forEach(files::add);
            }
            for (Path f : files) {
                HttpPost post = new HttpPost(base.resolve("/file/v1/files"));
                post.setHeader("Authorization", "Bearer " + token);
                String reference = UUID.randomUUID().toString();
                post.setEntity(MultipartEntityBuilder.create()
                        .addPart("payload", new FileBody(f.toFile(), ContentType.APPLICATION_XML, f.getFileName().toString()))
                        .addTextBody("documentType", "Invoice").addTextBody("sendMode", "Test")
                        .addTextBody("sendingCompanyId", ACME).addTextBody("senderReference", reference).build());
                int status = client.execute(post, r -> {
                    EntityUtils.consume(r.getEntity());
                    return r.getCode();
                });
                if (status >= 300) {
                    throw new IllegalStateException("upload answered " + status);
                }
                if (journal) {
                    log.write(ByteBuffer.wrap((f.getFileName() + " " + reference + " SENT\n").getBytes(StandardCharsets.UTF_8)));
                    log.force(false);
                }
                Files.move(f, sent.resolve(f.getFileName()));
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** The demo invoice, made about {@code size} bytes long with a comment (still the same valid invoice). */
    private static String padded(String xml, int size) {
        int missing = size - xml.getBytes(StandardCharsets.UTF_8).length;
        if (missing <= 20) {
            return xml;
        }
        int end = xml.indexOf("?>") + 2;
        return xml.substring(0, end) + "\n<!-- " + "x".repeat(missing - 10) + " -->" + xml.substring(end);
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".xml")).count();
        }
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
