package org.serverconnect.pagero.emulator.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.ssl.SSLContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Uploads per second of 10 KB invoices to the emulator over HTTPS, at 1 and at 8 concurrent clients, beside a
 * baseline: a bare JDK HTTPS server with the same certificate that reads the request and answers 201 (a sink that
 * does nothing else). Client: HttpClient 5 classic, pooled, keep-alive, verified TLS. Not part of the test command:
 *
 * <pre>mvn -B -pl bundles/pagero-emulator -am -Pbenchmark test -Dtest=EmulatorBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class EmulatorBenchmark {
    private static final long PHASE_MILLIS = Long.getLong("bench.millis", 8000);
    private static final long WARMUP_MILLIS = Long.getLong("bench.warmup", 3000);

    @TempDir
    Path data;

    @Test
    void uploadsPerSecond() throws Exception {
        byte[] invoice = tenKilobyteInvoice();
        PageroEmulator emulator = PageroEmulator.start(ContractTestSupport.config(100L * 1024 * 1024), data,
                "127.0.0.1", 0, true);
        Path trust = data.resolve(Certificates.TRUSTSTORE);
        HttpsServer sink = sink(data);
        URI sinkUrl = URI.create("https://127.0.0.1:" + sink.getAddress().getPort());
        List<String> lines = new ArrayList<>();
        try (CloseableHttpClient http = client(trust)) {
            String token = token(http, emulator.baseUrl());
            run(http, emulator.baseUrl(), token, invoice, 8, WARMUP_MILLIS);
            run(http, sinkUrl, token, invoice, 8, WARMUP_MILLIS);
            for (int clients : new int[] { 1, 8 }) {
                double sinkRate = run(http, sinkUrl, token, invoice, clients, PHASE_MILLIS);
                double emuRate = run(http, emulator.baseUrl(), token, invoice, clients, PHASE_MILLIS);
                lines.add(String.format(Locale.ROOT, "| %7d | %18.0f | %14.0f | %5.2f |", clients, emuRate, sinkRate,
                        emuRate / sinkRate));
            }
        } finally {
            sink.stop(0);
            emulator.close();
        }
        System.out.println();
        System.out.println("Emulator uploads of 10 KB invoices over HTTPS (" + PHASE_MILLIS / 1000 + " s per phase, "
                + Runtime.getRuntime().availableProcessors() + " cores, client and server in one JVM)");
        System.out.println("| clients | emulator uploads/s | sink uploads/s | ratio |");
        System.out.println("| ------- | ------------------ | -------------- | ----- |");
        lines.forEach(System.out::println);
    }

    private static double run(CloseableHttpClient http, URI base, String token, byte[] invoice, int clients,
            long millis) throws Exception {
        AtomicBoolean go = new AtomicBoolean(true);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        long run = start;                           // file names are unique across runs too
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                long n = 0;
                while (go.get()) {
                    HttpPost post = new HttpPost(base.resolve("/file/v1/files"));
                    post.setHeader("Authorization", "Bearer " + token);
                    HttpEntity entity = MultipartEntityBuilder.create()
                            .addBinaryBody("payload", invoice, ContentType.APPLICATION_XML, "bench_" + run + "_" + client + "_" + n + ".xml")
                            .addTextBody("documentType", "Invoice").addTextBody("sendMode", "Test")
                            .addTextBody("sendingCompanyId", ContractTestSupport.ACME)
                            .addTextBody("senderReference", "bench-" + client + "-" + n++).build();
                    post.setEntity(entity);
                    int status = http.execute(post, r -> {
                        EntityUtils.consume(r.getEntity());
                        return r.getCode();
                    });
                    (status == 201 ? done : failed).incrementAndGet();
                }
                return null;
            }));
        }
        Thread.sleep(millis);
        go.set(false);
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (failed.get() > 0) {
            throw new AssertionError(failed.get() + " uploads failed against " + base);
        }
        return done.get() / seconds;
    }

    private static CloseableHttpClient client(Path trust) throws Exception {
        SSLContext ssl = SSLContexts.custom().loadTrustMaterial(trust.toFile(), Certificates.PASSWORD).build();
        PoolingHttpClientConnectionManager cm = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(ssl)).setMaxConnTotal(16).setMaxConnPerRoute(16)
                .build();
        return HttpClients.custom().setConnectionManager(cm).build();
    }

    private static String token(CloseableHttpClient http, URI base) throws Exception {
        HttpPost post = new HttpPost(base.resolve("/oauth/v2/oauth-token"));
        post.setHeader("Authorization", EmulatorClient.basic("c1", "s1"));
        post.setEntity(new org.apache.hc.core5.http.io.entity.StringEntity(
                "grant_type=password&username=acme&password=pw-a", ContentType.APPLICATION_FORM_URLENCODED));
        String body = http.execute(post, r -> EntityUtils.toString(r.getEntity()));
        return EmulatorClient.JSON.readTree(body).get("access_token").asText();
    }

    /** A UBL invoice of about 10 KB, routed to Globex. */
    private static byte[] tenKilobyteInvoice() {
        String base = new String(EmulatorClient.ublInvoice("BENCH-1", "0007", "5560000001"), StandardCharsets.UTF_8);
        StringBuilder lines = new StringBuilder();
        int i = 0;
        while (base.length() + lines.length() < 10_000) {
            lines.append(" <cac:InvoiceLine><cbc:ID>").append(++i).append("</cbc:ID><cbc:InvoicedQuantity unitCode=\"EA\">2</cbc:InvoicedQuantity>")
                    .append("<cbc:LineExtensionAmount currencyID=\"SEK\">100.00</cbc:LineExtensionAmount>")
                    .append("<cac:Item><cbc:Name>Widget ").append(i).append("</cbc:Name></cac:Item></cac:InvoiceLine>\n");
        }
        return base.replace("</Invoice>", lines + "</Invoice>").getBytes(StandardCharsets.UTF_8);
    }

    /** The baseline: reads the whole request, answers 201 with a small JSON body. Same certificate, 16 threads. */
    private static HttpsServer sink(Path data) throws Exception {
        SSLContext ssl = Certificates.serverContext(data);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        byte[] answer = "{\"id\":\"sink\"}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(201, answer.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
        Files.createDirectories(data);
        return server;
    }
}
