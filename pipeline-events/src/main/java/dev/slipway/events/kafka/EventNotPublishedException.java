package dev.slipway.events.kafka;

/** The broker did not acknowledge an event in time (it may be down): the event was not written. */
public class EventNotPublishedException extends RuntimeException {
    public EventNotPublishedException(String message, Throwable cause) {
        super(message, cause);
    }
}
