package org.serverconnect.api.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a configuration was written, as people know it: {@code etc/serverconnect.xml} for one the installation file
 * describes, the {@code .cfg} file FileInstall read it from, or Configuration Admin itself (the web console, a
 * program). What the doctor and the log name when they say what to fix.
 */
public final class Origin {
    /**
     * The private key (never a service property) under which the installation file records itself in each
     * configuration it writes, as people know it ({@code etc/serverconnect.xml}).
     */
    public static final String KEY = ".serverconnect.origin";
    /** The property FileInstall sets to the file a configuration came from (a {@code file:} URL). */
    public static final String FILE = "felix.fileinstall.filename";

    private Origin() {
    }

    /**
     * @param properties a configuration's (or component's) properties
     * @param home       the home, to show files inside it relative to it; or {@code null}
     * @return {@code etc/serverconnect.xml}, {@code etc/org.serverconnect.account-acme.cfg} (relative to the home when
     *         inside it), or {@code Configuration Admin (<pid>)}
     */
    public static String of(Map<String, ?> properties, Path home) {
        Object xml = properties.get(KEY);
        if (xml != null && !xml.toString().isBlank()) {
            return xml.toString();
        }
        Object file = properties.get(FILE);
        if (file != null && !file.toString().isBlank()) {
            String f = file.toString();
            Path p;
            try {
                p = f.startsWith("file:") ? Path.of(URI.create(f)) : Path.of(f);
            } catch (RuntimeException e) {
                return f;
            }
            if (home != null) {
                Path h = home.toAbsolutePath().normalize();
                Path a = p.toAbsolutePath().normalize();
                if (a.startsWith(h)) {
                    return h.relativize(a).toString();
                }
            }
            return p.toString();
        }
        return "Configuration Admin (" + properties.get("service.pid") + ")";
    }

    /** @return whether the configuration was written from the installation file */
    public static boolean fromInstallationFile(Map<String, ?> properties) {
        return properties.get(KEY) != null;
    }
}
