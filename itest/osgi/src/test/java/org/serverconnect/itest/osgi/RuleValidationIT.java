package org.serverconnect.itest.osgi;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.serverconnect.api.format.CheckResult;
import org.serverconnect.api.format.DocumentFormat;
import org.serverconnect.api.format.DocumentValidator;
import org.serverconnect.api.format.FormatAdapter;

/** phive's EN 16931 / Peppol rules run inside the shipped runtime (JAXB and Saxon inside one bundle). */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuleValidationIT extends InShippedRuntime {

    @Inject
    @Filter("(format.id=xml)")
    private FormatAdapter xml;

    @Inject
    private DocumentValidator rules;


    @Test
    public void aPeppolInvoiceIsValidatedAgainstItsRulesInsideTheRuntime() throws Exception {
        Path good = Path.of(System.getProperty("testdata"), "invoices/peppol-bis-invoice-3/examples/base-example.xml");
        DocumentFormat format;
        try (InputStream in = Files.newInputStream(good)) {
            format = xml.detect(in).orElseThrow();
        }
        assertTrue(rules.supports(format));
        CheckResult ok = rules.validate(good, format);
        assertTrue(ok.toString(), ok.ok());

        Path bad = Files.createTempFile("bad", ".xml");
        Files.writeString(bad, Files.readString(good).replace(">1656.25</cbc:PayableAmount>", ">1.00</cbc:PayableAmount>"));
        CheckResult broken = rules.validate(bad, format);
        assertFalse(broken.ok());
        assertTrue(broken.toString(), broken.findings().stream().anyMatch(f -> "BR-CO-16".equals(f.rule())));
    }
}
