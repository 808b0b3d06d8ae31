package org.serverconnect.directory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.document.InboxSettings;

class DirectoryInboxTest {

    @TempDir
    Path root;

    private DirectoryInbox inbox(Map<String, String> options) throws IOException {
        return new DirectoryInbox(new InboxSettings("globex", root.resolve("inbox"), options));
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private List<Path> everythingUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void aDocumentLandsWholeUnderItsNameWithTheConfiguredMode() throws Exception {
        DirectoryInbox in = inbox(Map.of());
        Path p = in.store("INV-100_3f2a.xml", text("<Invoice/>"));
        assertEquals(root.resolve("inbox/INV-100_3f2a.xml").toRealPath(), p);
        assertEquals("<Invoice/>", Files.readString(p));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        assertEquals(List.of(p), everythingUnder(root.resolve("inbox").toRealPath()), "no temporary file is left");
    }

    @Test
    void hostileNamesFromTheNetworkAllLandSafelyInsideTheInbox() throws Exception {
        DirectoryInbox in = inbox(Map.of());
        Path real = root.resolve("inbox").toRealPath();
        List<String> hostile = List.of("../../etc/x", "/etc/passwd", "..\\..\\windows\\system32\\x.xml", "a\0b.xml",
                "CON", "con.xml", "x".repeat(300) + ".xml", "...", "..", ".", "", "   ", ".bashrc", "-rf.xml",
                "Fäktura nr 1 – ÅÄÖ ü €.xml");
        for (String name : hostile) {
            Path p = in.store(name, text("doc " + name.length()));
            assertEquals(real, p.getParent(), "'" + name + "' landed at " + p);
            String f = p.getFileName().toString();
            assertTrue(f.matches("[A-Za-z0-9_][A-Za-z0-9._-]*( \\(\\d+\\))?(\\.[A-Za-z0-9]+)?"), "unsafe name " + f + " from '" + name + "'");
            assertTrue(f.length() <= SafeNames.MAX_LENGTH + 8, f);
            assertTrue(!f.equalsIgnoreCase("CON") && !f.toUpperCase().startsWith("CON."), f);
        }
        assertEquals(hostile.size(), everythingUnder(real).size(), "every document stored, none overwritten");
        assertTrue(everythingUnder(root).stream().allMatch(p -> p.startsWith(root.resolve("inbox"))), "nothing outside");
    }

    @Test
    void aNameCollisionNeverOverwritesAndAnOptionalDoneFileFollowsEachDocument() throws Exception {
        DirectoryInbox in = inbox(Map.of("doneFile", "true", "fileMode", "rw-------"));
        Path a = in.store("same.xml", text("first"));
        Path b = in.store("same.xml", text("second"));
        assertEquals("same (2).xml", b.getFileName().toString());
        assertEquals("first", Files.readString(a));
        assertTrue(Files.exists(a.resolveSibling("same.xml.done")) && Files.exists(b.resolveSibling("same (2).xml.done")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(b)));
    }

    @Test
    void aWriteThatFailsHalfWayLeavesNothingInTheInbox() throws Exception {
        DirectoryInbox in = inbox(Map.of());
        InputStream diskFull = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 100_000) {
                    throw new IOException("No space left on device");
                }
                return 'x';
            }
        };
        IOException e = assertThrows(IOException.class, () -> in.store("big.xml", diskFull));
        assertTrue(e.getMessage().contains("No space left"));
        assertEquals(List.of(), everythingUnder(root.resolve("inbox")), "no half-written or temporary file");
        Path ok = in.store("big.xml", text("retry works"));
        assertEquals("big.xml", ok.getFileName().toString());
    }

    @Test
    void anInboxThatIsASymbolicLinkIsRefused() throws Exception {
        Path real = Files.createDirectories(root.resolve("elsewhere"));
        Files.createSymbolicLink(root.resolve("inbox"), real);
        IOException e = assertThrows(IOException.class, () -> inbox(Map.of()));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void aBadFileModeIsRefusedWithTheSettingsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> inbox(Map.of("fileMode", "0640")));
        assertTrue(e.getMessage().contains("fileMode"), e.getMessage());
    }
}
