package org.serverconnect.console.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the status page says after an action ("a send run of acme starts ..."), kept here under a random id that
 * the page's address carries ({@code ?msg=<id>}): the page shows only what it said itself, never text from a link
 * someone else made. Holds the last few.
 */
final class Notices {
    private static final int KEPT = 200;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> notices = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KEPT;
        }
    };

    /** @return the id to show {@code text} by */
    synchronized String put(String text) {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        notices.put(id, text);
        return id;
    }

    /** @return the text kept under {@code id}, or {@code null} */
    synchronized String get(String id) {
        return id == null ? null : notices.get(id);
    }
}
