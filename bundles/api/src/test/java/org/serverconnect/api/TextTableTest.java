package org.serverconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void columnsLineUpTwoSpacesApartAndNoLineEndsInSpaces() {
        String text = TextTable.of(List.of(List.of("NAME", "TYPE", ""), List.of("a-rather-long-name", "x", "one=1"),
                List.of("b", "kind", "")));
        assertEquals("NAME                TYPE\n"
                + "a-rather-long-name  x     one=1\n"
                + "b                   kind\n", text);
    }

    @Test
    void widthsCountCharactersNotCharsAndShortRowsAndNullCellsAreFine() {
        String text = TextTable.of(List.of(List.of("Åsa \uD83D\uDE00", "x"), List.of("ab"), Arrays.asList(null, "y")));
        assertEquals("Åsa \uD83D\uDE00  x\nab\n       y\n", text);
    }

    @Test
    void noRowsNoText() {
        assertEquals("", TextTable.of(List.of()));
    }
}
