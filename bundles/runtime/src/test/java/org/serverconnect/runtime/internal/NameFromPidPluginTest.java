package org.serverconnect.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Dictionary;
import java.util.Hashtable;

import org.junit.jupiter.api.Test;

class NameFromPidPluginTest {
    private final NameFromPidPlugin plugin = new NameFromPidPlugin();

    private static Dictionary<String, Object> config(String factoryPid, String pid) {
        Dictionary<String, Object> d = new Hashtable<>();
        d.put("service.factoryPid", factoryPid);
        d.put("service.pid", pid);
        return d;
    }

    @Test
    void aNamedFactoryConfigurationWithoutNameIsNamedAfterItsFile() {
        Dictionary<String, Object> d = config("org.serverconnect.notify.log", "org.serverconnect.notify.log~ops");
        plugin.modifyConfiguration(null, d);
        assertEquals("ops", d.get("name"));
    }

    @Test
    void aGeneratedPidTakesTheNameFromTheFileFileInstallRecorded() {
        // Apache Karaf: factory configurations from etc/ files get generated PIDs
        Dictionary<String, Object> d = config("org.serverconnect.transport.pagero", "org.serverconnect.transport.pagero.4f1c");
        d.put("felix.fileinstall.filename", "file:/opt/karaf/etc/org.serverconnect.transport.pagero-acme_c.cfg");
        plugin.modifyConfiguration(null, d);
        assertEquals("acme_c", d.get("name"));
        Dictionary<String, Object> other = config("org.serverconnect.transport.pagero", "org.serverconnect.transport.pagero.4f1d");
        other.put("felix.fileinstall.filename", "file:/opt/karaf/etc/something-else.cfg");
        plugin.modifyConfiguration(null, other);
        assertEquals(null, other.get("name"));
    }

    @Test
    void aNameWrittenInTheConfigurationWins() {
        Dictionary<String, Object> d = config("org.serverconnect.notify.log", "org.serverconnect.notify.log~ops");
        d.put("name", "operators");
        plugin.modifyConfiguration(null, d);
        assertEquals("operators", d.get("name"));
    }

    @Test
    void otherBundlesConfigurationsAndUnnamedFactoryConfigurationsAreLeftAlone() {
        Dictionary<String, Object> foreign = config("org.apache.felix.http", "org.apache.felix.http~x");
        plugin.modifyConfiguration(null, foreign);
        assertNull(foreign.get("name"));
        Dictionary<String, Object> generated = config("org.serverconnect.notify.log",
                "org.serverconnect.notify.log.7b1e0c1e-1111-2222-3333-444455556666");
        plugin.modifyConfiguration(null, generated);
        assertNull(generated.get("name"));
    }
}
