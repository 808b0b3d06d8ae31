package org.serverconnect.transport.pagero.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.transport.SendRequest;

/** Upload names by Pagero's file name rules, and the payload labelled with the encoding it declares. */
class UploadNamesTest {
    @TempDir
    Path tmp;

    private static SendRequest request(String reference, String fileName, String number) {
        return new SendRequest(reference, Path.of("x"), fileName, "company", null, null, number);
    }

    @Test
    void theNameCarriesTheReferenceAndTheNumberInTheCharactersPageroAllows() {
        assertEquals("sc_4f9c_INV_2024_0042.xml", UploadNames.of(request("sc-4f9c", "faktura 42.xml", "INV-2024/0042")));
        assertEquals("sc_4f9c_Faktura_Muller.xml", UploadNames.of(request("sc-4f9c", "Faktura Müller ø?.xml", null)),
                "without a number, the file's own name, accents dropped and reserved characters replaced");
        assertEquals("sc_1.xml", UploadNames.of(request("sc-1", "***.xml", null)));
        String longName = UploadNames.of(request("sc-1", "x".repeat(300) + ".xml", null));
        assertTrue(longName.length() < 80, longName);
        for (String name : new String[] { UploadNames.of(request("a:b", "c;d,e=f|g.h.xml", "<1>")),
                UploadNames.of(request("ref", "\u6f22\u5b57.xml", null)) }) {
            assertTrue(name.matches("[A-Za-z0-9_]+\\.xml"), name);
        }
    }

    @Test
    void thePayloadIsLabelledWithTheEncodingItDeclares() throws Exception {
        assertEquals("application/xml; charset=UTF-8", label("<?xml version=\"1.0\"?><Invoice/>"));
        assertEquals("application/xml; charset=ISO-8859-1",
                label("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><Invoice>\u00e4</Invoice>"));
        assertEquals("application/xml; charset=UTF-8", label("\uFEFF<Invoice/>"));
        assertEquals("application/xml", label("<?xml version='1.0' encoding='x-unknown-42'?><Invoice/>"),
                "an encoding this JVM does not know is not named");
    }

    private String label(String content) throws Exception {
        Path f = tmp.resolve("f.xml");
        Files.write(f, content.getBytes(content.contains("8859") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
        return UploadNames.contentType(f).toString();
    }
}
