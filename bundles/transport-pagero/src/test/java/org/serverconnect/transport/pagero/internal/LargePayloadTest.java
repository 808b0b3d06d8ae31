package org.serverconnect.transport.pagero.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** A 200 MB invoice is streamed from disk: the transport sends it from a JVM limited to 64 MB of heap. */
class LargePayloadTest {

    @TempDir
    Path tmp;

    @Test
    void aTwoHundredMegabytePayloadIsSentWithSixtyFourMegabytesOfHeap() throws Exception {
        long size = 200L * 1024 * 1024;
        Path file = tmp.resolve("big.xml");
        String inv = EmulatorFixture.invoice("BIG-1", "5560000001");
        int cut = inv.indexOf("</Invoice>");
        char[] filler = new char[64 * 1024];
        Arrays.fill(filler, 'A');
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(inv, 0, cut);
            w.write("<cbc:Note>");
            for (long written = 0; written < size; written += filler.length) {
                w.write(filler);
            }
            w.write("</cbc:Note></Invoice>\n");
        }
        try (EmulatorFixture pagero = new EmulatorFixture(tmp.resolve("emulator"), 300L * 1024 * 1024)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    BigUpload.class.getName(), pagero.url().toString(), pagero.truststore().toString(), file.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(5, TimeUnit.MINUTES));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("sent ") && out.contains("max heap"), out);
            JsonNode upload = pagero.get("/emulator/uploads").get(0);
            assertEquals(Files.size(file), upload.path("size").asLong(), "every byte arrived");
            System.out.println("FIGURE transport: " + Files.size(file) / (1024 * 1024) + " MB sent by a -Xmx64m JVM: "
                    + out.lines().filter(l -> l.startsWith("sent")).findFirst().orElse(""));
        }
    }
}
