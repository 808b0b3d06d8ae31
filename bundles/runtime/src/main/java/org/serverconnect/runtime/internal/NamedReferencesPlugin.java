package org.serverconnect.runtime.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;

import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Component;

/**
 * Turns the names users write into the target filters Declarative Services wires by (docs/architecture.md): in a
 * Server Connect configuration, {@code connection = acme_prod} becomes {@code transport.target = (name=acme_prod)}
 * and {@code notify = ops, log} becomes {@code notifiers.target = (|(name=ops)(name=log))}. DS then binds, waits for
 * and re-binds exactly those services. A target written in the configuration itself wins.
 */
@Component(immediate = true, property = { ConfigurationPlugin.CM_RANKING + ":Integer=200" })
public final class NamedReferencesPlugin implements ConfigurationPlugin {

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        Object factoryPid = properties.get(ConfigurationAdmin.SERVICE_FACTORYPID);
        if (!(factoryPid instanceof String f) || !f.startsWith(NameFromPidPlugin.PREFIX)) {
            return;
        }
        target(properties, "connection", "transport.target");
        target(properties, "notify", "notifiers.target");
    }

    private static void target(Dictionary<String, Object> properties, String key, String targetKey) {
        if (properties.get(targetKey) != null) {
            return;
        }
        List<String> names = names(properties.get(key));
        if (names.isEmpty()) {
            return;
        }
        StringBuilder filter = new StringBuilder();
        for (String n : names) {
            filter.append("(name=").append(escape(n)).append(')');
        }
        properties.put(targetKey, names.size() == 1 ? filter.toString() : "(|" + filter + ")");
    }

    /** @return the names in a String (comma-separated), String[] or collection value, trimmed, blanks dropped */
    static List<String> names(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            for (String part : s.split(",")) {
                add(out, part);
            }
        } else if (value instanceof String[] a) {
            for (String part : a) {
                for (String p : part.split(",")) {
                    add(out, p);
                }
            }
        } else if (value instanceof Iterable<?> it) {
            for (Object o : it) {
                add(out, String.valueOf(o));
            }
        }
        return out;
    }

    private static void add(List<String> out, String part) {
        String t = part.trim();
        if (!t.isEmpty() && !out.contains(t)) {
            out.add(t);
        }
    }

    /** Escapes the characters an LDAP filter value may not contain (RFC 4515 as OSGi reads it). */
    static String escape(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
