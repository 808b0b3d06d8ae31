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
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account with {@code csv = true} sends a CSV invoice dropped into its outbox: it reaches the emulator as Peppol
 * BIS 3 UBL and is routed to its receiver; the CSV and the UBL it became are kept side by side in {@code sent/}; a
 * broken CSV goes to {@code error/} with its line and column. {@code convert} and {@code check} do the same without
 * a runtime.
 */
class CsvInvoiceIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path EXAMPLE = Path.of("../../bundles/format-csv/example/invoice.csv");

    @TempDir
    Path folder;

    @Test
    void aCsvInvoiceDroppedIntoTheOutboxArrivesAsUblAtItsReceiver() throws Exception {
        Path emulatorData = folder.resolve("emulator");
        Process emulator = EmulatorProcess.start("--data", emulatorData.toString(), "--port", "0");
        try (Installation sc = Installation.in(folder)) {
            URI base = URI.create(EmulatorProcess.awaitUrl(emulator));
            Files.createDirectories(sc.etc());
            sc.acmeSendsToGlobex(base, emulatorData, "csv = true", "csv.separator = auto", "csv.decimal = .");
            sc.run();
            Path outbox = sc.home().resolve("accounts/acme/outbox");
            Files.copy(EXAMPLE, outbox.resolve(".invoice.csv.part"));
            Files.move(outbox.resolve(".invoice.csv.part"), outbox.resolve("invoice.csv"));
            Files.writeString(outbox.resolve("broken.csv"), Files.readString(EXAMPLE).replace(",10,HUR,", ",ten,HUR,"));

            String received = sc.awaitHttp("/api/v1/accounts/globex/documents?state=ACKNOWLEDGED", "ACME-CSV-1001", WAIT);
            assertTrue(received.contains("\"invoice\" : \"ACME-CSV-1001\""), received);
            Path inbox = sc.home().resolve("accounts/globex/inbox");
            List<Path> arrived;
            try (var s = Files.list(inbox)) {
                arrived = s.filter(p -> p.getFileName().toString().startsWith("ACME-CSV-1001")).toList();
            }
            assertEquals(1, arrived.size(), arrived.toString());
            String ubl = Files.readString(arrived.get(0));
            assertTrue(ubl.contains("urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0")
                    && ubl.contains("<cbc:PayableAmount currencyID=\"SEK\">18132.82</cbc:PayableAmount>"), ubl);

            sc.awaitHttp("/api/v1/history?invoice=ACME-CSV-1001", "PROCESSED", WAIT);
            Path sent = sc.home().resolve("accounts/acme/sent");
            assertTrue(Files.exists(sent.resolve("invoice.csv")), "the CSV original is kept");
            assertEquals(ubl, Files.readString(sent.resolve("invoice.xml")), "beside the UBL that was sent");
            HttpClient control = EmulatorProcess.trusting(emulatorData.resolve("emulator-truststore.p12"));
            String uploads = control.send(HttpRequest.newBuilder(base.resolve("/emulator/uploads")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(uploads.matches("(?s).*\"fileName\":\"sc_[0-9a-f]+_ACME_CSV_1001\\.xml\".*"),
                    "uploaded as UBL, under a name with its reference and number: " + uploads);
            assertTrue(!uploads.contains("broken"), "the broken file never left: " + uploads);

            Path reason = sc.home().resolve("accounts/acme/error/broken.csv.error.txt");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!Files.exists(reason) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(Files.readString(reason).contains("broken.csv: line 2, column 26 (Quantity): 'ten' is not a number"),
                    Files.readString(reason));
            // the command to put it back, whole: it works as copied
            assertTrue(Files.readString(reason).contains("\n    " + sc.dist().toRealPath().resolve("bin/serverconnect") + " --home "
                    + sc.home().toRealPath() + " requeue acme broken.csv\n"), Files.readString(reason));

            // without a runtime
            Installation.Result check = sc.cli("check", EXAMPLE.toString());
            assertEquals(0, check.exit(), check.toString());
            assertTrue(check.out().contains("ok - Peppol BIS Billing 3 invoice ACME-CSV-1001 of 2026-11-28, SEK 18132.82"),
                    check.out());
            Installation.Result refused = sc.cli("check", sent.resolve("../error/broken.csv").normalize().toString());
            assertEquals(1, refused.exit(), refused.toString());
            Path out = folder.resolve("converted.xml");
            Installation.Result convert = sc.cli("convert", EXAMPLE.toString(), "-o", out.toString());
            assertEquals(0, convert.exit(), convert.toString());
            assertEquals(ubl, Files.readString(out), "the same UBL as the runtime made");
        } finally {
            emulator.destroy();
        }
    }
}
