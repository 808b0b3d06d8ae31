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

class SecretsTest {

    @TempDir
    Path tmp;

    private final Secrets secrets = new Secrets(Map.of("PAGERO_PW", "from-env")::get);

    @Test
    void referencesAreResolvedFromTheEnvironmentAndFromFiles() throws Exception {
        assertEquals("from-env", secrets.resolve(".password", "${env:PAGERO_PW}"));
        Path f = Files.writeString(tmp.resolve("secret"), "from-file\n");
        assertEquals("from-file", secrets.resolve(".password", "${file:" + f + "}"));
        assertEquals("literal", secrets.resolve(".password", "literal"));
    }

    @Test
    void aMissingReferenceIsNamedButNeverItsValue() {
        IllegalArgumentException env = assertThrows(IllegalArgumentException.class,
                () -> secrets.resolve(".clientSecret", "${env:NOT_SET}"));
        assertTrue(env.getMessage().contains(".clientSecret") && env.getMessage().contains("NOT_SET"), env.getMessage());
        IllegalArgumentException file = assertThrows(IllegalArgumentException.class,
                () -> secrets.resolve(".password", "${file:/nonexistent/secret}"));
        assertTrue(file.getMessage().contains("/nonexistent/secret"), file.getMessage());
    }

    @Test
    void aSecretUnderAPlainKeyIsRefusedWithTheKeyToUse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Secrets.refusePlainSecrets(Map.of("password", "x"), "clientSecret", "password"));
        assertTrue(e.getMessage().contains("'.password'"), e.getMessage());
        Secrets.refusePlainSecrets(Map.of(".password", "x"), "clientSecret", "password");
    }

    @Test
    void settingsRefuseWhatWouldNeverWorkAndPrintNoSecret() {
        URI ok = URI.create("https://api.example");
        PageroSettings s = new PageroSettings("n", ok, ok, "client", "the-secret", "user", "the-password", List.of(),
                "Test", Duration.ofSeconds(1), Duration.ofSeconds(1), 1, null, null, null, null, null, Duration.ofSeconds(1));
        assertFalse(s.toString().contains("the-secret") || s.toString().contains("the-password"), s.toString());
        assertThrows(IllegalArgumentException.class, () -> new PageroSettings("n", URI.create("http://api.example"), ok,
                "client", "s", "user", "p", List.of(), "Test", Duration.ofSeconds(1), Duration.ofSeconds(1), 1, null,
                null, null, null, null, Duration.ofSeconds(1)));
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class, () -> new PageroSettings("n", ok, ok,
                "client", "s", "user", "p", List.of(), "Live", Duration.ofSeconds(1), Duration.ofSeconds(1), 1, null,
                null, null, null, null, Duration.ofSeconds(1)));
        assertTrue(mode.getMessage().contains("sendMode"));
    }
}
