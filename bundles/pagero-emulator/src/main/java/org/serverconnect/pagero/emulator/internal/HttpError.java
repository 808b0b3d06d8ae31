package org.serverconnect.pagero.emulator.internal;

import java.util.Map;

/** A request that ends with an error status and a JSON body {@code {"error": ..., "message": ...}}. */
final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    final transient Map<String, String> headers;

    HttpError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    HttpError(int status, String code, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.headers = headers;
    }
}
