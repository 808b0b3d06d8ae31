package org.serverconnect.runtime.internal;

import java.util.Dictionary;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Component;

/**
 * Gives every Server Connect factory configuration a {@code name} when it has none, taken from its PID: the file
 * {@code etc/org.serverconnect.notify.log-ops.cfg} becomes the configuration {@code org.serverconnect.notify.log~ops}
 * and the instance is named {@code ops}. The name becomes a service property, which is what accounts select
 * connections and notifiers by ({@code (name=ops)}). A {@code name} written in the configuration wins.
 */
@Component(immediate = true, property = { ConfigurationPlugin.CM_RANKING + ":Integer=100" })
public final class NameFromPidPlugin implements ConfigurationPlugin {
    static final String NAME = "name";
    static final String PREFIX = "org.serverconnect.";

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        Object factoryPid = properties.get(ConfigurationAdmin.SERVICE_FACTORYPID);
        Object pid = properties.get(Constants.SERVICE_PID);
        if (!(factoryPid instanceof String f) || !f.startsWith(PREFIX) || !(pid instanceof String p)) {
            return;
        }
        Object name = properties.get(NAME);
        if (name == null || (name instanceof String s && s.isBlank())) {
            String derived = nameFromPid(p);
            if (derived != null) {
                properties.put(NAME, derived);
            }
        }
    }

    /**
     * @param pid a factory configuration's PID
     * @return the part after {@code ~} for named factory configurations ({@code factoryPid~name}), else
     *         {@code null}
     */
    static String nameFromPid(String pid) {
        int tilde = pid.indexOf('~');
        if (tilde < 0 || tilde == pid.length() - 1) {
            return null;
        }
        return pid.substring(tilde + 1);
    }
}
