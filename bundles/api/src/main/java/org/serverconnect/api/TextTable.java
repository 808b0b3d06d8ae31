package org.serverconnect.api;

import java.util.List;

/**
 * Rows of text as columns that line up, for people at a terminal: what the command line, the shell commands and the
 * JSON API's {@code ?format=text} print as tables, all alike.
 */
public final class TextTable {
    private TextTable() {
    }

    /**
     * Rows of cells as aligned columns, two spaces apart: each column as wide as its widest cell (counted in code
     * points), the last cell of a row not padded, no line ending in spaces. Rows may have fewer cells than others.
     *
     * @param rows the rows, a header first if there is one; a {@code null} cell is shown empty
     * @return one line per row, each ending with a line feed
     */
    public static String of(List<? extends List<String>> rows) {
        int n = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[n];
        for (List<String> r : rows) {
            for (int c = 0; c < r.size(); c++) {
                width[c] = Math.max(width[c], length(r.get(c)));
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.size(); c++) {
                String cell = r.get(c) == null ? "" : r.get(c);
                line.append(cell);
                if (c < r.size() - 1) {
                    line.append(" ".repeat(width[c] - length(cell) + 2));
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    private static int length(String s) {
        return s == null ? 0 : s.codePointCount(0, s.length());
    }
}
