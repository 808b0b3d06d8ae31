package org.serverconnect.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.function.Function;

import org.osgi.service.component.annotations.Component;
import org.serverconnect.api.SecretResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's {@link SecretResolver}. Resolves a secret setting: a value written as {@code ${env:NAME}} comes from the environment, {@code ${file:PATH}}
 * from a file (trailing line breaks removed), anything else is the secret itself. Messages name the setting and the
 * reference, never the value.
 */
@Component
public final class EnvFileSecrets implements SecretResolver {
    private static final Logger LOG = LoggerFactory.getLogger(EnvFileSecrets.class);
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
                warnWhenOthersCanRead(setting, file);
                return Files.readString(file, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
            } catch (IOException e) {
                throw new IllegalArgumentException(setting + " refers to the file " + file + ", which cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        return value;
    }

    /** A secret file anyone but its owner (the service account) can read draws a warning, each time it is read. */
    private static void warnWhenOthersCanRead(String setting, Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("{}: the secret file {} can be read by others than its owner; make it readable by the service "
                        + "account only (chmod 600 {})", setting, file, file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // missing (reported by the read) or not a POSIX file system
        }
    }
}
