package org.serverconnect.pagero.emulator.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The emulator's journal {@code <data>/state.jsonl}: one JSON line per {@link Events event}, appended and flushed as it
 * happens, replayed at start. A line cut short by a crash ends the replay. Appends from several threads are serialised.
 */
final class StateJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateJournal.class);
    static final String FILE = "state.jsonl";

    private final Path file;
    private final ObjectMapper json;
    private BufferedWriter log;

    StateJournal(Path data, ObjectMapper json) {
        this.file = data.resolve(FILE);
        this.json = json;
    }

    Path file() {
        return file;
    }

    /** Hands every event recorded so far to {@code apply}, then opens the journal for appending; returns the count. */
    int replay(Consumer<Events> apply) throws IOException {
        int n = 0;
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    apply.accept(json.readValue(line, Events.class));
                    n++;
                } catch (IOException e) {
                    // A line cut short by a crash is the last one: stop there.
                    LOG.warn("Emulator state: ignoring unreadable line {} of {}: {}", n + 1, file, e.getMessage());
                    break;
                }
            }
        }
        log = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return n;
    }

    synchronized void append(Events event) {
        try {
            log.write(json.writeValueAsString(event));
            log.write('\n');
            log.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write emulator state to " + file, e);
        }
    }

    /** Forgets every event recorded. */
    synchronized void truncate() throws IOException {
        log.close();
        log = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    @Override
    public synchronized void close() {
        try {
            log.close();
        } catch (IOException e) {
            LOG.warn("Emulator state: closing {} failed: {}", file, e.toString());
        }
    }
}
