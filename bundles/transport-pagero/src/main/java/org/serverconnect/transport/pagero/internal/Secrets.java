package org.serverconnect.transport.pagero.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves a secret setting: a value written as {@code ${env:NAME}} comes from the environment, {@code ${file:PATH}}
 * from a file (trailing line breaks removed), anything else is the secret itself. Messages name the setting and the
 * reference, never the value.
 */
final class Secrets {
    private final Function<String, String> env;

    Secrets() {
        this(System::getenv);
    }

    Secrets(Function<String, String> env) {
        this.env = env;
    }

    String resolve(String setting, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (value.startsWith("${env:") && value.endsWith("}")) {
            String name = value.substring(6, value.length() - 1);
            String v = env.apply(name);
            if (v == null) {
                throw new IllegalArgumentException(setting + " refers to the environment variable " + name
                        + ", which is not set");
            }
            return v;
        }
        if (value.startsWith("${file:") && value.endsWith("}")) {
            Path file = Path.of(value.substring(7, value.length() - 1));
            try {
                return Files.readString(file, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
            } catch (IOException e) {
                throw new IllegalArgumentException(setting + " refers to the file " + file + ", which cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        return value;
    }

    /**
     * Refuses a secret written under a plain key (visible to every bundle as a service property, and in the web
     * console), naming the private key to use instead.
     */
    static void refusePlainSecrets(Map<String, Object> properties, String... secretKeys) {
        for (String key : secretKeys) {
            if (properties.containsKey(key)) {
                throw new IllegalArgumentException("'" + key + "' is a secret: write it as '." + key
                        + "' (a private property that is never published), or as ." + key + " = ${env:NAME} or ${file:PATH}");
            }
        }
    }
}
