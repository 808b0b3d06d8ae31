package org.serverconnect.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import org.osgi.service.component.annotations.Component;
import org.serverconnect.api.SecretResolver;

/**
 * The runtime's {@link SecretResolver}. Resolves a secret setting: a value written as {@code ${env:NAME}} comes from the environment, {@code ${file:PATH}}
 * from a file (trailing line breaks removed), anything else is the secret itself. Messages name the setting and the
 * reference, never the value.
 */
@Component
public final class EnvFileSecrets implements SecretResolver {
    private final Function<String, String> env;

    public EnvFileSecrets() {
        this(System::getenv);
    }

    EnvFileSecrets(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public String resolve(String setting, String value) {
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

}
