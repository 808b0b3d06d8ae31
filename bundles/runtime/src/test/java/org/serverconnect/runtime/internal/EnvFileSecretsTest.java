package org.serverconnect.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.Names;

class EnvFileSecretsTest {

    @TempDir
    Path tmp;

    private final EnvFileSecrets secrets = new EnvFileSecrets(Map.of("PAGERO_PW", "from-env")::get);

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
                () -> Names.requirePrivate(Map.of("password", "x"), "clientSecret", "password"));
        assertTrue(e.getMessage().contains("'.password'"), e.getMessage());
        Names.requirePrivate(Map.of(".password", "x"), "clientSecret", "password");
    }
}
