package org.serverconnect.format.csv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.serverconnect.api.format.CheckResult;
import org.serverconnect.api.format.DocumentDescription;
import org.serverconnect.api.format.DocumentFormat;
import org.serverconnect.api.format.DocumentKind;
import org.serverconnect.api.format.FormatException;
import org.serverconnect.format.validation.internal.RuleValidator;
import org.serverconnect.format.xml.internal.XmlFormatAdapter;

/**
 * Every CSV invoice of {@code src/test/resources/csv} converts into UBL that the XML format adapter describes as a
 * Peppol BIS 3 invoice or credit note with the amounts EN 16931 gives, and that passes the Peppol BIS Billing 3 rules
 * (phive, the same rules the optional validation bundle runs); every broken one is refused with its line and column.
 */
class CsvConverterTest {
    private static final RuleValidator RULES = new RuleValidator();
    private final CsvConverter converter = new CsvConverter();
    private final XmlFormatAdapter adapter = new XmlFormatAdapter();

    @TempDir
    Path tmp;

    private static Path csv(String name) {
        return Path.of("src/test/resources/csv", name);
    }

    private byte[] convert(String file, String... options) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            o.put(options[i], options[i + 1]);
        }
        o.put("fileName", Path.of(file).getFileName().toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(csv(file))) {
            DocumentFormat f = converter.convert(in, out, o);
            assertEquals("PEPPOL_BIS3_UBL", f.id());
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // file                | kind        | number          | currency | payable   | lines | VAT subtotals
        "standard.csv          | INVOICE     | ACME-CSV-1001   | SEK      | 14375.00  | 2     | 1",
        "reduced-rates.csv     | INVOICE     | ACME-CSV-1001   | SEK      | 6151.63   | 3     | 3",
        "zero-rated.csv        | INVOICE     | ACME-CSV-1001   | SEK      | 562.50    | 2     | 2",
        "exempt.csv            | INVOICE     | ACME-CSV-1001   | SEK      | 1625.00   | 2     | 2",
        "reverse-charge.csv    | INVOICE     | ACME-CSV-1001   | SEK      | 3600.00   | 1     | 1",
        "allowances.csv        | INVOICE     | ACME-CSV-1001   | SEK      | 46120.13  | 3     | 1",
        "foreign-currency.csv  | INVOICE     | ACME-CSV-1001   | USD      | 1687.50   | 1     | 1",
        "credit-note.csv       | CREDIT_NOTE | ACME-CSV-CN-7   | SEK      | 2375.00   | 1     | 1",
        "rounding.csv          | INVOICE     | ACME-CSV-1001   | SEK      | 13.79     | 3     | 2",
        "bom-tab-quoted.csv    | INVOICE     | ACME-CSV-1001   | SEK      | 11875.00  | 1     | 1",
        "totals-given.csv      | INVOICE     | ACME-CSV-1001   | SEK      | 11875.00  | 1     | 1" })
    void convertsIntoAPeppolInvoiceWithTheRightAmountsThatPassesThePeppolRules(String file, DocumentKind kind,
            String number, String currency, BigDecimal payable, int lines, int subtotals) throws Exception {
        byte[] xml = file.equals("reduced-rates.csv") ? convert(file, "separator", ";", "decimal", ",") : convert(file);
        DocumentDescription d = adapter.describe(new ByteArrayInputStream(xml));
        assertEquals("PEPPOL_BIS3_UBL", d.format().id(), d.toString());
        assertEquals(kind, d.format().kind());
        assertEquals(number, d.number());
        assertEquals(currency, d.currency());
        assertEquals(0, payable.compareTo(d.total()), "payable " + d.total() + "\n" + new String(xml));
        assertEquals(lines, d.lineCount());
        assertEquals("0007:5560000001".equals(d.buyer().endpoint()) || file.equals("reverse-charge.csv"), true,
                "the buyer's electronic address: " + d.buyer().endpoint());
        assertEquals(subtotals, new String(xml).split("<cac:TaxSubtotal>", -1).length - 1);

        Path written = Files.write(tmp.resolve(file + ".xml"), xml);
        CheckResult rules = RULES.validate(written, d.format());
        assertTrue(rules.ok(), file + " breaks Peppol rules: " + rules.findings() + "\n" + new String(xml));
        assertTrue(rules.findings().isEmpty(), file + " has warnings: " + rules.findings());
    }

    @Test
    void roundingIsHalfUpToTwoDecimalsPerLineAndPerVatRate() throws Exception {
        String xml = new String(convert("rounding.csv"));
        // 3 × 0.335 = 1.005 → 1.01 (half up, not half even); 0.005 → 0.01
        assertTrue(xml.contains("<cbc:LineExtensionAmount currencyID=\"SEK\">1.01</cbc:LineExtensionAmount>"), xml);
        assertTrue(xml.contains("<cbc:LineExtensionAmount currencyID=\"SEK\">0.01</cbc:LineExtensionAmount>"), xml);
        // 25 % of 11.02 = 2.755 → 2.76; 12 % of 0.01 = 0.0012 → 0.00
        assertTrue(xml.contains("<cbc:TaxAmount currencyID=\"SEK\">2.76</cbc:TaxAmount>"), xml);
        assertTrue(xml.contains("<cbc:TaxAmount currencyID=\"SEK\">0.00</cbc:TaxAmount>"), xml);
        String allowances = new String(convert("allowances.csv"));
        // 25 % of 36896.10 = 9224.025 → 9224.03
        assertTrue(allowances.contains("<cbc:TaxAmount currencyID=\"SEK\">9224.03</cbc:TaxAmount>"), allowances);
    }

    @Test
    void quotedFieldsKeepTheirSeparatorsAndQuotes() throws Exception {
        String xml = new String(convert("bom-tab-quoted.csv"));
        assertTrue(xml.contains("<cbc:RegistrationName>Acme AB, Stockholm</cbc:RegistrationName>"), xml);
        assertTrue(xml.contains("<cbc:Name>Consulting \"senior\", on site</cbc:Name>"), xml);
    }

    @Test
    void exemptAndReverseChargeCarryTheirReasons() throws Exception {
        assertTrue(new String(convert("exempt.csv")).contains(
                "<cbc:TaxExemptionReason>Exempt under the Swedish VAT Act chapter 3 section 4</cbc:TaxExemptionReason>"));
        assertTrue(new String(convert("reverse-charge.csv")).contains("<cbc:TaxExemptionReason>Reverse charge</cbc:TaxExemptionReason>"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing-column.csv | missing-column.csv: line 1: the column Quantity is missing",
        "bad-number.csv     | bad-number.csv: line 3, column 26 (Quantity): '12.5x' is not a number",
        "bad-date.csv       | bad-date.csv: line 2, column 3 (IssueDate): '2026-13-01' is not a date as YYYY-MM-DD",
        "wrong-total.csv    | wrong-total.csv: line 2: column TotalPayable says 11875.50 but the lines come to 11875.00",
        "two-invoices.csv   | two-invoices.csv: line 3, column 1 (InvoiceNumber): 'ACME-CSV-1002' differs from the first line's 'ACME-CSV-1001'" })
    void aBrokenFileIsRefusedWithItsLineAndColumnAndNothingIsWritten(String file, String message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FormatException e = assertThrows(FormatException.class, () -> {
            try (InputStream in = Files.newInputStream(csv("bad/" + file))) {
                converter.convert(in, out, Map.of("fileName", file));
            }
        });
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertEquals(0, out.size(), "nothing half-converted");
    }

    @Test
    void theAccountsChoicesAreCheckedAndDecimalCommaIsNotMisread() throws Exception {
        assertThrows(FormatException.class, () -> CsvInvoiceReader.Options.of(Map.of("separator", "|")));
        assertThrows(FormatException.class, () -> CsvInvoiceReader.Options.of(Map.of("separator", ",", "decimal", ",")));
        // the semicolon file read with '.' as the decimal mark: 1499,90 is refused, not taken as 149990
        FormatException e = assertThrows(FormatException.class, () -> convert("reduced-rates.csv", "separator", ";"));
        assertTrue(e.getMessage().contains("column 28 (Price): '1499,90' is not a number with '.' as the decimal mark"),
                e.getMessage());
    }

    @Test
    void theBundlesExampleConvertsAndPassesTheRules() throws Exception {
        Path example = Path.of("example/invoice.csv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(example)) {
            converter.convert(in, out, Map.of());
        }
        DocumentDescription d = adapter.describe(new ByteArrayInputStream(out.toByteArray()));
        // 9500.00 + 597.00 + (5000 − 500) = 14597.00; VAT 25 % of 14000.00 = 3500.00, 6 % of 597.00 = 35.82
        assertEquals(0, new BigDecimal("18132.82").compareTo(d.total()), d.toString());
        Path written = Files.write(tmp.resolve("example.xml"), out.toByteArray());
        assertTrue(RULES.validate(written, d.format()).ok());
        // and the rules do bite here: the same invoice with a payable amount that no longer adds up
        Path tampered = Files.writeString(tmp.resolve("tampered.xml"), Files.readString(written)
                .replace(">18132.82</cbc:PayableAmount>", ">18132.00</cbc:PayableAmount>"));
        CheckResult broken = RULES.validate(tampered, d.format());
        assertTrue(broken.findings().stream().anyMatch(f -> "BR-CO-16".equals(f.rule())), broken.toString());
    }
}
