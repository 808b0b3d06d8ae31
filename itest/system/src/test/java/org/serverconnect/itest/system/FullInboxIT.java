package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3 of the reliability proof (issue 12) with a disk that is really full: Globex's inbox is a small tmpfs
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
        Path emulatorData = folder.resolve("emulator");
        Process emulator = EmulatorProcess.start("--data", emulatorData.toString(), "--port", "0");
        try (Installation sc = Installation.in(folder)) {
            URI base = URI.create(EmulatorProcess.awaitUrl(emulator));
            HttpClient control = EmulatorProcess.trusting(emulatorData.resolve("emulator-truststore.p12"));
            Files.createDirectories(sc.etc());
            sc.acmeSendsToGlobex(base, emulatorData);
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
                post(control, base, "/emulator/companies/" + Installation.GLOBEX + "/incoming", sc.sampleInvoice("FULL-" + i));
            }
            String status = sc.awaitHttp("/api/v1/accounts/globex", "LOCAL_ERROR", WAIT);
            assertTrue(status.contains("No space left on device"), "the status says why: " + status);
            Installation.sleep(3000);                  // several receive runs against the full disk
            String acknowledged = sc.httpGet("/api/v1/accounts/globex/documents?state=ACKNOWLEDGED&limit=1000", "admin",
                    password).body();
            assertTrue(!acknowledged.contains("FULL-"), "nothing acknowledged that is not on disk: " + acknowledged);
            assertEquals(List.of(".filler"), names(inbox), "no half-written document is left in the inbox");
            assertTrue(mails(folder.resolve("mail")).contains("No space left on device"), "a mail told Globex's people");

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
            emulator.destroy();
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

    private static String mails(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        StringBuilder all = new StringBuilder();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    private static void post(HttpClient c, URI base, String path, String body) throws Exception {
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), path + ": " + r.body());
    }
}
