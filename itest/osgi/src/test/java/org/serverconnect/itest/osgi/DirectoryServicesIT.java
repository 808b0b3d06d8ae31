package org.serverconnect.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.serverconnect.api.document.ClaimedFile;
import org.serverconnect.api.document.Disposition;
import org.serverconnect.api.document.DocumentSink;
import org.serverconnect.api.document.DocumentSource;
import org.serverconnect.api.document.Inbox;
import org.serverconnect.api.document.InboxSettings;
import org.serverconnect.api.document.Outbox;
import org.serverconnect.api.document.OutboxSettings;
import org.serverconnect.api.document.OutboxSettings.Pickup;
import org.serverconnect.api.document.ReadyFile;

/** The directory bundle's services, found as an account finds them (by type), do their job inside the runtime. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DirectoryServicesIT extends InShippedRuntime {

    @Inject
    @Filter("(source.type=directory)")
    private DocumentSource source;

    @Inject
    @Filter("(sink.type=directory)")
    private DocumentSink sink;


    @Test
    public void anOutboxFileIsClaimedAndSettledAndAnInboxDocumentIsStored() throws Exception {
        Path root = Files.createTempDirectory("sc-directory");
        OutboxSettings settings = new OutboxSettings("it", root.resolve("outbox"), root.resolve("work"),
                root.resolve("sent"), root.resolve("error"), null,
                new Pickup(Pickup.Kind.RENAME, Duration.ZERO, Duration.ZERO), List.of("*.xml"), List.of(), Map.of());
        try (Outbox outbox = source.open(settings)) {
            Files.writeString(root.resolve("outbox/a.xml"), "<Invoice/>", StandardCharsets.UTF_8);
            List<ReadyFile> ready = outbox.poll(10);
            assertEquals(1, ready.size());
            ClaimedFile claimed = outbox.claim(ready.get(0));
            assertNotNull(claimed);
            Path sent = outbox.settle(claimed, Disposition.SENT, null);
            assertEquals(root.resolve("sent/a.xml"), sent);
        }
        try (Inbox inbox = sink.open(new InboxSettings("it", root.resolve("inbox"), Map.of()))) {
            Path stored = inbox.store("../INV-1.xml", new ByteArrayInputStream("<Invoice/>".getBytes(StandardCharsets.UTF_8)));
            assertTrue(stored.startsWith(root.resolve("inbox").toRealPath()));
        }
    }
}
