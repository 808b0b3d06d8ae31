package org.serverconnect.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ViewsTest {
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    private static Map<String, Object> entry(String time, String account, String file, String state, String invoice,
            String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", time);
        m.put("account", account);
        m.put("document", 1L);
        m.put("file", file);
        m.put("state", state);
        m.put("invoice", invoice);
        m.put("networkId", null);
        m.put("reference", null);
        m.put("sha256", "abc");
        m.put("reason", reason);
        return m;
    }

    @Test
    void historyIsATableWhoseColumnsLineUpWithTimesToTheSecondInTheOperatorsZone() {
        String text = Views.text(List.<Object>of(
                entry("2026-11-28T01:12:26.123456789Z", "acme", "acme-1001.xml", "SENT", "ACME-1001", null),
                entry("2026-11-28T01:12:27.5Z", "globex", "a-much-longer-name.xml", "RECEIVED", null, "from Acme")),
                STOCKHOLM);
        List<String> lines = text.lines().toList();
        assertEquals(3, lines.size(), text);
        assertTrue(lines.get(0).startsWith("TIME "), text);
        assertTrue(lines.get(1).startsWith("2026-11-28 02:12:26 CET  acme    "), "to the second, with the zone: " + text);
        assertEquals(lines.get(0).indexOf("ACCOUNT"), lines.get(2).indexOf("globex"), text);
        assertEquals(lines.get(0).indexOf("INVOICE"), lines.get(1).indexOf("ACME-1001"), text);
        assertEquals(lines.get(0).indexOf("REASON"), lines.get(2).indexOf("from Acme"), text);
        assertEquals(lines.get(0).indexOf("STATE"), lines.get(2).indexOf("RECEIVED"), text);
        assertEquals(lines.get(0).indexOf("FILE"), lines.get(1).indexOf("acme-1001.xml"), text);
        assertTrue(!text.contains("NETWORK ID"), "a column nobody fills is left out: " + text);
        assertTrue(!text.contains(".123"), "no fractions of seconds: " + text);
    }

    @Test
    void anAccountsTimesAreReadableAndItsLabelsLineUp() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "acme");
        m.put("status", "ONLINE");
        m.put("description", "working");
        m.put("lastSuccess", "2026-06-01T10:00:00.999Z");
        m.put("lastError", null);
        m.put("queues", Map.of("outbox", 0, "claimed", 0, "retry", 0, "error", 1));
        m.put("today", Map.of("sent", 2, "received", 0, "rejected", 0, "failed", 1, "rejectedByRecipient", 0));
        m.put("nextRuns", Map.of("send", List.of("2026-06-01T10:05:00Z")));
        String text = Views.text(m, STOCKHOLM);
        assertTrue(text.contains("last success:  2026-06-01 12:00:00 CEST"), text);
        assertTrue(text.contains("last error:    never"), text);
        assertTrue(text.contains("waiting:       outbox 0, claimed 0, retry 0, error 1"), text);
        assertTrue(text.contains("next send:     2026-06-01 12:05:00 CEST"), text);
    }

    @Test
    void theZoneOfTheRequestIsUsedWhenItIsOne() {
        assertEquals(STOCKHOLM, Views.zone("Europe/Stockholm"));
        assertEquals(ZoneId.systemDefault(), Views.zone("CET-1CEST"), "a POSIX TZ string: this machine's zone");
        assertEquals(ZoneId.systemDefault(), Views.zone(null));
        assertEquals("not a time", Views.text("not a time", STOCKHOLM));
    }
}
