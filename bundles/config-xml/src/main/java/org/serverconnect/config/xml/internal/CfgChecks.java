package org.serverconnect.config.xml.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks configurations written as {@code .cfg} files (or given on the command line) by the same rules as the
 * installation file: known keys, secrets under their private keys, values the XSD allows, then the component's own
 * checks ({@link SettingsChecks}). Each problem names the file and the key's line in it.
 */
final class CfgChecks {

    private CfgChecks() {
    }

    /**
     * @param item an instance of a known kind ({@link Kind#OTHER} is not checked)
     * @param file its {@code .cfg} file, for the lines of keys, or {@code null} (the command line)
     * @param settings the components' own checks, run once the keys and the XSD's types are right
     */
    static List<Problem> check(Item item, Path file, SettingsChecks settings) {
        List<Problem> problems = new ArrayList<>();
        if (item.kind() == Kind.OTHER) {
            return problems;
        }
        Catalog catalog = Catalog.get();
        for (String key : item.values().keySet()) {
            if (key.equals("name") || key.endsWith(".target") || key.startsWith("webconsole.")) {
                continue;       // the name, wiring targets written by hand, the console's hint
            }
            Catalog.Key k = catalog.key(item.kind(), key);
            if (k == null) {
                problems.add(problem(item, file, key, "'" + key + "' is not a setting of a " + item.kind().element
                        + " (settings: " + String.join(", ", catalog.keys(item.kind()).keySet()) + ")"));
            } else if (k.secret() && !key.startsWith(".")) {
                problems.add(problem(item, file, key, "'" + key + "' is a secret: write it as '." + key
                        + "' (a private property, never published), as a value, ${env:NAME} or ${file:PATH}"));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        byte[] xml = XmlWriter.write(List.of(new Item(item.kind(), item.factoryPid(), item.name(), item.values(), "", 0)), false)
                .getBytes(StandardCharsets.UTF_8);
        for (Problem p : InstallationReader.validate(xml, item.origin())) {
            String element = p.element() == null ? null : p.element().substring(1, p.element().length() - 1);
            Catalog.Key k = element == null ? null : catalog.key(item.kind(), element);
            String key = k == null ? null : k.stored();
            problems.add(problem(item, file, key, p.message()));
        }
        if (problems.isEmpty()) {
            problems.addAll(settings.check(item, file));
        }
        return problems;
    }

    /**
     * FileInstall replaces every {@code ${...}} of a {@code .cfg} file by a property or environment variable of that
     * name, and by nothing when there is none: {@code ${file:PATH}} arrives empty, {@code ${env:NAME}} as the secret
     * itself. Written {@code $\\{...}} it arrives as written and the component resolves it.
     *
     * @return a problem for each line of the file with an unescaped {@code ${}
     */
    static List<Problem> references(Path file, String origin) {
        List<Problem> problems = new ArrayList<>();
        try {
            List<String> lines = java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                int at = line.indexOf("${");
                if (line.startsWith("#") || line.startsWith("!") || at < 0) {
                    continue;
                }
                String key = line.split("[=:\\s]", 2)[0];
                problems.add(new Problem(origin, i + 1, key, "FileInstall replaces ${...} in .cfg files (by nothing for "
                        + "${file:...}, by the secret itself for ${env:...}): write it as $\\\\{" + line.substring(at + 2)
                        .replaceFirst("}.*", "") + "} so that it reaches the component as written (the command line "
                        + "writes it so)"));
            }
        } catch (java.io.IOException e) {
            problems.add(new Problem(origin, 0, null, "cannot be read: " + e.getMessage()));
        }
        return problems;
    }

    private static Problem problem(Item item, Path file, String key, String message) {
        int line = file == null || key == null ? 0 : Home.lineOf(file, key);
        return new Problem(item.origin(), line, key, message);
    }
}
