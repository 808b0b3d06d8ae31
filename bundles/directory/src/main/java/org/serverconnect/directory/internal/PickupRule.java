package org.serverconnect.directory.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.serverconnect.api.document.OutboxSettings.Pickup;

/** When a file in an outbox is complete. One instance per outbox; called from one run at a time. */
abstract class PickupRule {

    /**
     * @param file  a candidate (not hidden, not temporary, not a marker)
     * @param size  its size now
     * @param mtime its modification time now, in milliseconds
     * @param now   the current time, in milliseconds
     * @return whether it may be claimed
     */
    abstract boolean ready(Path file, long size, long mtime, long now);

    /** Forgets what it remembers of files that are no longer candidates (claimed, deleted, out of the window). */
    void retainOnly(Set<Path> candidates) {
    }

    /** The marker file that belongs to {@code file}, or null when the rule uses none. */
    Path marker(Path file) {
        return null;
    }

    /** Whether {@code file} is a marker of this rule (never a candidate itself). */
    boolean isMarker(Path file) {
        return false;
    }

    static PickupRule of(Pickup pickup, String doneFile) {
        return switch (pickup.kind()) {
        case STABLE -> new Stable(pickup.stableFor(), pickup.minAge());
        case DONE_FILE -> new DoneFile(doneFile);
        case RENAME -> new Rename();
        };
    }

    /**
     * Size and modification time unchanged for {@code stableFor}, at least {@code minAge} since we first saw the file
     * (not its own timestamp: a copy keeps an old one), and the file can be opened for reading.
     */
    static final class Stable extends PickupRule {
        private record Seen(long firstSeen, long size, long mtime, long unchangedSince) {
        }

        private final long stableFor;
        private final long minAge;
        private final Map<Path, Seen> seen = new HashMap<>();

        Stable(Duration stableFor, Duration minAge) {
            this.stableFor = stableFor.toMillis();
            this.minAge = minAge.toMillis();
        }

        @Override
        boolean ready(Path file, long size, long mtime, long now) {
            Seen s = seen.get(file);
            if (s == null) {
                seen.put(file, new Seen(now, size, mtime, now));
                return stableFor == 0 && minAge == 0 && readable(file);
            }
            if (s.size() != size || s.mtime() != mtime) {
                seen.put(file, new Seen(s.firstSeen(), size, mtime, now));
                return false;
            }
            return now - s.unchangedSince() >= stableFor && now - s.firstSeen() >= minAge && readable(file);
        }

        @Override
        void retainOnly(Set<Path> candidates) {
            seen.keySet().retainAll(candidates);
        }

        private static boolean readable(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    /**
     * A marker file says the file is complete. Its name is a template: {@code {name}} is the file's whole name,
     * {@code {base}} its name without the extension; the default {@code {name}.done} marks {@code a.xml} with
     * {@code a.xml.done}, {@code {base}.ok} with {@code a.ok}.
     */
    static final class DoneFile extends PickupRule {
        private final String template;
        private final java.util.regex.Pattern markers;

        DoneFile(String template) {
            if (!template.contains("{name}") && !template.contains("{base}")) {
                throw new IllegalArgumentException("doneFile must contain {name} or {base}, was '" + template + "'");
            }
            if (template.contains("/") || template.contains("\\")) {
                throw new IllegalArgumentException("doneFile must be a file name, not a path: '" + template + "'");
            }
            this.template = template;
            StringBuilder regex = new StringBuilder();
            for (String part : template.split("(?=\\{name\\}|\\{base\\})|(?<=\\{name\\}|\\{base\\})")) {
                regex.append(part.equals("{name}") || part.equals("{base}") ? ".+" : java.util.regex.Pattern.quote(part));
            }
            this.markers = java.util.regex.Pattern.compile(regex.toString());
        }

        @Override
        boolean ready(Path file, long size, long mtime, long now) {
            return Files.isRegularFile(marker(file));
        }

        @Override
        Path marker(Path file) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String base = dot > 0 ? name.substring(0, dot) : name;
            return file.resolveSibling(template.replace("{name}", name).replace("{base}", base));
        }

        @Override
        boolean isMarker(Path file) {
            // A marker is any name the template can produce; {base}.ok-style markers therefore need an
            // extension the data files do not use.
            return markers.matcher(file.getFileName().toString()).matches();
        }
    }

    /** Writers write under a temporary name and rename: any name that is not temporary is ready. */
    static final class Rename extends PickupRule {
        @Override
        boolean ready(Path file, long size, long mtime, long now) {
            return true;
        }
    }
}
