package org.serverconnect.config.xml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serverconnect account|connection|notifier list}: a table whose columns line up, whatever the names' lengths. */
class ListCommandTest {
    private static final String COMPANY = "3a6f0c5e-1111-4c2b-9d7e-5b0c2d9e0a41";

    @TempDir
    Path home;

    private String out;
    private String err;

    @Test
    void accountListLinesUpItsColumnsForLongAndShortNames() {
        assertEquals(0, cli("connection", "add", "c", "--clientId", "c", "--clientSecret", "s", "--username", "u",
                "--password", "p"), err);
        assertEquals(0, cli("account", "add", "a", "--connection", "c", "--company", COMPANY), err);
        String longName = "accounts-payable-of-the-northern-subsidiary";
        assertEquals(0, cli("account", "add", longName, "--connection", "c", "--company", COMPANY, "--enabled", "false"),
                err);

        assertEquals(0, cli("account", "list"), err);
        List<String> lines = out.lines().toList();
        assertEquals(3, lines.size(), out);
        String header = lines.get(0);
        assertTrue(header.startsWith("NAME  ") && header.endsWith("SETTINGS"), out);
        String shortRow = lines.stream().filter(l -> l.startsWith("a ")).findFirst().orElseThrow();
        String longRow = lines.stream().filter(l -> l.startsWith(longName + " ")).findFirst().orElseThrow();
        for (String[] column : new String[][] { { "TYPE", "account" }, { "CONFIGURED IN", "etc/" },
            { "SETTINGS", "connection=c" } }) {
            int at = header.indexOf(column[0]);
            assertTrue(shortRow.startsWith(column[1], at) && shortRow.charAt(at - 1) == ' ', column[0] + " lines up:\n" + out);
            assertTrue(longRow.startsWith(column[1], at) && longRow.charAt(at - 1) == ' ', column[0] + " lines up:\n" + out);
        }
        assertEquals(header.indexOf("TYPE"), longName.length() + 2, "two spaces after the longest name:\n" + out);
        assertTrue(longRow.contains("enabled=false"), out);
        assertTrue(lines.stream().noneMatch(l -> l.endsWith(" ")), "no line ends in spaces:\n" + out);
    }

    private int cli(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int status = new ConfigCli(home, false, null, new PrintWriter(o, true), new PrintWriter(e, true)).run(args);
        out = o.toString();
        err = e.toString();
        return status;
    }
}
