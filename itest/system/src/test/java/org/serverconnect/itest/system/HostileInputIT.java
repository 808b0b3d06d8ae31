package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hostile file of {@code testdata/bad/} dropped into an outbox ends as testdata/bad/README.md says: the two valid ones (UTF-16 with BOM, a name full of spaces and non-ASCII letters) are sent with their
 * names intact; every other one lands in {@code error/} with a reason, never reaches the network and never makes the
 * runtime read a local file; and the runtime goes on sending for this and the other account.
 */
class HostileInputIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Set<String> VALID = Set.of("utf16le-bom-invoice.xml", "Fäktura nr 1 – ÅÄÖ ü €.xml");
    /** The corpus README allows both: sent with the include left as text, or refused. */
    private static final String EITHER = "xinclude-local-file.xml";

    @TempDir
    Path folder;

    @Test
    void everyHostileFileEndsAsTheCorpusSaysAndNothingElseIsDisturbed() throws Exception {
        Path bad = Path.of(System.getProperty("testdata"), "bad");
        List<Path> files;
        try (Stream<Path> s = Files.list(bad)) {
            files = s.filter(p -> !p.getFileName().toString().equals("README.md")).sorted().toList();
        }
        assertEquals(23, files.size(), "the corpus's hostile files");
        Path emulatorData = folder.resolve("emulator");
        Process emulator = EmulatorProcess.start("--data", emulatorData.toString(), "--port", "0");
        try (Installation sc = Installation.in(folder)) {
            URI base = URI.create(EmulatorProcess.awaitUrl(emulator));
            Files.createDirectories(sc.etc());
            sc.acmeSendsToGlobex(base, emulatorData);
            sc.run();
            Path outbox = sc.home().resolve("accounts/acme/outbox");
            for (Path f : files) {
                Path tmp = outbox.resolve(".dropping.part");
                Files.copy(f, tmp);
                Files.move(tmp, outbox.resolve(f.getFileName().toString()));
            }
            Path sent = sc.home().resolve("accounts/acme/sent");
            Path error = sc.home().resolve("accounts/acme/error");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline && (names(sent).size() + names(error).size()
                    - names(error).stream().filter(n -> n.endsWith(".error.txt")).count()) < files.size()) {
                Thread.sleep(250);
            }
            List<String> problems = new ArrayList<>();
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean wasSent = Files.exists(sent.resolve(name));
                boolean refused = Files.exists(error.resolve(name));
                if (VALID.contains(name) && !wasSent) {
                    problems.add(name + " is valid and should have been sent");
                } else if (!VALID.contains(name) && !name.equals(EITHER) && !refused) {
                    problems.add(name + " should be in error/");
                } else if (refused && Files.readString(error.resolve(name + ".error.txt")).isBlank()) {
                    problems.add(name + " has no reason");
                }
            }
            assertTrue(problems.isEmpty(), problems + "\nsent " + names(sent) + "\nerror " + names(error));

            HttpClient control = EmulatorProcess.trusting(emulatorData.resolve("emulator-truststore.p12"));
            String uploads = control.send(HttpRequest.newBuilder(base.resolve("/emulator/uploads")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!VALID.contains(name) && !name.equals(EITHER)) {
                    assertTrue(!uploads.contains(name), name + " reached the network: " + uploads);
                }
            }
            java.util.regex.Matcher names = java.util.regex.Pattern.compile("\"fileName\":\"([^\"]*)\"").matcher(uploads);
            int uploaded = 0;
            while (names.find()) {
                uploaded++;
                assertTrue(names.group(1).matches("sc_[0-9a-f]+_[A-Za-z0-9_]+\\.xml"),
                        "every upload is named in the characters Pagero allows, with its reference: " + names.group(1));
            }
            assertTrue(uploaded > 0, "something was uploaded: " + uploads);
            String hostname = Files.readString(Path.of("/etc/hostname")).strip();
            String journal = new String(Files.readAllBytes(sc.home().resolve("data/journal.db")),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            if (hostname.length() >= 6) {      // a short host name could occur anywhere by chance
                assertTrue(!journal.contains(hostname) && !uploads.contains(hostname), "a local file was read: " + hostname);
            }

            // the runtime goes on: a normal invoice afterwards is sent and received
            Path tmp = outbox.resolve(".after.part");
            Files.writeString(tmp, sc.sampleInvoice("AFTER-1"));
            Files.move(tmp, outbox.resolve("after.xml"));
            sc.awaitHttp("/api/v1/accounts/globex/documents?state=ACKNOWLEDGED", "AFTER-1", WAIT);
            assertTrue(sc.cli("status").out().contains("account acme: ONLINE"), sc.cli("status").out());
        } finally {
            emulator.destroy();
        }
    }

    private static List<String> names(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }
}
