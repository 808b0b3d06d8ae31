package org.serverconnect.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.Audience;
import org.serverconnect.api.notify.Notifier;
import org.serverconnect.api.notify.RunKind;
import org.serverconnect.api.notify.RunReport;

/** The mail drop notifier inside the shipped runtime: Jakarta Mail writes a multipart message (mailcap through SPI Fly). */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MaildropIT extends InShippedRuntime {

    @Inject
    private ConfigurationAdmin cm;
    @Inject
    private BundleContext context;

    @Test
    public void aReportIsWrittenAsAnEmlFileWithTextAndHtml() throws Exception {
        Path folder = Files.createTempDirectory("sc-maildrop");
        Configuration c = cm.getFactoryConfiguration("org.serverconnect.notify.maildrop", "drop", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("folder", folder.toString());
        c.update(p);
        long deadline = System.currentTimeMillis() + 20_000;
        Collection<ServiceReference<Notifier>> refs;
        while ((refs = context.getServiceReferences(Notifier.class, "(name=drop)")).isEmpty()) {
            assertTrue("notifier drop did not appear", System.currentTimeMillis() < deadline);
            Thread.sleep(100);
        }
        Notifier n = context.getService(refs.iterator().next());
        Instant t = Instant.now();
        n.report(new RunReport("acme", RunKind.SEND, t, t, List.of(new RunReport.DocumentOutcome("a.xml", "INV-1", "Globex",
                DocumentState.SENT, null)), null), new Audience(List.of("ap@acme.example"), Audience.Policy.EVERY, null));
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(f -> f.toString().endsWith(".eml")).toList();
        }
        assertEquals(1, files.size());
        String eml = Files.readString(files.get(0), StandardCharsets.UTF_8);
        assertTrue(eml, eml.contains("Subject: [serverconnect] acme: 1 sent"));
        assertTrue(eml, eml.contains("multipart/alternative") && eml.contains("text/html") && eml.contains("INV-1"));
        c.delete();
    }
}
