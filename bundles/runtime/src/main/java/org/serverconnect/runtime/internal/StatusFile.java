package org.serverconnect.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes the runtime status file atomically (temporary file, then rename), so the launcher never reads half of it.
 * Values are written on one line each; line breaks inside values are replaced by spaces.
 */
final class StatusFile {
    private final Path file;

    StatusFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    void write(Map<String, String> properties) throws IOException {
        StringBuilder text = new StringBuilder("# Written by the runtime for bin/serverconnect status; do not edit.\n");
        properties.forEach((k, v) -> text.append(k).append('=').append(v.replace('\n', ' ').replace('\r', ' '))
                .append('\n'));
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
