package org.serverconnect.api.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * A network call failed. The {@link #outcome()} is the decision the caller acts on; the message is the network's
 * reason in plain words and never contains a secret.
 */
public class TransportException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What a failure means for the caller. */
    public enum Outcome {
        /** Nothing happened on the network; try again later. */
        RETRY,
        /** The network refused; trying again will not help. */
        FINAL,
        /** The request may or may not have taken effect; reconcile before repeating it. */
        UNKNOWN
    }

    private final Outcome outcome;
    private final int httpStatus;
    private final Duration retryAfter;

    /**
     * @param outcome    what the caller does next
     * @param httpStatus the HTTP status the network answered, or 0 when there was no answer
     * @param retryAfter how long the network asked us to wait, or {@code null}
     * @param message    the reason in plain words
     * @param cause      the underlying exception, or {@code null}
     */
    public TransportException(Outcome outcome, int httpStatus, Duration retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /** @return what the caller does next */
    public Outcome outcome() {
        return outcome;
    }

    /** @return the HTTP status the network answered, or 0 when there was no answer */
    public int httpStatus() {
        return httpStatus;
    }

    /** @return how long the network asked us to wait before trying again, or {@code null} */
    public Duration retryAfter() {
        return retryAfter;
    }
}
