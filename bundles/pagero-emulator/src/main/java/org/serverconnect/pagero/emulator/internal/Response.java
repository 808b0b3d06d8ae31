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
 */
record Response(int status, String contentType, byte[] body, Path file, Map<String, String> headers) {
}
