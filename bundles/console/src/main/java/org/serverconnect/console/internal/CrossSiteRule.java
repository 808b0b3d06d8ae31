package org.serverconnect.console.internal;

import java.util.Set;

/**
 * Which requests a browser may have been tricked into sending by a page elsewhere, and so are refused: one that
 * changes something (any method but GET, HEAD and OPTIONS) naming another site in its {@code Origin} (or, without
 * one, in its {@code Referer}). Browsers name the page's origin on every such request, and a page cannot change
 * that. The Felix Web Console asks stricter: a change there must name this server, since the console's own pages
 * always do and it can install bundles and change every configuration. Programs (curl, the launcher) send neither
 * header and still may use the JSON API.
 */
final class CrossSiteRule {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    static final String WEB_CONSOLE = "/system/console";

    private CrossSiteRule() {
    }

    /**
     * @return why the request is refused, or {@code null} when it may go on
     */
    static String refusal(String method, String path, String host, String origin, String referer) {
        if (SAFE.contains(method)) {
            return null;
        }
        String from = origin != null && !origin.isBlank() ? origin.trim() : originOf(referer);
        boolean console = path != null && (path.equals(WEB_CONSOLE) || path.startsWith(WEB_CONSOLE + "/"));
        if (from == null) {
            return console ? "a change in the web console must come from its own pages (the request names no Origin)" : null;
        }
        if (host != null && (from.equalsIgnoreCase("http://" + host) || from.equalsIgnoreCase("https://" + host))) {
            return null;
        }
        return "a change from another web site's page (" + from + ") is refused";
    }

    /** The scheme, host and port of a {@code Referer}, or {@code null}. */
    private static String originOf(String referer) {
        if (referer == null || referer.isBlank()) {
            return null;
        }
        int scheme = referer.indexOf("://");
        if (scheme < 0) {
            return "null";
        }
        int end = referer.indexOf('/', scheme + 3);
        return end < 0 ? referer : referer.substring(0, end);
    }
}
