package org.serverconnect.config.xml.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import org.serverconnect.api.config.SettingsCheck;

/**
 * The components' own checks of their settings ({@link SettingsCheck}), run on an instance before it is written or
 * applied: the account's numbers, choices, time zone, timetables and window, with the account's own messages. Inside
 * the runtime they are the services the bundles register; on the command line's plain class path the
 * {@link ServiceLoader} providers in the bundles' jars.
 */
final class SettingsChecks {
    private final List<SettingsCheck> checks;

    SettingsChecks(List<SettingsCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** @return the checks on the class path (the command line) */
    static SettingsChecks onClassPath() {
        List<SettingsCheck> found = new ArrayList<>();
        ServiceLoader.load(SettingsCheck.class, SettingsChecks.class.getClassLoader()).forEach(found::add);
        return new SettingsChecks(found);
    }

    /** @return the factory PIDs there are checks for */
    List<String> factoryPids() {
        return checks.stream().map(SettingsCheck::factoryPid).distinct().sorted().toList();
    }

    /**
     * @param item an instance whose keys and values the XSD already accepted
     * @param file its {@code .cfg} file, for the lines of keys; {@code null} for the installation file (the item's line)
     *             or the command line
     * @return what its component would refuse
     */
    List<Problem> check(Item item, Path file) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> properties = new TreeMap<>();
        item.values().forEach((k, v) -> properties.put(k, String.join(", ", v)));
        for (SettingsCheck c : checks) {
            if (!c.factoryPid().equals(item.factoryPid())) {
                continue;
            }
            List<SettingsCheck.Problem> found;
            try {
                found = c.check(item.name(), properties);
            } catch (RuntimeException | LinkageError e) {
                found = List.of(new SettingsCheck.Problem(null, "cannot be checked: " + e));
            }
            for (SettingsCheck.Problem p : found) {
                if (item.line() > 0) {          // the installation file: the instance's element
                    problems.add(new Problem(item.origin(), item.line(), element(item), p.message()));
                } else {
                    int line = file == null || p.key() == null ? 0 : Home.lineOf(file, p.key());
                    // the component's message names the setting itself ("send.schedule: ...")
                    String key = p.key() != null && p.message().startsWith(p.key()) ? null : p.key();
                    problems.add(new Problem(item.origin(), line, key, p.message()));
                }
            }
        }
        return problems;
    }

    static String element(Item item) {
        return item.kind() == Kind.OTHER ? "<configuration factoryPid=\"" + item.factoryPid() + "\" name=\""
                + item.name() + "\">" : "<" + item.kind().element + " name=\"" + item.name() + "\">";
    }
}
