package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability proof with a disk that is really full: Globex's inbox is a small tmpfs
 * filled to the last byte, so writing a received document fails with "No space left on device" from the kernel.
 * Nothing is acknowledged that is not on disk, no half-written file is left, the account's status and a mail say
 * what happened, and once space returns every document arrives once. Mounting needs root (as CI runs here); the
 * read-only inbox of {@link ReliabilityIT} covers the same promise for any user.
 */
class FullInboxIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int DOCUMENTS = 3;

    @TempDir
    Path folder;

    @Test
    void aFullInboxGetsNothingAcknowledgedAndEverythingArrivesOnceSpaceReturns() throws Exception {
        Path inbox = Files.createDirectories(folder.resolve("globex-inbox"));
        assumeTrue(mount(inbox), "mounting a tmpfs for a full disk needs root (CAP_SYS_ADMIN)");
        try (Emulator emulator = Emulator.start(folder.resolve("emulator")); Installation sc = Installation.in(folder)) {
            Files.createDirectories(sc.etc());
            sc.acmeSendsToGlobex(emulator.base, emulator.data);
            Files.writeString(sc.etc().resolve("org.serverconnect.notify.maildrop-drop.cfg"),
                    "folder = " + folder.resolve("mail") + "\nfrom = sc@globex.example\n");
            Files.writeString(sc.etc().resolve("org.serverconnect.account-globex.cfg"), String.join("\n",
                    "connection = globex_c", "company = " + Installation.GLOBEX, "send = false", "inbox = " + inbox,
                    "receive.schedule = every 1s", "notify = drop", "notify.to = ops@globex.example", ""));
            sc.run();
            String password = sc.setting("felix.webconsole.password");

            // the disk fills up to the last byte
            Path filler = inbox.resolve(".filler");
            IOException full = assertThrows(IOException.class, () -> {
                try (OutputStream out = Files.newOutputStream(filler)) {
                    byte[] block = new byte[4096];
                    while (true) {
                        out.write(block);
                        out.flush();
                    }
                }
            });
            assertTrue(String.valueOf(full.getMessage()).contains("No space left"), full.toString());

            for (int i = 1; i <= DOCUMENTS; i++) {
                emulator.incoming(Installation.GLOBEX, sc.sampleInvoice("FULL-" + i));
            }
            String status = sc.awaitHttp("/api/v1/accounts/globex", "LOCAL_ERROR", WAIT);
            assertTrue(status.contains("No space left on device"), "the status says why: " + status);
            sc.awaitRuns("globex", "receive", 3, WAIT);                // several receive runs against the full disk
            String acknowledged = sc.httpGet("/api/v1/accounts/globex/documents?state=ACKNOWLEDGED&limit=1000", "admin",
                    password).body();
            assertTrue(!acknowledged.contains("FULL-"), "nothing acknowledged that is not on disk: " + acknowledged);
            assertEquals(List.of(".filler"), names(inbox), "no half-written document is left in the inbox");
            assertTrue(Installation.textOfFilesUnder(folder.resolve("mail")).contains("No space left on device"), "a mail told Globex's people");

            // space returns: everything arrives, each once, and the account is well again
            Files.delete(filler);
            sc.awaitHttp("/metrics", "serverconnect_documents{account=\"globex\",state=\"ACKNOWLEDGED\"} " + DOCUMENTS + ".0",
                    WAIT);
            List<String> arrived = names(inbox);
            assertEquals(DOCUMENTS, arrived.size(), "each document once: " + arrived);
            for (int i = 1; i <= DOCUMENTS; i++) {
                String number = "FULL-" + i + "_";
                assertTrue(arrived.stream().anyMatch(n -> n.startsWith(number)), number + " in " + arrived);
            }
            sc.awaitHttp("/api/v1/accounts/globex", "\"status\" : \"ONLINE\"", WAIT);
        } finally {
            new ProcessBuilder("umount", "-l", inbox.toString()).inheritIO().start().waitFor();
        }
    }

    /** Mounts a 256 KB tmpfs on {@code dir}; false when this user may not. */
    private static boolean mount(Path dir) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", dir.toString())
                .inheritIO().start();
        return p.waitFor() == 0;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

}
