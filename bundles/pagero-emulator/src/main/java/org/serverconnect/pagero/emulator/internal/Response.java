package org.serverconnect.pagero.emulator.internal;

import java.nio.file.Path;
import java.util.Map;

/**
 * A request handler's answer. {@code file} is streamed instead of {@code body} when set.
 *
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type}, or null for none
 * @param body        the body, or null for none
 * @param file        a file whose bytes are the body, or null
 * @param headers     further headers
 * @param delivered   run when all but the last byte of the body are written, so before the client can have the
 *                    whole answer, and never when the answer is not sent (a fault); or null
 */
record Response(int status, String contentType, byte[] body, Path file, Map<String, String> headers,
        Runnable delivered) {

    Response(int status, String contentType, byte[] body, Path file, Map<String, String> headers) {
        this(status, contentType, body, file, headers, null);
    }
}
