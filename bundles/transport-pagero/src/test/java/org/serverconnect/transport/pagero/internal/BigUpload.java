package org.serverconnect.transport.pagero.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.serverconnect.api.transport.SendReceipt;
import org.serverconnect.api.transport.SendRequest;

/** Run in a JVM limited to 64 MB by {@link LargePayloadTest}: sends one file with the transport and prints the file id. */
public final class BigUpload {
    private BigUpload() {
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        PageroSettings s = new PageroSettings("big", url, url, "c1", "s1", "acme", "pw-a", List.of(), "Test",
                Duration.ofSeconds(5), Duration.ofSeconds(120), 2, Path.of(args[1]), "changeit", null, null, null);
        try (PageroConnection c = new PageroConnection(s)) {
            SendReceipt r = c.send(new SendRequest("big-1", Path.of(args[2]), "big.xml", EmulatorFixture.ACME, null, null, null));
            Runtime rt = Runtime.getRuntime();
            System.out.println("sent " + r.fileId() + " max heap " + rt.maxMemory() / (1024 * 1024) + " MB");
        }
    }
}
