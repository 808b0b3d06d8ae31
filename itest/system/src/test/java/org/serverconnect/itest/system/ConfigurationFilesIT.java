package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration files in a running home's {@code etc/} are applied live: writing one creates an instance, editing it
 * changes that instance in place, deleting it removes the instance, and no other instance notices.
 */
class ConfigurationFilesIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path folder;

    @Test
    void writingEditingAndDeletingACfgFileAddsChangesAndRemovesTheInstance() throws Exception {
        try (Installation sc = Installation.in(folder)) {
            sc.run();
            // The default configuration ships a notifier named "log".
            sc.awaitLog("Notifier log active", WAIT);

            Path file = sc.etc().resolve("org.serverconnect.notify.log-ops.cfg");
            Files.writeString(file, "level = INFO\n", StandardCharsets.UTF_8);
            sc.awaitLog("Notifier ops active: LogNotifier[ops, level=INFO, documents=true]", WAIT);

            Files.writeString(file, "level = WARN\ndocuments = false\n", StandardCharsets.UTF_8);
            sc.awaitLog("Notifier ops updated: LogNotifier[ops, level=WARN, documents=false]", WAIT);
            assertNull(sc.findLog("Notifier ops removed"), "a change is applied in place, not by re-creating");

            Files.delete(file);
            sc.awaitLog("Notifier ops removed", WAIT);

            String log = sc.log();
            assertFalse(log.contains("Notifier log updated") || log.contains("Notifier log removed"),
                    "the other notifier was not disturbed:\n" + log);
            assertTrue(sc.cli("status").exit() == 0, "the runtime is still ready");
            sc.terminate();
        }
    }
}
