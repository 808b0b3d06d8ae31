package org.serverconnect.transport.pagero.internal;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where a connection may send its credentials and documents: Pagero Online's own domains ({@code pageroonline.com},
 * {@code pagero.com} and their sub-domains), and the hosts the operator names in the installation's settings
 * ({@code serverconnect.connection.allowedHosts} in {@code etc/serverconnect.properties}, comma-separated: an
 * emulator or a test system). A connection's configuration can be changed at run time (the web console, the
 * configuration files); the settings file cannot, so a changed URL cannot send the password anywhere else.
 */
final class NetworkHosts {
    /** The framework property that names more hosts. */
    static final String PROPERTY = "serverconnect.connection.allowedHosts";
    private static final List<String> DOMAINS = List.of("pageroonline.com", "pagero.com");

    private final Set<String> extra = new LinkedHashSet<>();

    /** @param allowed more host names or addresses, comma-separated, or {@code null} */
    NetworkHosts(String allowed) {
        if (allowed != null) {
            for (String h : allowed.split(",")) {
                if (!h.isBlank()) {
                    extra.add(normal(h));
                }
            }
        }
    }

    /** @throws IllegalArgumentException when {@code url}'s host is neither Pagero's nor allowed */
    void require(String key, URI url) {
        String host = url == null || url.getHost() == null ? null : normal(url.getHost());
        if (host == null || allows(host)) {
            return;                  // a URL without a host is refused by the settings, with their own message
        }
        throw new IllegalArgumentException(key + " " + url + " is not on Pagero Online's domains (" + String.join(", ", DOMAINS)
                + "); to connect to another host (an emulator, a test system) name it in " + PROPERTY
                + " in etc/serverconnect.properties and restart");
    }

    boolean allows(String host) {
        String h = normal(host);
        if (extra.contains(h)) {
            return true;
        }
        for (String d : DOMAINS) {
            if (h.equals(d) || h.endsWith("." + d)) {
                return true;
            }
        }
        return false;
    }

    private static String normal(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
