package dev.slipway.status.dashboard.actions;

/** A call to another service that did not do what was asked; the message says why, for the person who asked. */
public abstract class ServiceCallException extends RuntimeException {
    ServiceCallException(String message) {
        super(message);
    }
}
