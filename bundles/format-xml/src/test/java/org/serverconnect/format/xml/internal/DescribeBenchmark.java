package org.serverconnect.format.xml.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import javax.xml.stream.XMLStreamReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.ctc.wstx.stax.WstxInputFactory;

/**
 * Describe throughput over the corpus (MB/s), beside the bare cost of one Woodstox pass over the same bytes, and the
 * heap used while describing a 200 MB invoice (a large embedded attachment). Not part of the test command:
 *
 * <pre>mvn -B -pl bundles/format-xml -am -Pbenchmark test -Dtest=DescribeBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class DescribeBenchmark {

    @TempDir
    Path tmp;

    @Test
    void throughputAndMemory() throws Exception {
        List<byte[]> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CorpusTest.corpus().resolve("invoices"))) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().toLowerCase(Locale.ROOT).endsWith(".xml"))::iterator) {
                docs.add(Files.readAllBytes(p));
            }
        }
        long bytes = docs.stream().mapToLong(d -> d.length).sum();
        for (int warm = 0; warm < 5; warm++) {
            describeAll(docs);
            bareAll(docs);
        }
        int rounds = 20;
        long describe = 0;
        long bare = 0;
        for (int r = 0; r < rounds; r++) {
            long a = System.nanoTime();
            describeAll(docs);
            long b = System.nanoTime();
            bareAll(docs);
            long c = System.nanoTime();
            describe += b - a;
            bare += c - b;
        }
        double mb = bytes * rounds / 1e6;
        System.out.printf(Locale.ROOT, "corpus: %d files, %.1f MB; describe %.0f MB/s; bare Woodstox pass %.0f MB/s; ratio %.2f%n",
                docs.size(), bytes / 1e6, mb / (describe / 1e9), mb / (bare / 1e9), (double) bare / describe);

        Path big = bigInvoice(tmp.resolve("big.xml"), 200L * 1024 * 1024);
        System.gc();
        long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(before);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long t0 = System.nanoTime();
        InvoiceReader.Reading r;
        try (InputStream in = Files.newInputStream(big)) {
            r = InvoiceReader.read(in);
        }
        long t1 = System.nanoTime();
        running.set(false);
        sampler.join();
        System.out.printf(Locale.ROOT, "200 MB invoice: %s, number %s, %.1f s (%.0f MB/s); heap before %.1f MB, peak %.1f MB (max heap %.0f MB)%n",
                r.problem() == null ? "described" : "REFUSED " + r.problem(), r.get("number"), (t1 - t0) / 1e9,
                Files.size(big) / 1e6 / ((t1 - t0) / 1e9), before / 1e6, peak.get() / 1e6,
                Runtime.getRuntime().maxMemory() / 1e6);
    }

    private static void describeAll(List<byte[]> docs) throws IOException {
        for (byte[] d : docs) {
            InvoiceReader.Reading r = InvoiceReader.read(new java.io.ByteArrayInputStream(d));
            if (r.problem() == null) {
                Descriptions.describe(r);
            }
        }
    }

    private static final WstxInputFactory BARE = new WstxInputFactory();

    private static long bareAll(List<byte[]> docs) throws Exception {
        long events = 0;
        for (byte[] d : docs) {
            XMLStreamReader r = BARE.createXMLStreamReader(new java.io.ByteArrayInputStream(d));
            while (r.hasNext()) {
                r.next();
                events++;
            }
            r.close();
        }
        return events;
    }

    /** base-example with a PDF-sized base64 attachment making it about {@code size} bytes, written streaming. */
    private static Path bigInvoice(Path file, long size) throws IOException {
        String base = Files.readString(CorpusTest.corpus().resolve("invoices/peppol-bis-invoice-3/examples/base-example.xml"));
        int cut = base.indexOf("<cac:AccountingSupplierParty>");
        Random random = new Random(1);
        byte[] chunk = new byte[3 * 1024 * 64];
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(base.substring(0, cut));
            w.write("<cac:AdditionalDocumentReference><cbc:ID>big</cbc:ID><cac:Attachment>"
                    + "<cbc:EmbeddedDocumentBinaryObject mimeCode=\"application/pdf\" filename=\"big.pdf\">");
            long written = 0;
            while (written < size) {
                random.nextBytes(chunk);
                String b64 = Base64.getEncoder().encodeToString(chunk);
                w.write(b64);
                written += b64.length();
            }
            w.write("</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>");
            w.write(base.substring(cut));
        }
        return file;
    }
}
