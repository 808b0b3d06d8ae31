package org.serverconnect.engine.internal;

import org.serverconnect.api.transport.IncomingDocument;

/**
 * The name a received document gets in the inbox, made from validated parts only: the document number and the
 * network's id, each reduced to letters, digits and '-', joined by '_' ({@code INV-1_4f2a.xml}). Nothing the network
 * sends can reach another folder or hide a file.
 */
final class InboxNames {
    private static final int MAX_PART = 60;

    private InboxNames() {
    }

    static String of(IncomingDocument d) {
        String number = safe(d.documentNumber());
        String id = safe(d.id());
        return (number.isEmpty() ? "document" : number) + "_" + (id.isEmpty() ? "x" : id) + ".xml";
    }

    static String safe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-';
            if (ok) {
                b.append(ch);
            } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
                b.append('-');
            }
            if (b.length() >= MAX_PART) {
                break;
            }
        }
        int start = 0;
        int end = b.length();
        while (start < end && b.charAt(start) == '-') {
            start++;
        }
        while (end > start && b.charAt(end - 1) == '-') {
            end--;
        }
        return b.substring(start, end);
    }
}
