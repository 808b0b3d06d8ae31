package org.serverconnect.config.xml.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the XSD cannot see: the same instance described twice (in the file, or in the file and a {@code .cfg} file),
 * a key that takes one value given twice, accounts naming connections or notifiers that exist nowhere, and what the
 * components themselves would refuse ({@link SettingsChecks}: timetables, windows, time zones, numbers, ...).
 */
final class Checks {

    private Checks() {
    }

    /**
     * @param described the items of the file being checked
     * @param elsewhere the items configured in other ways ({@code .cfg} files, the command line), which the file must
     *                  not describe again but may refer to
     * @return the problems, each placed in the file
     */
    static List<Problem> check(List<Item> described, Collection<Item> elsewhere, SettingsChecks settings) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Item> byPid = new HashMap<>();
        for (Item other : elsewhere) {
            byPid.put(other.pid(), other);
        }
        Map<String, Item> seen = new HashMap<>();
        for (Item item : described) {
            Item before = seen.putIfAbsent(item.pid(), item);
            if (before != null) {
                problems.add(problem(item, "already described at line " + before.line() + "; a name is used once per kind"));
            }
            Item other = byPid.get(item.pid());
            if (other != null) {
                problems.add(problem(item, "also configured in " + other.origin()
                        + "; configure it in one place (remove it there or here)"));
            }
            Catalog catalog = Catalog.get();
            item.values().forEach((key, values) -> {
                Catalog.Key k = catalog.key(item.kind(), key);
                if (k != null && !k.multiple() && values.size() > 1) {
                    problems.add(problem(item, "<" + k.name() + "> is given " + values.size() + " times; it takes one value"));
                }
            });
        }
        problems.addAll(references(described, elsewhere));
        for (Item item : described) {
            problems.addAll(settings.check(item, null));
        }
        return problems;
    }

    /**
     * @return the problems of accounts among {@code described} that name connections or notifiers configured in
     *         neither {@code described} nor {@code elsewhere}
     */
    static List<Problem> references(List<Item> described, Collection<Item> elsewhere) {
        List<Problem> problems = new ArrayList<>();
        Set<String> connections = new TreeSet<>();
        Set<String> notifiers = new TreeSet<>();
        for (Collection<Item> items : List.of(described, elsewhere)) {
            for (Item i : items) {
                if (i.kind() == Kind.PAGERO) {
                    connections.add(i.name());
                } else if (i.kind().noun.equals("notifier") || i.kind() == Kind.OTHER) {   // a bundle's own notifier
                    notifiers.add(i.name());
                }
            }
        }
        for (Item item : described) {
            if (item.kind() != Kind.ACCOUNT) {
                continue;
            }
            String connection = item.get("connection");
            if (connection != null && !connection.isBlank() && !connections.contains(connection.trim())) {
                problems.add(problem(item, "<connection> names '" + connection.trim() + "', which is not configured"
                        + known(connections, "connections")));
            }
            for (String n : names(item.values().get("notify"))) {
                if (!notifiers.contains(n)) {
                    problems.add(problem(item, "<notify> names '" + n + "', which is not configured" + known(notifiers, "notifiers")));
                }
            }
        }
        return problems;
    }

    /** @return the names in values that may each be comma-separated */
    static List<String> names(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            }
        }
        return out;
    }

    private static String known(Set<String> names, String what) {
        return names.isEmpty() ? " (there are no " + what + ")" : " (" + what + ": " + String.join(", ", names) + ")";
    }

    private static Problem problem(Item item, String message) {
        return new Problem(item.origin(), item.line(), SettingsChecks.element(item), message);
    }
}
