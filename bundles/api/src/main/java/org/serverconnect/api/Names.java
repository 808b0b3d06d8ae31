package org.serverconnect.api;

/**
 * Service property keys shared by all Server Connect services.
 *
 * <p>Each key is declared once, here or next to the interface that reads it.
 */
public final class Names {

    /**
     * The operator-given name of a configured instance (a connection, a notifier, an account), as a
     * {@code String}. It is unique per service interface; accounts select instances with
     * {@code (name=<value>)}. A name may contain {@code -}: Felix FileInstall splits
     * {@code <factoryPid>-<name>.cfg} at the first {@code -}, and no Server Connect factory PID has one.
     */
    public static final String NAME = "name";

    /** Prefix of every Server Connect configuration PID. */
    public static final String PID_PREFIX = "org.serverconnect.";

    private Names() {
    }

    /**
     * Refuses a secret written under a plain key: such a key becomes a service property, visible to every bundle
     * and in the web console. The message names the private key to use instead.
     *
     * @param properties a component's configuration properties
     * @param secretKeys the secret settings' names without the leading dot ({@code password})
     * @throws IllegalArgumentException if any of them is present under its plain name
     */
    public static void requirePrivate(java.util.Map<String, ?> properties, String... secretKeys) {
        for (String key : secretKeys) {
            if (properties.containsKey(key)) {
                throw new IllegalArgumentException("'" + key + "' is a secret: write it as '." + key
                        + "' (a private property that is never published), or as ." + key + " = ${env:NAME} or ${file:PATH}");
            }
        }
    }

    /**
     * Checks that {@code name} is usable as an instance name: 1 to 64 characters from
     * {@code [A-Za-z0-9_.-]}, starting with a letter or digit. Such a name is safe in a file name
     * ({@code <factoryPid>-<name>.cfg}), a folder name and an LDAP filter.
     *
     * @param what what the name is of, for the message ("connection", "notifier", ...)
     * @param name the name to check
     * @return the name, unchanged
     * @throws IllegalArgumentException with a message naming {@code what} if the name is not usable
     */
    public static String requireValidName(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " name is missing: set 'name' or name the file <pid>-<name>.cfg");
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException(what + " name '" + name
                    + "' is not allowed: use 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit");
        }
        return name;
    }
}
