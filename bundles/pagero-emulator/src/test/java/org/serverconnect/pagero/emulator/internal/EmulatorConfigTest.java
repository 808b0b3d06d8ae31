package org.serverconnect.pagero.emulator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file: its keys, their defaults, and values it refuses. */
class EmulatorConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheDocumentedOnes() {
        EmulatorConfig c = EmulatorConfig.demo();
        assertEquals(1, c.partsPerFile());
        assertEquals(0, c.documentLagMillis());
        assertEquals(0, c.duplicateControl());
        assertEquals(true, c.fetchRequiresDownload());
        assertEquals("strict", c.showFetchedOnly());
        assertEquals(false, c.strictAccept());
        assertEquals(600, c.tokenLifetimeSeconds());
    }

    @Test
    void theNewKeysAreReadFromTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("emulator.json"), "{\"clients\":[{\"id\":\"c\",\"secret\":\"s\"}],"
                + "\"partsPerFile\":3,\"documentLagMillis\":2000,\"duplicateControl\":7,\"fetchRequiresDownload\":false,"
                + "\"showFetchedOnly\":\"lenient\"}");
        EmulatorConfig c = EmulatorConfig.read(file);
        assertEquals(3, c.partsPerFile());
        assertEquals(2000, c.documentLagMillis());
        assertEquals(7, c.duplicateControl());
        assertEquals(false, c.fetchRequiresDownload());
        assertEquals("lenient", c.showFetchedOnly());
        assertEquals(List.of(new EmulatorConfig.Client("c", "s")), c.clients());
    }

    @Test
    void unknownKeysAndWrongValuesAreRefusedNamingThem() throws Exception {
        for (String json : List.of("{\"partsPerFiles\":2}", "{\"partsPerFile\":0}", "{\"documentLagMillis\":-1}",
                "{\"duplicateControl\":13}", "{\"showFetchedOnly\":\"maybe\"}")) {
            Path file = Files.writeString(dir.resolve("bad.json"), json);
            IOException e = assertThrows(IOException.class, () -> EmulatorConfig.read(file), json);
            String key = json.substring(2, json.indexOf('"', 2));
            assertTrue(e.getMessage().contains(key), json + ": " + e.getMessage());
        }
    }
}
