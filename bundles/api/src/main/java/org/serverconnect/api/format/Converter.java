package org.serverconnect.api.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns a document in a format the network does not take (for example CSV, service property
 * {@link FormatId#KEY} {@code = "csv"}) into one it does.
 *
 * <p><b>Threads:</b> called concurrently from several accounts' send runs; stateless or thread-safe. The caller
 * opens and closes both streams.
 */
@ConsumerType
public interface Converter {

    /**
     * Converts one document.
     *
     * @param in      the source document
     * @param out     where the converted document is written
     * @param options the account's settings for this converter (separator, decimal mark, ...), by key
     * @return the format of what was written
     * @throws FormatException if the source is not valid for this converter; the message says where and why (final)
     * @throws IOException     if a stream failed (worth retrying)
     */
    DocumentFormat convert(InputStream in, OutputStream out, Map<String, String> options)
            throws FormatException, IOException;
}
