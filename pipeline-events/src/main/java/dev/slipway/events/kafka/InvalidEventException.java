package dev.slipway.events.kafka;

/** A record on a pipeline topic that is not a valid event: its message names what is wrong. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
