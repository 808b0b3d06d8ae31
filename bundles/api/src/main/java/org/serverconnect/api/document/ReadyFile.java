package org.serverconnect.api.document;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A file in an outbox that is ready to be claimed. An empty file ({@code size == 0}) is listed too, so that the
 * caller refuses it with a reason instead of it waiting in the outbox unnoticed.
 *
 * @param path     where it is now, inside the outbox
 * @param size     its size in bytes when it was found ready
 * @param modified its modification time when it was found ready
 */
public record ReadyFile(Path path, long size, Instant modified) {
    public ReadyFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(modified, "modified");
    }

    /** @return the file's name, without folders */
    public String name() {
        return path.getFileName().toString();
    }
}
