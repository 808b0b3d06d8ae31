package org.serverconnect.format.xml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.serverconnect.api.format.CheckLevel;
import org.serverconnect.api.format.CheckResult;
import org.serverconnect.api.format.DocumentDescription;

/** Every file of {@code testdata/bad} is handled as its README says. */
class HostileFilesTest {

    private static InvoiceReader.Reading read(String name) throws IOException {
        try (InputStream in = Files.newInputStream(CorpusTest.corpus().resolve("bad").resolve(name))) {
            return InvoiceReader.read(in);
        }
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "truncated-invoice.xml       | not well-formed",
            "binary-garbage.xml          | not well-formed",
            "invoice.xml.gz              | gzip",
            "not-an-invoice.pdf          | PDF",
            "not-xml-text.xml            | not well-formed",
            "xxe-external-entity.xml     | DOCTYPE",
            "xxe-parameter-entity.xml    | DOCTYPE",
            "xxe-external-dtd.xml        | DOCTYPE",
            "billion-laughs.xml          | DOCTYPE",
            "quadratic-blowup.xml        | DOCTYPE",
            "zero-bytes.xml              | empty",
            "whitespace-only.xml         | white space",
            "xml-declaration-only.xml    | no document element",
            "wrong-namespace-ubl.xml     | not UBL 2",
            "no-namespace-invoice.xml    | without a namespace",
            "unrelated-xml.xml           | not a known e-invoice format",
            "trailing-garbage.xml        | not well-formed",
            "deep-nesting.xml            | deeper than",
            "invalid-utf8-bytes.xml      | UTF-8",
            "utf16be-bom-declared-utf8.xml | encoding" })
    void refusedWithOneClearReason(String file, String reason) throws IOException {
        InvoiceReader.Reading r = read(file.trim());
        assertNotNull(r.problem(), file + " was accepted");
        assertTrue(r.problem().toLowerCase(Locale.ROOT).contains(reason.trim().toLowerCase(Locale.ROOT)),
                file + ": " + r.problem());
        CheckResult check = Descriptions.check(r, CheckLevel.FORMAT);
        assertFalse(check.ok(), "a refused file never passes the check");
    }

    @ParameterizedTest(name = "{0} never reads the local file")
    @CsvSource({ "xxe-external-entity.xml", "xxe-parameter-entity.xml", "xxe-external-dtd.xml", "xinclude-local-file.xml" })
    void entityAndIncludeTricksNeverLeakTheHostName(String file) throws IOException {
        String host = Files.exists(Path.of("/etc/hostname")) ? Files.readString(Path.of("/etc/hostname")).trim()
                : InetAddress.getLocalHost().getHostName();
        InvoiceReader.Reading r = read(file);
        String everything = r.problem() + " " + r.fields() + " " + r.root();
        assertFalse(!host.isBlank() && everything.contains(host), "the host name leaked: " + everything);
    }

    @Test
    void xincludeIsNotProcessedAndTheInvoiceIsReadAsWritten() throws IOException {
        InvoiceReader.Reading r = read("xinclude-local-file.xml");
        assertNull(r.problem(), "well-formed, no DOCTYPE: read as an invoice with an unknown element in a note");
        assertEquals("Snippet1", r.get("number"));
    }

    @Test
    void utf16WithBomIsValidXmlAndReadsLikeTheOriginal() throws IOException {
        assertSameAsBaseExample(read("utf16le-bom-invoice.xml"));
    }

    @Test
    void aFileNameWithSpacesAndNonAsciiLettersIsJustAName() throws IOException {
        assertSameAsBaseExample(read("Fäktura nr 1 – ÅÄÖ ü €.xml"));
    }

    private static void assertSameAsBaseExample(InvoiceReader.Reading r) {
        assertNull(r.problem());
        DocumentDescription d = Descriptions.describe(r);
        assertEquals("PEPPOL_BIS3_UBL", d.format().id());
        assertEquals("Snippet1", d.number());
        assertEquals(LocalDate.of(2017, 11, 13), d.issueDate());
        assertEquals("EUR", d.currency());
        assertEquals(new BigDecimal("1656.25"), d.total());
        assertTrue(Descriptions.check(r, CheckLevel.RULES).ok(), Descriptions.check(r, CheckLevel.RULES).toString());
    }
}
