package org.serverconnect.api.config;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks the settings of one kind of configuration exactly as its component reads them when it starts, so that a
 * value is refused before it is written, with the component's own message, instead of a running instance going
 * OFFLINE. The command line, {@code serverconnect config check} and the installation file ({@code serverconnect.xml})
 * run every check there is for a configuration before anything is written or applied.
 *
 * <p>A bundle implements it next to its component, with the component's own code, and offers it twice: as an OSGi
 * service (for the installation file, read inside the runtime) and as a {@link java.util.ServiceLoader} provider of
 * this interface (for the configuration command line, which runs on a plain class path with the runtime up or down).
 * A ServiceLoader provider has a public constructor without parameters.
 */
@ConsumerType
public interface SettingsCheck {

    /** @return the factory PID whose configurations this checks ({@code org.serverconnect.account}) */
    String factoryPid();

    /**
     * @param name       the instance's name (the part of {@code <factoryPid>-<name>.cfg} after the first {@code -})
     * @param properties its settings as a {@code .cfg} file gives them: each a string, secrets under their dotted keys,
     *                   several values of a key joined with {@code ", "}
     * @return what is wrong, as the component would say it; empty when it would start with these settings
     */
    List<Problem> check(String name, Map<String, String> properties);

    /**
     * One refused setting.
     *
     * @param key     the setting as written in a {@code .cfg} file ({@code send.schedule}), or {@code null} when the
     *                problem is not one key's
     * @param message what is wrong and what is expected, naming the setting; never a secret's value
     */
    record Problem(String key, String message) {
        public Problem {
            java.util.Objects.requireNonNull(message, "message");
        }
    }
}
