package org.serverconnect.transport.pagero.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.transport.SendRequest;
import org.serverconnect.api.transport.TransportException;

/** A client certificate (keystore) is presented when the server asks for one; without it the handshake fails. */
class MutualTlsTest {

    @TempDir
    Path tmp;

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("keytool failed: " + out);
        }
    }

    @Test
    void theConfiguredClientCertificateOpensAServerThatDemandsOne() throws Exception {
        Path client = tmp.resolve("client.p12");
        Path cert = tmp.resolve("client.cer");
        Path trust = tmp.resolve("client-trust.p12");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=acme-client",
                "-validity", "30", "-keystore", client.toString(), "-storetype", "PKCS12", "-storepass", "secret", "-keypass", "secret");
        keytool("-exportcert", "-alias", "client", "-keystore", client.toString(), "-storepass", "secret", "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "client", "-file", cert.toString(), "-keystore", trust.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");

        try (EmulatorFixture pagero = new EmulatorFixture(tmp.resolve("emulator"), 1024 * 1024, trust)) {
            Path invoice = EmulatorFixture.write(tmp, "m.xml", EmulatorFixture.invoice("M-1", "5560000001"));
            PageroSettings with = new PageroSettings("mtls", pagero.url(), pagero.url(), "c1", "s1", "acme", "pw-a", List.of(),
                    "Test", Duration.ofSeconds(5), Duration.ofSeconds(5), 2, pagero.truststore(), "changeit", client, "secret",
                    null);
            try (PageroConnection c = new PageroConnection(with)) {
                assertNotNull(c.send(new SendRequest("mtls-1", invoice, "m.xml", EmulatorFixture.ACME, null, null, null)).fileId());
            }
            PageroSettings without = new PageroSettings("nocert", pagero.url(), pagero.url(), "c1", "s1", "acme", "pw-a",
                    List.of(), "Test", Duration.ofSeconds(5), Duration.ofSeconds(5), 2, pagero.truststore(), "changeit", null,
                    null, null);
            try (PageroConnection c = new PageroConnection(without)) {
                TransportException e = assertThrows(TransportException.class,
                        () -> c.send(new SendRequest("mtls-2", invoice, "m.xml", EmulatorFixture.ACME, null, null, null)));
                assertEquals(TransportException.Outcome.RETRY, e.outcome(), e.getMessage());
            }
            // The control API demands the certificate too; the emulator's state file tells what was uploaded.
            long uploads = Files.readAllLines(pagero.data.resolve("state.jsonl")).stream()
                    .filter(l -> l.contains("\"type\":\"upload\"")).count();
            assertEquals(1, uploads, "only the client with its certificate got through");
        }
    }
}
