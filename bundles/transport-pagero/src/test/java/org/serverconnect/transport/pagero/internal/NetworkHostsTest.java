package org.serverconnect.transport.pagero.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

class NetworkHostsTest {
    @Test
    void pageroOnlineIsAlwaysAllowed() {
        NetworkHosts hosts = new NetworkHosts(null);
        assertDoesNotThrow(() -> hosts.require("apiUrl", URI.create("https://api.pageroonline.com")));
        assertDoesNotThrow(() -> hosts.require("ssoUrl", URI.create("https://sso.pageroonline.com/oauth")));
        assertDoesNotThrow(() -> hosts.require("apiUrl", URI.create("https://api.test.PAGERO.com.:443")));
    }

    @Test
    void anyOtherHostIsRefusedUnlessTheSettingsNameIt() {
        NetworkHosts none = new NetworkHosts("");
        for (String url : new String[] { "https://127.0.0.1:18443", "https://evil.example", "https://pageroonline.com.evil.example",
                "https://evilpageroonline.com", "https://[::1]:8443" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> none.require("apiUrl", URI.create(url)), url);
            assertTrue(e.getMessage().contains("serverconnect.connection.allowedHosts"), e.getMessage());
        }
        NetworkHosts emulator = new NetworkHosts("127.0.0.1, ::1 ,emulator.test");
        assertDoesNotThrow(() -> emulator.require("apiUrl", URI.create("https://127.0.0.1:18443")));
        assertDoesNotThrow(() -> emulator.require("apiUrl", URI.create("https://[::1]:18443")));
        assertDoesNotThrow(() -> emulator.require("ssoUrl", URI.create("https://EMULATOR.test")));
        assertThrows(IllegalArgumentException.class, () -> emulator.require("apiUrl", URI.create("https://localhost:18443")));
    }
}
