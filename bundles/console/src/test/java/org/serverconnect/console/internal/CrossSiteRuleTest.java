package org.serverconnect.console.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CrossSiteRuleTest {
    private static final String HOST = "127.0.0.1:8181";

    @Test
    void readingIsNeverRefused() {
        assertNull(CrossSiteRule.refusal("GET", "/system/console/bundles", HOST, "http://evil.example", null));
        assertNull(CrossSiteRule.refusal("HEAD", "/status", HOST, null, null));
    }

    @Test
    void aChangeFromAnotherSiteIsRefusedEverywhere() {
        for (String path : new String[] { "/system/console/bundles", "/system/console/configMgr/x", "/api/v1/accounts/a/run/send",
                "/status/run" }) {
            String why = CrossSiteRule.refusal("POST", path, HOST, "http://evil.example", null);
            assertNotNull(why, path);
            assertTrue(why.contains("http://evil.example"), why);
            assertNotNull(CrossSiteRule.refusal("POST", path, HOST, null, "http://evil.example/page.html"), path);
            assertNotNull(CrossSiteRule.refusal("POST", path, HOST, "null", null), "an opaque origin: " + path);
        }
    }

    @Test
    void aChangeFromOurOwnPagesGoesOn() {
        assertNull(CrossSiteRule.refusal("POST", "/system/console/bundles", HOST, "http://127.0.0.1:8181", null));
        assertNull(CrossSiteRule.refusal("POST", "/system/console/bundles", HOST, null, "http://127.0.0.1:8181/system/console/bundles"));
        assertNull(CrossSiteRule.refusal("POST", "/status/run", "sc.example.com", "https://sc.example.com", null));
    }

    @Test
    void theWebConsoleNeedsAnOriginTheApiDoesNot() {
        String why = CrossSiteRule.refusal("POST", "/system/console/bundles", HOST, null, null);
        assertNotNull(why);
        assertTrue(why.contains("web console"), why);
        assertNull(CrossSiteRule.refusal("PUT", "/api/v1/accounts/a/files/x.xml", HOST, null, null), "curl sends no Origin");
        assertNull(CrossSiteRule.refusal("POST", "/system/consoles", HOST, null, null), "only the console itself");
    }
}
