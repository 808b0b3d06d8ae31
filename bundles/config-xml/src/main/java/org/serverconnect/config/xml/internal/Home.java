package org.serverconnect.config.xml.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A home's configuration as files: the {@code etc/<factoryPid>-<name>.cfg} files Felix FileInstall applies and the
 * installation file {@code etc/serverconnect.xml}. The command line reads and writes these; the runtime, when it is
 * up, applies every change within a second or two (FileInstall and the installation file are both watched). A
 * {@code .cfg} file is edited in place, line by line, so the operator's comments and order are kept; it is always
 * replaced atomically.
 */
final class Home {
    static final String XML = "serverconnect.xml";
    private final Path home;
    private final Path etc;

    Home(Path home) {
        this.home = home;
        this.etc = home.resolve("etc");
    }

    Path etc() {
        return etc;
    }

    /** @return a path as people know it: relative to the home */
    String shown(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path h = home.toAbsolutePath().normalize();
        return abs.startsWith(h) ? h.relativize(abs).toString() : abs.toString();
    }

    /** @return the factory configurations of the {@code .cfg} files, in name order */
    List<Item> cfgItems() throws IOException {
        List<Item> out = new ArrayList<>();
        if (!Files.isDirectory(etc)) {
            return out;
        }
        try (Stream<Path> files = Files.list(etc)) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                int dash = n.indexOf('-');
                if (!n.endsWith(".cfg") || dash < 0) {
                    continue;       // a singleton configuration (no name) is not an instance
                }
                String factoryPid = n.substring(0, dash);
                String name = n.substring(dash + 1, n.length() - ".cfg".length());
                if (factoryPid.startsWith("org.apache.") || !factoryPid.contains(".")) {
                    continue;
                }
                out.add(new Item(Kind.ofPid(factoryPid), factoryPid, name, read(f), shown(f), 0));
            }
        }
        return out;
    }

    /** @return the installation file's bytes, or {@code null} when there is none */
    byte[] xml() throws IOException {
        Path f = etc.resolve(XML);
        return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
    }

    /** @return the {@code .cfg} file an instance would have */
    Path cfg(String factoryPid, String name) {
        return etc.resolve(factoryPid + "-" + name + ".cfg");
    }

    /** @return the keys and values of a {@code .cfg} file (properties syntax, as FileInstall reads it) */
    static Map<String, List<String>> read(Path cfg) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(cfg, StandardCharsets.UTF_8)));
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames().stream().sorted().toList()) {
            // FileInstall reads "$\{" as a literal "${" (see line())
            values.put(key, List.of(p.getProperty(key).trim().replace("$\\{", "${")));
        }
        return values;
    }

    /** @return the line of a key in a {@code .cfg} file, 0 when it is not there */
    static int lineOf(Path cfg, String key) {
        try {
            List<String> lines = Files.readAllLines(cfg, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (isKeyLine(lines.get(i), key)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /**
     * Sets keys of a {@code .cfg} file, creating it when missing: a key's line is replaced where it is, a new key is
     * added at the end, a {@code null} value removes the key. Comments and other lines stay as they are.
     */
    static void write(Path cfg, Map<String, String> changes, String header) throws IOException {
        List<String> lines = Files.exists(cfg) ? new ArrayList<>(Files.readAllLines(cfg, StandardCharsets.UTF_8))
                : new ArrayList<>(header == null ? List.of() : List.of("# " + header));
        for (Map.Entry<String, String> c : changes.entrySet()) {
            boolean replaced = false;
            for (int i = 0; i < lines.size(); i++) {
                if (isKeyLine(lines.get(i), c.getKey())) {
                    if (c.getValue() == null || replaced) {
                        lines.remove(i--);
                    } else {
                        lines.set(i, line(c.getKey(), c.getValue()));
                        replaced = true;
                    }
                }
            }
            if (!replaced && c.getValue() != null) {
                lines.add(line(c.getKey(), c.getValue()));
            }
        }
        Path tmp = cfg.resolveSibling("." + cfg.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        // a file that holds a secret (a key with a leading dot) is for its owner only, the runtime's account
        boolean secret = lines.stream().anyMatch(l -> l.stripLeading().startsWith("."));
        if (secret && tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        }
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, cfg, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, cfg, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isKeyLine(String line, String key) {
        String t = line.stripLeading();
        if (!t.startsWith(key)) {
            return false;
        }
        String rest = t.substring(key.length()).stripLeading();
        return rest.startsWith("=") || rest.startsWith(":");
    }

    /**
     * @return {@code key = value} in properties syntax (backslashes and line breaks escaped); a {@code ${} is written
     *         {@code $\\{}, because FileInstall replaces every {@code ${...}} it reads by a framework property or
     *         environment variable of that name, and by nothing when there is none: {@code ${file:PATH}} would arrive
     *         empty, {@code ${env:NAME}} as the secret itself (then kept in Configuration Admin's store)
     */
    static String line(String key, String value) {
        String v = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("${", "$\\\\{");
        if (v.startsWith(" ")) {
            v = "\\" + v;
        }
        return key + " = " + v;
    }
}
