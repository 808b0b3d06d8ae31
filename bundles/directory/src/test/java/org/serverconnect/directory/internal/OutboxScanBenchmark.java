package org.serverconnect.directory.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.document.OutboxSettings;
import org.serverconnect.api.document.OutboxSettings.Pickup;

/**
 * Time to find the ready files among 100,000 in an outbox (one run's poll of 100), beside the bare cost of listing
 * the folder's names in the same process. Not part of the test command:
 *
 * <pre>mvn -B -pl bundles/directory -am -Pbenchmark test -Dtest=OutboxScanBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class OutboxScanBenchmark {
    private static final int FILES = Integer.getInteger("bench.files", 100_000);

    @TempDir
    Path root;

    @Test
    void findReadyFilesAmongManyThousands() throws Exception {
        Path outbox = Files.createDirectories(root.resolve("outbox"));
        long t0 = System.nanoTime();
        for (int i = 0; i < FILES; i++) {
            Files.writeString(outbox.resolve(String.format("invoice-%06d.xml", i)), "<Invoice/>");
        }
        System.out.printf(Locale.ROOT, "created %,d files in %.1f s%n", FILES, (System.nanoTime() - t0) / 1e9);
        for (Pickup.Kind kind : List.of(Pickup.Kind.RENAME, Pickup.Kind.STABLE)) {
            OutboxSettings s = new OutboxSettings("bench", outbox, root.resolve("work"), root.resolve("sent"),
                    root.resolve("error"), null, new Pickup(kind, Duration.ZERO, Duration.ZERO), List.of("*.xml"),
                    List.of(), Map.of());
            try (DirectoryOutbox o = new DirectoryOutbox(s, Clock.systemUTC())) {
                for (int warm = 0; warm < 3; warm++) {
                    o.poll(100);
                    bareListing(outbox);
                }
                int runs = 10;
                long pollNanos = 0;
                long listNanos = 0;
                long statNanos = 0;
                int found = 0;
                for (int r = 0; r < runs; r++) {
                    long a = System.nanoTime();
                    found = o.poll(100).size();
                    long b = System.nanoTime();
                    bareListing(outbox);
                    long c = System.nanoTime();
                    listingWithAttributes(outbox);
                    long d = System.nanoTime();
                    pollNanos += b - a;
                    listNanos += c - b;
                    statNanos += d - c;
                }
                System.gc();
                long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                System.out.printf(Locale.ROOT, "| %-6s | %,7d files | poll(100) %6.1f ms (found %d) | names only %6.1f ms | names + size/mtime %6.1f ms | poll / names+attrs %4.2f | heap after %5.1f MB |%n",
                        kind, FILES, pollNanos / 1e6 / runs, found, listNanos / 1e6 / runs, statNanos / 1e6 / runs,
                        (double) pollNanos / statNanos, heap / 1e6);
            }
        }
    }

    /** The least any readiness check must do: list the folder and read each file's size and modification time. */
    private static long listingWithAttributes(Path dir) throws IOException {
        long sum = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(p,
                        java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                sum += a.size() + a.lastModifiedTime().toMillis();
            }
        }
        return sum;
    }

    private static int bareListing(Path dir) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                n += p.getFileName().toString().length() > 0 ? 1 : 0;
            }
        }
        return n;
    }
}
