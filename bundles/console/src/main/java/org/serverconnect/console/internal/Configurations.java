package org.serverconnect.console.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The running configuration, as {@code GET /api/v1/configuration} shows it (and {@code serverconnect config export}
 * prints it as XML): every factory configuration Configuration Admin holds, with where it came from, secrets
 * (private keys, a leading dot) masked and bookkeeping keys left out.
 */
final class Configurations {
    static final String MASK = "******";
    private static final String ORIGIN = ".serverconnect.origin";
    private static final String FILE = "felix.fileinstall.filename";
    private static final Set<String> BOOKKEEPING = Set.of("service.pid", "service.factoryPid", "service.bundleLocation", FILE, ORIGIN);

    private Configurations() {
    }

    /** A password written into a URL ({@code http://user:pass@host}) is a secret too, wherever it stands. */
    private static final java.util.regex.Pattern URL_PASSWORD =
            java.util.regex.Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^/@:\\s]*):[^/@\\s]*@");

    static String withoutUrlPassword(String value) {
        return URL_PASSWORD.matcher(value).replaceAll("$1:" + MASK + "@");
    }

    static List<Map<String, Object>> list(ConfigurationAdmin cm) throws IOException {
        Configuration[] all;
        try {
            all = cm.listConfigurations(null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Configuration c : all == null ? new Configuration[0] : all) {
            Dictionary<String, Object> p = c.getProperties();
            String factoryPid = c.getFactoryPid();
            if (p == null || factoryPid == null || factoryPid.startsWith("org.apache.")) {
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("factoryPid", factoryPid);
            int tilde = c.getPid().indexOf('~');
            Object name = p.get("name");
            item.put("name", tilde >= 0 ? c.getPid().substring(tilde + 1) : name == null ? c.getPid() : name.toString());
            Object origin = p.get(ORIGIN) != null ? p.get(ORIGIN) : p.get(FILE);
            item.put("origin", origin == null ? "Configuration Admin" : origin.toString().replaceFirst("^file:", ""));
            Map<String, Object> properties = new TreeMap<>();
            for (Enumeration<String> keys = p.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                if (BOOKKEEPING.contains(key)) {
                    continue;
                }
                Object v = p.get(key);
                String value = v instanceof Object[] a ? String.join(", ", java.util.Arrays.stream(a).map(String::valueOf).toList())
                        : String.valueOf(v);
                properties.put(key, key.startsWith(".") && !value.isEmpty() ? MASK : withoutUrlPassword(value));
            }
            item.put("properties", properties);
            out.add(item);
        }
        out.sort(Comparator.comparing((Map<String, Object> m) -> (String) m.get("factoryPid")).thenComparing(m -> (String) m.get("name")));
        return Collections.unmodifiableList(out);
    }
}
