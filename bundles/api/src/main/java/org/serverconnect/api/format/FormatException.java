package org.serverconnect.api.format;

/**
 * A document cannot be read as its format says, or cannot be read safely. Final: sending it again will not help.
 * The message says what is wrong in plain words, for the error folder, the log and the mail.
 */
public class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong
     * @param cause   the underlying exception, or {@code null}
     */
    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
