package org.serverconnect.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.serverconnect.api.document.ClaimedFile;
import org.serverconnect.api.format.Converter;
import org.serverconnect.api.format.FormatException;

/**
 * What is uploaded for a claimed file: the file itself, or, for a CSV file of an account with {@code csv = true}, the
 * Peppol BIS 3 UBL it converts into, written to the engine's own {@code data/converted/<account>/<document id>.xml}
 * (never into the customer's folders). Conversion is a pure function of the file, so after an interruption the same
 * bytes are made again. When the CSV file is sent, its UBL goes beside it; when it is refused, the UBL is removed.
 */
final class Payloads {
    /** Why a CSV file waits when the converter is missing. */
    static final String NO_CONVERTER = "csv = true, but the CSV converter bundle (format-csv) is not installed";

    /** What is uploaded: its path, and the name it is uploaded under. */
    record Payload(Path path, String name) {
    }

    private final AccountSettings settings;
    private final Path folder;
    private final Supplier<Converter> converter;

    /** @param journalFile the journal's file: converted payloads live beside it, per account */
    Payloads(AccountSettings settings, Path journalFile, Supplier<Converter> converter) {
        this.settings = settings;
        this.folder = journalFile.toAbsolutePath().getParent().resolve("converted").resolve(settings.name());
        this.converter = converter;
    }

    boolean isCsv(ClaimedFile c) {
        return settings.csv() && c.originalName().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    /**
     * @return what to upload for the file, or {@code null} when it needs the converter and the converter is not
     *         installed (the file waits; {@link #NO_CONVERTER} says why)
     * @throws FormatException when the CSV file does not convert: the reason names its line and column
     */
    Payload of(ClaimedFile c, long documentId) throws IOException, FormatException {
        if (!isCsv(c)) {
            return new Payload(c.path(), c.originalName());
        }
        Converter csv = converter.get();
        if (csv == null) {
            return null;
        }
        Path target = converted(documentId);
        String base = c.originalName().substring(0, c.originalName().length() - 4);
        if (Files.isRegularFile(target)) {
            return new Payload(target, base + ".xml");
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Map<String, String> options = new HashMap<>(settings.csvOptions());
        options.put("fileName", c.originalName());
        try (InputStream in = Files.newInputStream(c.path()); OutputStream out = Files.newOutputStream(tmp)) {
            csv.convert(in, out, options);
        } catch (FormatException | IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Payload(target, base + ".xml");
    }

    /** A refused CSV file's UBL is not kept. */
    void discard(long documentId) throws IOException {
        Files.deleteIfExists(converted(documentId));
    }

    /**
     * The UBL a sent CSV file became goes where the CSV went (sent/ or the archive), beside it, as {@code <name>.xml}
     * (or {@code <name>.ubl.xml} when that name is taken); the engine's copy is removed.
     */
    void keepBeside(long documentId, Path landed) throws IOException {
        Path ubl = converted(documentId);
        if (!Files.exists(ubl)) {
            return;
        }
        if (landed != null) {
            String name = landed.getFileName().toString();
            String base = name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
            Path beside = landed.resolveSibling(base + ".xml");
            if (Files.exists(beside)) {
                beside = landed.resolveSibling(base + ".ubl.xml");
            }
            Path tmp = landed.resolveSibling("." + beside.getFileName() + ".tmp");
            Files.copy(ubl, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, beside, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.delete(ubl);
    }

    private Path converted(long documentId) {
        return folder.resolve(documentId + ".xml");
    }
}
