package org.serverconnect.api.document;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A file that an outbox moved into its work folder; only the account that claimed it touches it until it is
 * settled or released.
 *
 * @param path         where it is now, inside the work folder
 * @param originalName its name in the outbox (what people recognise, and what settle and release restore)
 * @param size         its size in bytes
 * @param claimedAt    when it was claimed
 */
public record ClaimedFile(Path path, String originalName, long size, Instant claimedAt) {
    public ClaimedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(originalName, "originalName");
        Objects.requireNonNull(claimedAt, "claimedAt");
    }
}
