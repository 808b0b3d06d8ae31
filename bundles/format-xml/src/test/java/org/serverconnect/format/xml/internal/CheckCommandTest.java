package org.serverconnect.format.xml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serverconnect check}: a file larger than a connection uploads is refused beforehand, with the limit. */
class CheckCommandTest {

    @TempDir
    Path tmp;

    private String check(Path file, long maxUpload) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int bad = CheckCommand.run(List.of(file), false, Map.of(), maxUpload, new PrintStream(out, true, StandardCharsets.UTF_8));
        return bad + " " + out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFileLargerThanTheUploadLimitWouldNotBeSent() throws Exception {
        Path sample = CorpusTest.corpus().resolve("invoices/peppol-bis-invoice-3/examples/base-example.xml");
        String xml = Files.readString(sample);
        Path big = tmp.resolve("big.xml");
        Files.writeString(big, xml.replace("</Invoice>", "<!--" + "x".repeat(3 << 20) + "--></Invoice>"));

        String refused = check(big, 2L << 20);
        assertTrue(refused.startsWith("1 " + big + ": REFUSED"), refused);
        assertTrue(refused.contains("error: it is 3 MB, larger than the 2 MB a connection uploads (its maxUploadSize"),
                refused);
        assertEquals("0 " + big + ": ok", check(big, CheckCommand.DEFAULT_MAX_UPLOAD_MB << 20).lines().findFirst()
                .orElseThrow().replaceAll(" - .*", ""));
        assertTrue(check(big, 0).startsWith("0 "), "0: no limit");
    }
}
