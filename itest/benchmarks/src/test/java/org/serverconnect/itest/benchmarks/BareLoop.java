package org.serverconnect.itest.benchmarks;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.entity.mime.FileBody;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.serverconnect.itest.system.Emulator;

/**
 * Baseline (a) and (b) of the send benchmarks: the shortest correct program an integrator would write for the job —
 * list the outbox, and on {@code threads} threads over as many pooled, verified TLS connections: read each file, post
 * the same multipart request as Server Connect, check the answer, optionally append one fsync'ed journal record, and
 * move the file to {@code sent/}. No checks, no retries, no recovery.
 */
final class BareLoop {
    private BareLoop() {
    }

    /** @return files per second from the first request to the last move */
    static double run(Emulator emulator, String token, String company, Path outbox, Path sent, int threads, boolean journal)
            throws Exception {
        Files.createDirectories(sent);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(outbox)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder
                .create().setTlsSocketStrategy(new DefaultClientTlsStrategy(emulator.ssl())).setMaxConnTotal(threads)
                .setMaxConnPerRoute(threads).build()).build();
                FileChannel log = FileChannel.open(outbox.resolveSibling(outbox.getFileName() + "-journal.log"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (Path f : files) {
                done.add(pool.submit(() -> {
                    send(client, emulator, token, company, f);
                    if (journal) {
                        byte[] record = (f.getFileName() + " SENT\n").getBytes(StandardCharsets.UTF_8);
                        synchronized (log) {
                            log.write(ByteBuffer.wrap(record));
                        }
                        log.force(false);
                    }
                    Files.move(f, sent.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                    return null;
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
            return files.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    static void send(CloseableHttpClient client, Emulator emulator, String token, String company, Path f) throws Exception {
        HttpPost post = new HttpPost(emulator.base.resolve("/file/v1/files"));
        post.setHeader("Authorization", "Bearer " + token);
        post.setEntity(multipart(f, company));
        int status = client.execute(post, r -> {
            EntityUtils.consume(r.getEntity());
            return r.getCode();
        });
        if (status >= 300) {
            throw new IllegalStateException("upload of " + f + " answered " + status);
        }
    }

    /** The request Server Connect's transport makes: the file, its type, the send mode, the company, a reference. */
    static org.apache.hc.core5.http.HttpEntity multipart(Path f, String company) {
        return MultipartEntityBuilder.create()
                .addPart("payload", new FileBody(f.toFile(), ContentType.APPLICATION_XML, f.getFileName().toString()))
                .addTextBody("documentType", "Invoice").addTextBody("sendMode", "Test")
                .addTextBody("sendingCompanyId", company).addTextBody("senderReference", UUID.randomUUID().toString()).build();
    }
}
