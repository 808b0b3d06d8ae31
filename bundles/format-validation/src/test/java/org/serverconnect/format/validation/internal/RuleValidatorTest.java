package org.serverconnect.format.validation.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.format.CheckResult;
import org.serverconnect.api.format.DocumentFormat;
import org.serverconnect.api.format.DocumentKind;

class RuleValidatorTest {
    static final String PEPPOL = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
    private final RuleValidator validator = new RuleValidator();

    static Path corpus(String file) {
        return Path.of(System.getProperty("testdata", "../../testdata"), "invoices", file);
    }

    static DocumentFormat peppolInvoice() {
        return new DocumentFormat("PEPPOL_BIS3_UBL", "UBL", "Peppol BIS Billing 3", PEPPOL,
                "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0", DocumentKind.INVOICE, false);
    }

    @Test
    void aValidPeppolInvoicePassesAndABrokenOneFailsNamingTheRule(@TempDir Path tmp) throws Exception {
        Path good = corpus("peppol-bis-invoice-3/examples/base-example.xml");
        CheckResult ok = validator.validate(good, peppolInvoice());
        assertTrue(ok.ok(), ok.toString());

        // The same invoice with a payable amount that no longer adds up (EN 16931 BR-CO-16).
        Path bad = tmp.resolve("bad.xml");
        Files.writeString(bad, Files.readString(good).replace(">1656.25</cbc:PayableAmount>", ">1.00</cbc:PayableAmount>"));
        CheckResult broken = validator.validate(bad, peppolInvoice());
        assertFalse(broken.ok());
        assertTrue(broken.findings().stream().anyMatch(f -> "BR-CO-16".equals(f.rule())), broken.toString());
    }

    @Test
    void onlyFormatsWithRulesAreSupported() {
        assertTrue(validator.supports(peppolInvoice()));
        assertTrue(validator.supports(new DocumentFormat("EN16931_CII", "CII", "EN 16931", "urn:cen.eu:en16931:2017", null,
                DocumentKind.INVOICE, false)));
        assertFalse(validator.supports(new DocumentFormat("FINVOICE", "Finvoice", "Finvoice 3.0", null, null,
                DocumentKind.INVOICE, false)));
        assertFalse(validator.supports(new DocumentFormat("FACTURX_ZUGFERD_CII", "CII", "Factur-X", "urn:factur-x.eu:1p0:minimum",
                null, DocumentKind.INVOICE, false)), "MINIMUM is not EN 16931");
    }
}
