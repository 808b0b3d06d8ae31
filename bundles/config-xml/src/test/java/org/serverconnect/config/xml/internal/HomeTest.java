package org.serverconnect.config.xml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line edits an operator's .cfg file in place: comments, order and other keys stay as written. */
class HomeTest {
    @TempDir
    Path etc;

    @Test
    void anEditKeepsCommentsAndOrderAndReadsBackAsWritten() throws Exception {
        Path cfg = etc.resolve("org.serverconnect.account-acme.cfg");
        Files.writeString(cfg, "# Acme, by the operator\nconnection = acme_c\n\n# when\nsend.schedule : every 1m\ninclude = *.xml\n");
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("send.schedule", "every 5m");
        changes.put("include", null);
        changes.put("folder", "C:\\invoices\\acme");
        changes.put(".password", " starts with a space");
        Home.write(cfg, changes, "not used for an existing file");
        assertEquals(List.of("# Acme, by the operator", "connection = acme_c", "", "# when", "send.schedule = every 5m",
                "folder = C:\\\\invoices\\\\acme", ".password = \\ starts with a space"), Files.readAllLines(cfg));
        Map<String, List<String>> read = Home.read(cfg);
        assertEquals(List.of("C:\\invoices\\acme"), read.get("folder"));
        assertEquals(List.of("every 5m"), read.get("send.schedule"));
        assertEquals(5, Home.lineOf(cfg, "send.schedule"));
        assertEquals(null, read.get("include"));
        assertEquals(List.of(), Files.list(etc).filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
    }

    @Test
    void aSecretReferenceIsWrittenSoThatFileInstallLeavesItAlone() throws Exception {
        Path cfg = etc.resolve("org.serverconnect.transport.pagero-c.cfg");
        Home.write(cfg, Map.of(".password", "${file:/etc/sc/pw}"), null);
        assertEquals(List.of(".password = $\\\\{file:/etc/sc/pw}"), Files.readAllLines(cfg));
        assertEquals(List.of("${file:/etc/sc/pw}"), Home.read(cfg).get(".password"));
        assertEquals(List.of(), CfgChecks.references(cfg, "c.cfg"));

        Files.writeString(cfg, "# a comment with ${x}\n.password = ${file:/etc/sc/pw}\n");
        List<Problem> p = CfgChecks.references(cfg, "c.cfg");
        assertEquals(1, p.size(), p.toString());
        assertEquals(2, p.get(0).line());
        assertEquals(".password", p.get(0).element());
        assertTrue(p.get(0).message().contains("$\\\\{file:/etc/sc/pw}"), p.get(0).message());
    }

    @Test
    void aFileWithASecretIsForItsOwnerOnly() throws Exception {
        Path plain = etc.resolve("org.serverconnect.account-acme.cfg");
        Home.write(plain, Map.of("connection", "acme_c"), null);
        Path secret = etc.resolve("org.serverconnect.transport.pagero-c.cfg");
        Files.writeString(secret, "username = u\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Home.write(secret, Map.of(".password", "p"), null);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertTrue(Files.getPosixFilePermissions(plain).contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
    }
}
