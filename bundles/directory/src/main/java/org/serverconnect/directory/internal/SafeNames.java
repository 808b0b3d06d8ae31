package org.serverconnect.directory.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Turns a name proposed by the caller (built from fields that came from the network) into a plain file name that is
 * safe on every platform: ASCII letters, digits, {@code . _ -}; no path, no leading dot or dash, no reserved device
 * name, at most 200 characters. Nothing it returns can leave the folder it is resolved against.
 */
final class SafeNames {
    static final int MAX_LENGTH = 200;
    private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4",
            "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private SafeNames() {
    }

    static String sanitize(String proposed) {
        String in = proposed == null ? "" : proposed;
        StringBuilder b = new StringBuilder(in.length());
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            char out = ok ? c : '_';
            if (out == '_' && b.length() > 0 && b.charAt(b.length() - 1) == '_') {
                continue;              // one underscore for a run of replaced characters
            }
            b.append(out);
        }
        String name = b.toString();
        name = name.replaceAll("^[._-]+", "").replaceAll("[._]+$", "");
        if (name.replace("_", "").replace(".", "").replace("-", "").isEmpty()) {
            name = "document";
        }
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        if (ext.length() > 16) {
            base = name;
            ext = "";
        }
        String first = base.contains(".") ? base.substring(0, base.indexOf('.')) : base;
        if (RESERVED.contains(first.toUpperCase(Locale.ROOT))) {
            base = "_" + base;
        }
        if (base.length() + ext.length() > MAX_LENGTH) {
            base = base.substring(0, MAX_LENGTH - ext.length());
        }
        return base + ext;
    }

    /** Whether {@code name} is a plain file name (no separator, not {@code .} or {@code ..}, no NUL). */
    static boolean isPlainName(String name) {
        return name != null && !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }
}
