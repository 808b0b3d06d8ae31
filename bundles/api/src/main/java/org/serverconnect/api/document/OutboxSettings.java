package org.serverconnect.api.document;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one account's outbox is laid out and when a file in it counts as ready.
 *
 * @param account  the account's name, for messages
 * @param outbox   where the accounting system drops files
 * @param work     where claimed files wait while they are processed (same file system as the outbox, so the claim is
 *                 an atomic move)
 * @param sent     where sent files go
 * @param error    where refused files go, each with a reason file
 * @param archive  where sent files go instead of {@code sent} when archiving is on; {@code null} for none
 * @param pickup   the pick-up rule
 * @param include  glob patterns of file names to take (empty: all)
 * @param exclude  glob patterns of file names never to take
 * @param options  further source-specific settings (for example the done-file pattern or stable interval), by key
 */
public record OutboxSettings(String account, Path outbox, Path work, Path sent, Path error, Path archive,
        Pickup pickup, List<String> include, List<String> exclude, Map<String, String> options) {

    public OutboxSettings {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(sent, "sent");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(pickup, "pickup");
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        options = Map.copyOf(options);
    }

    /**
     * A pick-up rule: when a file in the outbox is complete and may be claimed.
     *
     * @param kind      the rule
     * @param stableFor for {@link Kind#STABLE}: how long size and modification time must stay unchanged
     * @param minAge    for {@link Kind#STABLE}: how long since the file was first seen (not its own timestamp)
     */
    public record Pickup(Kind kind, Duration stableFor, Duration minAge) {
        public Pickup {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(stableFor, "stableFor");
            Objects.requireNonNull(minAge, "minAge");
            if (stableFor.isNegative() || minAge.isNegative()) {
                throw new IllegalArgumentException("pickup durations must not be negative");
            }
        }

        /** The kinds of pick-up rule. */
        public enum Kind {
            /** Size and modification time unchanged for a while, and the file can be opened. */
            STABLE,
            /** A marker file ({@code <name>.done} by default) says the file is complete. */
            DONE_FILE,
            /** Writers write under a temporary name and rename; any other name is ready. */
            RENAME
        }
    }
}
