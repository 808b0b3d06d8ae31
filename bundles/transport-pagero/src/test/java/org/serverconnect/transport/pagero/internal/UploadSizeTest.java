package org.serverconnect.transport.pagero.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.transport.SendRequest;
import org.serverconnect.api.transport.TransportException;
import org.serverconnect.api.transport.TransportException.Outcome;

/**
 * A file larger than the connection uploads is refused before a byte of it is sent, and what the network refuses
 * reads as a sentence with the network's own words, not as raw JSON.
 */
class UploadSizeTest {

    @TempDir
    Path tmp;

    /** A valid invoice padded with a comment to at least {@code bytes}. */
    private Path invoiceOf(String name, long bytes) throws Exception {
        String xml = EmulatorFixture.invoice("BIG-1", "5560000001");
        Path f = tmp.resolve(name);
        Files.writeString(f, xml.replace("</Invoice>", "<!--" + "x".repeat((int) bytes) + "--></Invoice>"));
        return f;
    }

    @Test
    void aFileLargerThanTheConnectionsLimitIsNotUploaded() throws Exception {
        try (EmulatorFixture pagero = new EmulatorFixture(tmp.resolve("emulator"), 100L << 20)) {
            PageroSettings s = pagero.settings("acme", "pw-a", Duration.ofSeconds(5));
            PageroSettings limited = new PageroSettings(s.name(), s.apiUrl(), s.ssoUrl(), s.clientId(), s.clientSecret(),
                    s.username(), s.password(), s.companies(), s.sendMode(), s.connectTimeout(), s.readTimeout(),
                    s.maxConnections(), s.truststore(), s.truststorePassword(), null, null, null,
                    PageroSettings.MAX_DOCUMENT_BYTES, 1 << 20);
            try (PageroConnection acme = new PageroConnection(limited)) {
                Path big = invoiceOf("big.xml", 2 << 20);
                TransportException e = assertThrows(TransportException.class,
                        () -> acme.send(new SendRequest("size-1", big, "big.xml", EmulatorFixture.ACME, null, null, null)));
                assertEquals(Outcome.FINAL, e.outcome());
                assertEquals(0, e.httpStatus(), "refused here, not by the network");
                assertEquals("big.xml was not uploaded: it is 2 MB, larger than the 1 MB connection test uploads "
                        + "(maxUploadSize)", e.getMessage());
                assertEquals(0, pagero.get("/emulator/uploads").size(), "nothing reached the network");

                Path small = invoiceOf("small.xml", 1000);
                assertFalse(acme.send(new SendRequest("size-2", small, "small.xml", EmulatorFixture.ACME, null, null, null))
                        .fileId().isEmpty(), "a file within the limit is sent");
            }
        }
    }

    @Test
    void aRefusalFromTheNetworkReadsAsASentence() throws Exception {
        try (EmulatorFixture pagero = new EmulatorFixture(tmp.resolve("emulator"), 64 * 1024);
                PageroConnection acme = new PageroConnection(pagero.settings("acme", "pw-a", Duration.ofSeconds(5)))) {
            Path big = invoiceOf("big.xml", 100 * 1024);
            TransportException e = assertThrows(TransportException.class,
                    () -> acme.send(new SendRequest("size-3", big, "big.xml", EmulatorFixture.ACME, null, null, null)));
            assertEquals(Outcome.FINAL, e.outcome());
            assertEquals(413, e.httpStatus());
            assertTrue(e.getMessage().startsWith("upload big.xml: Pagero Online refused it as too large (HTTP 413): "),
                    e.getMessage());
            assertFalse(e.getMessage().contains("{") || e.getMessage().contains("payload_too_large"),
                    "no raw JSON: " + e.getMessage());
        }
    }

    @Test
    void errorAnswersAreTurnedIntoTheirMessage() {
        assertEquals(": the form is too large", PageroHttp.reason("{\"error\":\"payload_too_large\",\"message\":\"the form is too large\"}"));
        assertEquals(": invalid_grant", PageroHttp.reason("{\"error\":\"invalid_grant\"}"));
        assertEquals(": Bad credentials", PageroHttp.reason("{\"error\":\"invalid_grant\",\"error_description\":\"Bad credentials\"}"));
        assertEquals("", PageroHttp.reason("<html><body>Bad gateway</body></html>"));
        assertEquals(": busy", PageroHttp.reason("busy"));
        assertEquals("", PageroHttp.reason(null));
        assertEquals("Pagero Online had a server error (HTTP 503)", PageroHttp.sentence(503));
        assertEquals("120 MB", PageroHttp.megabytes(120L << 20));
    }
}
