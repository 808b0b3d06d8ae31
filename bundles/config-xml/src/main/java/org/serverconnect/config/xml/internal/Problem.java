package org.serverconnect.config.xml.internal;

/**
 * One thing wrong with a configuration, placed so a person can find it: the file, line and element, and what is
 * expected instead. Never carries a secret's value.
 *
 * @param file    the file, as shown to people ({@code etc/serverconnect.xml})
 * @param line    1-based, or 0 when not known
 * @param element the element or key concerned ({@code <account name="acme">}), or {@code null}
 * @param message what is wrong and what is expected
 */
record Problem(String file, int line, String element, String message) {

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) {
            s.append(" line ").append(line);
        }
        if (element != null) {
            s.append(", ").append(element);
        }
        return s.append(": ").append(message).toString();
    }
}
