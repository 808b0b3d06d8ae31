package org.serverconnect.config.xml.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configured instance: a connection, a notifier, an account or another bundle's factory configuration, with its
 * keys as written (secrets under their private, dotted keys) and where it was written.
 *
 * @param kind       what it is
 * @param factoryPid its factory PID
 * @param name       its name (the part of the PID after {@code ~})
 * @param values     key to values, in the order written; secret keys start with a dot
 * @param origin     where it was written ({@code etc/serverconnect.xml} or the {@code .cfg} file)
 * @param line       the line of the file, 0 when not known
 */
record Item(Kind kind, String factoryPid, String name, Map<String, List<String>> values, String origin, int line) {

    Item {
        values = copy(values);
    }

    /** @return the configuration's PID as Configuration Admin names it */
    String pid() {
        return factoryPid + "~" + name;
    }

    /** @return the value of a key (values joined with ", "), or {@code null} */
    String get(String key) {
        List<String> v = values.get(key);
        return v == null ? null : String.join(", ", v);
    }

    /** @return how people refer to it: {@code account acme} */
    String label() {
        return (kind == Kind.OTHER ? factoryPid : kind.noun) + " " + name;
    }

    /**
     * @return the properties to give Configuration Admin, exactly as a {@code .cfg} file with the same keys gives
     *         them: each value a {@code String}, several values of a key joined with {@code ", "} as a {@code .cfg}
     *         file writes them ({@code include = *.xml, *.csv})
     */
    Dictionary<String, Object> properties() {
        Dictionary<String, Object> d = new Hashtable<>();
        values.forEach((k, v) -> d.put(k, String.join(", ", v)));
        return d;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> values) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, List.copyOf(new ArrayList<>(v))));
        return java.util.Collections.unmodifiableMap(out);
    }
}
