package org.serverconnect.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.serverconnect.api.config.SettingsCheck.Problem;
import org.serverconnect.api.schedule.Timetable;
import org.serverconnect.api.schedule.TimetableParser;

/** The account's own checks, run on settings as a .cfg file gives them, before they are written. */
class AccountCheckTest {
    /** A grammar that knows 'every 5m' only, and says which zone it was asked in. */
    private static final TimetableParser GRAMMAR = new TimetableParser() {
        @Override
        public Timetable timetable(String expression, String window, ZoneId zone) {
            if (window != null && !window.isBlank() && !window.equals("Mon-Fri 06:00-20:00")) {
                throw new IllegalArgumentException("window '" + window + "' is wrong");
            }
            if (!expression.startsWith("every") && !expression.equals("immediate")) {
                throw new IllegalArgumentException("timetable '" + expression + "' is wrong");
            }
            return null;
        }
    };

    private static List<Problem> check(String... keyValues) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("connection", "acme-conn");
        p.put("company", "3a6f0c5e");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return new AccountCheck(GRAMMAR).check("acme-north", p);
    }

    @Test
    void rightSettingsPass() {
        assertEquals(List.of(), check("send.schedule", "every 1m", "send.window", "Mon-Fri 06:00-20:00", "timezone",
                "Europe/Stockholm", "pickup", "done-file", "pickup.stableFor", "5", "notify", "ops, log", "batch", "10"));
    }

    @Test
    void eachWrongValueIsRefusedWithTheAccountsOwnMessageAndItsKey() {
        assertEquals(List.of(new Problem("send.schedule", "send.schedule: timetable 'imediate' is wrong")),
                check("send.schedule", "imediate"));
        assertEquals("send.window", check("send.window", "Mon-Fry 06:00-20:00").get(0).key());
        assertEquals("receive.schedule", check("receive.schedule", "evry 5m").get(0).key());
        Problem zone = check("timezone", "Europe/Stokholm").get(0);
        assertEquals("timezone", zone.key());
        assertTrue(zone.message().contains("is not a time zone"), zone.message());
        assertTrue(check("pickup", "sometimes").get(0).message().contains("is not one of stable, done-file, rename"));
        assertTrue(check("batch", "0").get(0).message().contains("must be at least 1"));
        assertTrue(check("retry.initial", "60", "retry.max", "30").get(0).message().contains("must not be less than"));
        assertEquals(new Problem("batch", "batch 'lots' is not a whole number"), check("batch", "lots").get(0));
        assertTrue(check("notify.policy", "digest").get(0).message().contains("a digest needs its time"));
        assertTrue(new AccountCheck(GRAMMAR).check("acme", Map.of("company", "x")).get(0).message()
                .startsWith("connection is missing"));
    }

    @Test
    void theFolderAndCsvOptionsAreSettingsOfTheirOwnCheckedLikeTheRest() {
        assertEquals(List.of(), check("outbox.sentAction", "delete", "outbox.temporary", "*.tmp,*.wip", "inbox.fileMode",
                "rw-rw----", "csv.separator", ";", "csv.decimal", ","));
        assertEquals(new Problem("outbox.sentAction", "outbox.sentAction 'keep' is not one of move, delete"),
                check("outbox.sentAction", "keep").get(0));
        assertEquals("csv.separator", check("csv.separator", "|").get(0).key());
        assertEquals("inbox.fileMode", check("inbox.fileMode", "rwxrwxrwx!").get(0).key());
    }

    @Test
    void followUpAndReceivingSettingsAreCheckedToo() {
        assertEquals(List.of(), check("reconcile.unresolved", "hold", "receive.documentTypes", "Invoice,PaymentReminder",
                "followup.days", "30"));
        assertEquals(new Problem("reconcile.unresolved", "reconcile.unresolved 'maybe' is not one of resend, hold"),
                check("reconcile.unresolved", "maybe").get(0));
        Problem responses = check("receive.documentTypes", "Invoice, ApplicationResponse").get(0);
        assertEquals("receive.documentTypes", responses.key());
        assertTrue(responses.message().contains("followed up with the invoices"), responses.message());
        assertEquals("receive.documentTypes", check("receive.documentTypes", "In voice").get(0).key());
        assertEquals("followup.days", check("followup.days", "0").get(0).key());
    }

    @Test
    void typedOptionsReachTheFolderBundleAndUnknownOnesPassThrough() {
        Map<String, Object> p = new java.util.HashMap<>(Map.of("name", "acme", "connection", "c", "company", "1",
                "outbox.sentAction", "delete", "outbox.custom", "x"));
        AccountSettings s = AccountSettings.from(AccountCheck.config(p), p, java.nio.file.Path.of("/srv/sc"));
        assertEquals("delete", s.outbox().options().get("sentAction"));
        assertEquals("*.tmp,*.part", s.outbox().options().get("temporary"), "the default");
        assertEquals("x", s.outbox().options().get("custom"), "for a folder bundle that knows more");
        assertEquals("rw-r-----", s.inbox().options().get("fileMode"));
        assertEquals("auto", s.csvOptions().get("separator"));
    }

    @Test
    void keysAreReadAsDeclarativeServicesReadsThem() {
        assertEquals("send.schedule", AccountCheck.key("send_schedule"));
        assertEquals("notify", AccountCheck.key("notify$"));
        assertEquals("pickup.stableFor", AccountCheck.key("pickup_stableFor"));
        assertEquals("a_b", AccountCheck.key("a__b"));
        assertEquals("a-b", AccountCheck.key("a$_$b"));
    }
}
