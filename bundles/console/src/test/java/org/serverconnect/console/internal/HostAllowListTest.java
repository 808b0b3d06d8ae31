package org.serverconnect.console.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostAllowListTest {
    @Test
    void onTheLoopbackAddressOnlyTheLoopbackNamesAreAnswered() {
        HostAllowList hosts = new HostAllowList("127.0.0.1", null);
        for (String ok : new String[] { "127.0.0.1:8181", "localhost:8181", "LOCALHOST", "[::1]:8181", "127.0.0.1" }) {
            assertTrue(hosts.allows(ok), ok);
        }
        for (String bad : new String[] { "evil.example:8181", "evil.example", "10.0.0.5:8181", "", "[::1", "127.0.0.1.evil.example" }) {
            assertFalse(hosts.allows(bad), bad);
        }
        assertFalse(hosts.allows(null), "no Host at all");
    }

    @Test
    void theListenAddressAndTheListedNamesAreAnsweredToo() {
        HostAllowList hosts = new HostAllowList("192.0.2.10", "sc.example.com, Console.Example.com");
        assertTrue(hosts.allows("192.0.2.10:8181"));
        assertTrue(hosts.allows("sc.example.com:8443"));
        assertTrue(hosts.allows("console.example.com."));
        assertFalse(hosts.allows("192.0.2.11:8181"));
        assertFalse(hosts.allows("rebound.example:8181"));
    }

    @Test
    void onEveryAddressAnyAddressInDigitsIsAnsweredButNoForeignName() {
        HostAllowList hosts = new HostAllowList("0.0.0.0", null);
        assertTrue(hosts.allows("192.0.2.10:8181"));
        assertTrue(hosts.allows("[2001:db8::1]:8181"));
        assertFalse(hosts.allows("rebound.example:8181"));
    }
}
