package org.serverconnect.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import org.serverconnect.api.format.CheckLevel;
import org.serverconnect.api.format.DocumentDescription;
import org.serverconnect.api.format.FormatAdapter;

/** The XML format adapter inside the shipped runtime: Woodstox resolves and a real sample is described. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FormatAdapterIT extends InShippedRuntime {

    @Inject
    @Filter("(format.id=xml)")
    private FormatAdapter xml;


    @Test
    public void aRealSampleIsDescribedAndAHostileOneRefused() throws Exception {
        Path sample = Path.of(System.getProperty("testdata"), "invoices/peppol-bis-invoice-3/examples/base-example.xml");
        try (InputStream in = Files.newInputStream(sample)) {
            DocumentDescription d = xml.describe(in);
            assertEquals("PEPPOL_BIS3_UBL", d.format().id());
            assertEquals("Snippet1", d.number());
        }
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Invoice [<!ENTITY x SYSTEM \"file:///etc/hostname\">]><Invoice>&x;</Invoice>";
        assertFalse(xml.check(new ByteArrayInputStream(xxe.getBytes(StandardCharsets.UTF_8)), CheckLevel.FORMAT).ok());
        try (InputStream in = Files.newInputStream(sample)) {
            assertTrue(xml.detect(in).isPresent());
        }
    }
}
