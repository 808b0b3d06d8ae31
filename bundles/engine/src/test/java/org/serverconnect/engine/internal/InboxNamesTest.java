package org.serverconnect.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.serverconnect.api.transport.IncomingDocument;

/** A received document's name is made of validated parts only. */
class InboxNamesTest {
    private static String name(String number, String id) {
        return InboxNames.of(new IncomingDocument(id, "c", "Invoice", number, "Acme", Instant.EPOCH));
    }

    @Test
    void numberAndIdAreReducedToLettersDigitsAndDashes() {
        assertEquals("INV-2026-1_4f2a.xml", name("INV-2026-1", "4f2a"));
        assertEquals("etc-passwd_x-y.xml", name("../../etc/passwd", "x/y"));
        assertEquals("M-ller-AB_1.xml", name("Müller AB", "1"), "nothing outside ASCII letters and digits");
        assertEquals("document_x.xml", name(null, "..."), "nothing usable: a plain name");
        assertEquals("A".repeat(60) + "_1.xml", name("A".repeat(200), "1"), "bounded");
    }
}
