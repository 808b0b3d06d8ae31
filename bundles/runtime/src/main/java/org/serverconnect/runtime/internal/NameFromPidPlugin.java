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
    /** The property FileInstall sets to the file a configuration came from (a URL). */
    static final String FILE = "felix.fileinstall.filename";

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
            if (derived == null) {
                derived = nameFromFile(f, properties.get(FILE));
            }
            if (derived != null) {
                properties.put(NAME, derived);
            }
        }
    }

    /**
     * Where factory configurations from files get generated PIDs (Apache Karaf's Configuration Admin and FileInstall):
     * the name from the file name FileInstall records, {@code <factoryPid>-<name>.cfg}.
     *
     * @return the name, or {@code null} when the configuration did not come from such a file
     */
    static String nameFromFile(String factoryPid, Object file) {
        if (!(file instanceof String f)) {
            return null;
        }
        String base = f.substring(Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\')) + 1);
        base = base.replaceFirst("\\.(cfg|config)$", "");
        String prefix = factoryPid + "-";
        return base.startsWith(prefix) && base.length() > prefix.length() ? base.substring(prefix.length()) : null;
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
