package org.serverconnect.api.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Recognises, describes and checks documents of one family of formats (service property {@link FormatId#KEY}).
 *
 * <p><b>Who calls it:</b> the engine, before sending a document ({@link #inspect}) and after receiving one. When
 * several adapters are registered, they are asked in the order of their service ranking; the first that recognises
 * the document describes and checks it.
 *
 * <p><b>Threads:</b> called concurrently from the runs of several accounts; implementations are stateless or
 * thread-safe. Each call reads only the given stream (never the network, never other files) and returns within a
 * time proportional to the document's size.
 *
 * <p><b>Streams:</b> the caller opens and closes every stream; an adapter reads as much as it needs and never closes
 * it.
 *
 * <p><b>Hostile input:</b> parsers are hardened (no DTDs, no external entities, limits on depth and sizes). A
 * document that cannot be read safely is answered with a {@link FormatException}, never with an out-of-memory error
 * or a hang.
 */
@ConsumerType
public interface FormatAdapter {

    /**
     * Tells whether this adapter recognises the document, reading only its beginning.
     *
     * @param in the document
     * @return its format if recognised, otherwise empty
     * @throws IOException if the stream could not be read
     */
    Optional<DocumentFormat> detect(InputStream in) throws IOException;

    /**
     * Reads the document's key fields.
     *
     * @param in the document
     * @return what the document says
     * @throws FormatException if the document is not of this family or cannot be read safely (final: the document
     *                         is refused)
     * @throws IOException     if the stream could not be read (worth retrying)
     */
    DocumentDescription describe(InputStream in) throws FormatException, IOException;

    /**
     * Checks the document against the rules of its format at the given depth.
     *
     * @param in    the document
     * @param level how thoroughly to check
     * @return the findings; a document with an error finding is refused
     * @throws IOException if the stream could not be read (worth retrying)
     */
    CheckResult check(InputStream in, CheckLevel level) throws IOException;

    /**
     * Recognises, describes and checks a document in one go: what the engine asks of every file it sends. An adapter
     * that can do all three in one reading of the file overrides this; the default reads the file once for each of
     * {@link #detect}, {@link #describe} and {@link #check} (a recognised document that cannot be described is not
     * checked: the problem is its refusal).
     *
     * @param file  the document
     * @param level how thoroughly to check
     * @return what it found
     * @throws IOException if the file could not be read (worth retrying)
     */
    default Inspection inspect(Path file, CheckLevel level) throws IOException {
        Optional<DocumentFormat> format;
        try (InputStream in = Files.newInputStream(file)) {
            format = detect(in);
        }
        DocumentDescription description = null;
        String problem = null;
        if (format.isPresent()) {
            try (InputStream in = Files.newInputStream(file)) {
                description = describe(in);
            } catch (FormatException e) {
                problem = e.getMessage();
            }
        }
        CheckResult check = CheckResult.passed();
        if (level != CheckLevel.NONE && problem == null) {
            try (InputStream in = Files.newInputStream(file)) {
                check = check(in, level);
            }
        }
        return new Inspection(format.orElse(null), description, problem, check);
    }
}
