package org.serverconnect.config.xml.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A change of the watched file is signalled at once; with nothing signalled, it is looked at on the fallback. */
class FileWatchTest {
    @TempDir
    Path dir;

    @Test
    void aChangeOfTheFileIsSignalledLongBeforeTheFallback() throws Exception {
        Path file = dir.resolve("serverconnect.xml");
        Semaphore changes = new Semaphore(0);
        try (FileWatch w = new FileWatch(file, Duration.ofHours(1), changes::release, "test-watch")) {
            Files.writeString(file, "<serverconnect/>");
            assertTrue(changes.tryAcquire(20, TimeUnit.SECONDS), "created: signalled");
            changes.drainPermits();
            Files.writeString(dir.resolve("other.xml"), "x");
            Files.writeString(file, "<serverconnect></serverconnect>");
            assertTrue(changes.tryAcquire(20, TimeUnit.SECONDS), "changed: signalled");
            changes.drainPermits();
            Files.delete(file);
            assertTrue(changes.tryAcquire(20, TimeUnit.SECONDS), "removed: signalled");
        }
    }

    @Test
    void withNothingSignalledTheFileIsLookedAtOnTheFallback() throws Exception {
        Semaphore looks = new Semaphore(0);
        try (FileWatch w = new FileWatch(dir.resolve("serverconnect.xml"), Duration.ofMillis(100), looks::release,
                "test-watch")) {
            assertTrue(looks.tryAcquire(3, 20, TimeUnit.SECONDS), "three looks without any change");
        }
    }
}
