package org.serverconnect.config.xml.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Brings Configuration Admin to what an installation file describes, touching only the difference: a configuration
 * that is equal is not updated (its instance keeps running untouched), a changed one is updated in place (the
 * component's {@code @Modified}), one no longer described is deleted. Only configurations that came from the file
 * (they carry {@link #ORIGIN}) are ever changed or deleted; those from {@code .cfg} files or the command line never.
 */
final class Applier {
    /** Marks a configuration as written from the installation file (a private key: never a service property). */
    static final String ORIGIN = org.serverconnect.api.config.Origin.KEY;
    private static final String FILE = org.serverconnect.api.config.Origin.FILE;

    /**
     * @param added     labels of the instances created
     * @param changed   labels of the instances updated
     * @param removed   labels of the instances deleted
     * @param unchanged how many were left as they were
     */
    record Outcome(List<String> added, List<String> changed, List<String> removed, int unchanged) {
        @Override
        public String toString() {
            return "added " + list(added) + ", changed " + list(changed) + ", removed " + list(removed) + ", "
                    + unchanged + " unchanged";
        }

        private static String list(List<String> l) {
            return l.isEmpty() ? "none" : String.join(", ", l);
        }
    }

    private Applier() {
    }

    /** @return the Server Connect and other factory configurations that did not come from the file */
    static List<Item> elsewhere(ConfigurationAdmin cm) throws IOException {
        List<Item> out = new ArrayList<>();
        for (Configuration c : all(cm)) {
            Dictionary<String, Object> p = c.getProperties();
            if (p == null || c.getFactoryPid() == null || p.get(ORIGIN) != null) {
                continue;
            }
            Object file = p.get(FILE);
            String origin = file == null ? "the runtime's configuration (" + c.getPid() + ")"
                    : file.toString().replaceFirst("^file:", "");
            out.add(item(c, origin));
        }
        return out;
    }

    /**
     * Applies what the file describes. The items must have passed {@link InstallationReader} and {@link Checks}.
     *
     * @param origin the file, recorded in each configuration it writes
     */
    static Outcome apply(ConfigurationAdmin cm, List<Item> items, String origin) throws IOException {
        Map<String, Configuration> ours = new HashMap<>();
        for (Configuration c : all(cm)) {
            Dictionary<String, Object> p = c.getProperties();
            if (p != null && p.get(ORIGIN) != null && c.getFactoryPid() != null) {
                ours.put(c.getFactoryPid() + "~" + name(c), c);
            }
        }
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        int unchanged = 0;
        Map<String, Item> wanted = new LinkedHashMap<>();
        // connections and notifiers before the accounts that name them
        items.stream().filter(i -> i.kind() != Kind.ACCOUNT).forEach(i -> wanted.put(i.pid(), i));
        items.stream().filter(i -> i.kind() == Kind.ACCOUNT).forEach(i -> wanted.put(i.pid(), i));
        // accounts go before the connections and notifiers they named
        List<Map.Entry<String, Configuration>> gone = new ArrayList<>(ours.entrySet());
        gone.removeIf(e -> wanted.containsKey(e.getKey()));
        gone.sort((a, b) -> Boolean.compare(!Kind.ACCOUNT.factoryPid.equals(a.getValue().getFactoryPid()),
                !Kind.ACCOUNT.factoryPid.equals(b.getValue().getFactoryPid())));
        for (Map.Entry<String, Configuration> e : gone) {
            String label = label(e.getValue());
            e.getValue().delete();
            removed.add(label);
        }
        for (Item item : wanted.values()) {
            Configuration c = ours.get(item.pid());
            boolean create = c == null;
            if (create) {
                c = cm.getFactoryConfiguration(item.factoryPid(), item.name(), "?");
            }
            Dictionary<String, Object> properties = item.properties();
            properties.put(ORIGIN, origin);
            if (c.updateIfDifferent(properties)) {
                (create ? added : changed).add(item.label());
            } else {
                unchanged++;
            }
        }
        return new Outcome(added, changed, removed, unchanged);
    }

    private static String label(Configuration c) {
        return item(c, "").label();
    }

    private static Item item(Configuration c, String origin) {
        return new Item(Kind.ofPid(c.getFactoryPid()), c.getFactoryPid(), name(c), Map.of(), origin, 0);
    }

    /** @return the instance name: after {@code ~} in the PID, else the {@code name} key, else the PID */
    static String name(Configuration c) {
        String pid = c.getPid();
        int tilde = pid.indexOf('~');
        if (tilde >= 0) {
            return pid.substring(tilde + 1);
        }
        Dictionary<String, Object> p = c.getProperties();
        Object name = p == null ? null : p.get("name");
        return name == null ? pid : name.toString();
    }

    private static List<Configuration> all(ConfigurationAdmin cm) throws IOException {
        try {
            Configuration[] all = cm.listConfigurations(null);
            return all == null ? List.of() : List.of(all);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
