package org.serverconnect.pagero.emulator.internal;

/**
 * Pagero's rule for file names (pagero.github.io, additional functionality, file names): only {@code A-Z a-z 0-9} and
 * {@code _} before one dot, and an extension of {@code A-Z a-z 0-9}, for example {@code sc_4f9c12_INV_2024_0042.xml}.
 * The characters {@code ? % * : | " < > . , ; =} and the blank are reserved.
 */
final class FileNameRule {
    static final String RULE = "only A-Z, a-z, 0-9 and _ before one dot, and an extension of A-Z, a-z, 0-9"
            + " (for example sc_4f9c12_INV_2024_0042.xml)";

    private FileNameRule() {
    }

    /** Why the name breaks the rule, or null when it follows it. */
    static String problem(String name) {
        int dot = name.indexOf('.');
        String why;
        if (dot < 0) {
            why = "it has no extension";
        } else if (name.indexOf('.', dot + 1) >= 0) {
            why = "it has more than one dot";
        } else if (dot == 0) {
            why = "the part before the dot is empty";
        } else if (dot == name.length() - 1) {
            why = "the extension is empty";
        } else {
            why = badCharacter(name.substring(0, dot), true);
            if (why == null) {
                why = badCharacter(name.substring(dot + 1), false);
            }
        }
        return why == null ? null : "the file name '" + name + "' breaks Pagero's file name rule, " + RULE + ": " + why;
    }

    private static String badCharacter(String part, boolean underscoreAllowed) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || underscoreAllowed && c == '_';
            if (!ok) {
                return describe(c) + (underscoreAllowed ? "" : " in the extension") + " is not allowed";
            }
        }
        return null;
    }

    private static String describe(char c) {
        if (c == ' ') {
            return "a blank";
        }
        if (c > 127) {
            return "the non-ASCII character U+" + String.format("%04X", (int) c);
        }
        if (c < 32 || c == 127) {
            return "the control character U+" + String.format("%04X", (int) c);
        }
        return "'" + c + "'";
    }
}
