package org.serverconnect.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Dictionary;
import java.util.Hashtable;

import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;

class NamedReferencesPluginTest {
    private final NamedReferencesPlugin plugin = new NamedReferencesPlugin();

    private static Dictionary<String, Object> account() {
        Dictionary<String, Object> d = new Hashtable<>();
        d.put("service.factoryPid", "org.serverconnect.account");
        d.put("service.pid", "org.serverconnect.account~acme");
        return d;
    }

    @Test
    void aConnectionNameBecomesTheTransportTarget() throws Exception {
        Dictionary<String, Object> d = account();
        d.put("connection", " acme_prod ");
        plugin.modifyConfiguration(null, d);
        assertEquals("(name=acme_prod)", d.get("transport.target"));
        FrameworkUtil.createFilter((String) d.get("transport.target"));
    }

    @Test
    void notifierNamesBecomeOneFilterWhetherCommaSeparatedOrAList() throws Exception {
        Dictionary<String, Object> d = account();
        d.put("notify", "ops, log,ops");
        plugin.modifyConfiguration(null, d);
        assertEquals("(|(name=ops)(name=log))", d.get("notifiers.target"));
        Dictionary<String, Object> typed = account();
        typed.put("notify", new String[] { "mail" });
        plugin.modifyConfiguration(null, typed);
        assertEquals("(name=mail)", typed.get("notifiers.target"));
    }

    @Test
    void filterCharactersInANameCannotWidenTheSelection() throws Exception {
        Dictionary<String, Object> d = account();
        d.put("connection", "*)(name=*");
        plugin.modifyConfiguration(null, d);
        assertEquals("(name=\\*\\)\\(name=\\*)", d.get("transport.target"));
        assertEquals(false, FrameworkUtil.createFilter((String) d.get("transport.target"))
                .matches(java.util.Map.of("name", "acme_prod")));
    }

    @Test
    void aTargetWrittenInTheConfigurationWinsAndForeignConfigurationsAreLeftAlone() {
        Dictionary<String, Object> d = account();
        d.put("connection", "a");
        d.put("transport.target", "(transport.type=sftp)");
        plugin.modifyConfiguration(null, d);
        assertEquals("(transport.type=sftp)", d.get("transport.target"));
        Dictionary<String, Object> foreign = new Hashtable<>();
        foreign.put("service.factoryPid", "com.example.thing");
        foreign.put("connection", "a");
        plugin.modifyConfiguration(null, foreign);
        assertNull(foreign.get("transport.target"));
    }
}
