package org.serverconnect.console.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The names under which the web server may be asked for (the request's {@code Host}): a page on another site that
 * makes its own name resolve to this machine (DNS rebinding) is refused, since its name is none of these. Always
 * the loopback names; the address the server listens on; when it listens on every address, any address given as
 * digits and this machine's own names; and the names in {@code serverconnect.http.allowedHosts} (comma-separated).
 */
final class HostAllowList {
    private final Set<String> names = new LinkedHashSet<>();
    private final boolean anyAddress;

    /**
     * @param listenHost the address the web server listens on ({@code org.apache.felix.http.host}; empty or
     *                   {@code 0.0.0.0}: every address)
     * @param allowed    more names, comma-separated, or {@code null}
     */
    HostAllowList(String listenHost, String allowed) {
        names.add("localhost");
        names.add("127.0.0.1");
        names.add("::1");
        String listen = listenHost == null ? "" : strip(listenHost.trim().toLowerCase(Locale.ROOT));
        anyAddress = listen.isEmpty() || listen.equals("0.0.0.0") || listen.equals("::");
        if (!anyAddress) {
            names.add(listen);
        } else {
            try {
                InetAddress self = InetAddress.getLocalHost();
                names.add(self.getHostName().toLowerCase(Locale.ROOT));
                names.add(self.getCanonicalHostName().toLowerCase(Locale.ROOT));
            } catch (UnknownHostException e) {
                // no name of its own: addresses and the listed names still work
            }
        }
        if (allowed != null) {
            for (String n : allowed.split(",")) {
                if (!n.isBlank()) {
                    names.add(strip(n.trim().toLowerCase(Locale.ROOT)));
                }
            }
        }
    }

    /** @return whether a request whose {@code Host} header is this may be answered */
    boolean allows(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) {
                return false;
            }
            host = host.substring(1, end);
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0) {
                host = host.substring(0, colon);
            }
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return names.contains(host) || anyAddress && isAddressLiteral(host);
    }

    private static boolean isAddressLiteral(String host) {
        return host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || host.contains(":") && host.matches("[0-9a-f:.]+");
    }

    private static String strip(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return String.join(", ", names) + (anyAddress ? ", any address" : "");
    }
}
