package dev.slipway.webhook.trigger;

/** A request names a plan, or a branch of one, that does not exist: answered 404. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
