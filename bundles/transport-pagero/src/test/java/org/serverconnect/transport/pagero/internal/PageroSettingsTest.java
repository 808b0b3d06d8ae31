package org.serverconnect.transport.pagero.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageroSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void settingsRefuseWhatWouldNeverWorkAndPrintNoSecret() {
        URI ok = URI.create("https://api.example");
        PageroSettings s = new PageroSettings("n", ok, ok, "client", "the-secret", "user", "the-password", List.of(),
                "Test", Duration.ofSeconds(1), Duration.ofSeconds(1), 1, null, null, null, null, null);
        assertFalse(s.toString().contains("the-secret") || s.toString().contains("the-password"), s.toString());
        assertThrows(IllegalArgumentException.class, () -> new PageroSettings("n", URI.create("http://api.example"), ok,
                "client", "s", "user", "p", List.of(), "Test", Duration.ofSeconds(1), Duration.ofSeconds(1), 1, null,
                null, null, null, null));
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class, () -> new PageroSettings("n", ok, ok,
                "client", "s", "user", "p", List.of(), "Live", Duration.ofSeconds(1), Duration.ofSeconds(1), 1, null,
                null, null, null, null));
        assertTrue(mode.getMessage().contains("sendMode"));
    }
}
